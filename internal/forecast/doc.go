// Package forecast projects every active usage package from its recent burn rate to its
// end: when it runs out (and what then spills into pay-per-use, at the records' prices)
// or how much of it will go unused (and the money of it), with a one-line
// recommendation, and alert rules for CI (docs/rules.md §4.5 and rules.md §4.6).
//
// Model: the demand of a package on a day is what it deducted that day plus the
// pay-per-use parts of records it could have deducted had it had capacity left (each
// given to the first eligible active package in the deduction order). The burn rate is
// the mean daily demand over the whole days of the window before as-of, each day
// counted at most at the upper quartile of the days with demand (a winsorized mean). Each
// remaining period (the current one from what it used so far, later ones from nothing)
// is projected at that rate to its end: use above capacity spills, capacity above use
// goes unused and is valued at the period's share of the amortizable amount, as
// amortization would book it.
//
// Invariants, for every forecast:
//   - Projected + Unused + Carried = Offered;
//   - Spill > 0 exactly when some remaining period is projected to run out, and then
//     Exhaustion is set;
//   - AtStake = Waste + SpillCost (those that are valid); the listing is ordered by
//     currency, AtStake (most first), package id.
//
// The package is pure: no I/O and no clock; as-of arrives in Options.
package forecast
