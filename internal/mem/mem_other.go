//go:build !linux

package mem

func advise(b []byte) {}

func release(b []byte) bool { return false }
