//go:build !linux

package mem

func advise(b []byte) {}
