//go:build !race

package replay

// raceScale: see race_on_test.go.
const raceScale = 1
