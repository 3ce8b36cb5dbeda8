//go:build race

package cli

// raceOn is set when the tests run under the race detector, which runs a million-record
// test many times slower and in several times the memory.
const raceOn = true
