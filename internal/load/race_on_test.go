//go:build race

package load

// raceOn is set when the tests run under the race detector, which allocates on its own
// and runs the memory tests many times slower.
const raceOn = true
