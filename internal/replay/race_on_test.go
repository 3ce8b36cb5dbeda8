//go:build race

package replay

// raceScale divides the random scenarios of the slow property tests under the race
// detector (ten times slower): the race detector looks for shared memory, which fewer
// scenarios exercise as well.
const raceScale = 4
