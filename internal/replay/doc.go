// Package replay replays usage records against resource packages exactly as the cloud
// would (docs/rules.md §2): validity cuts, reset periods, matching, deduction
// order and capacity.
// It returns a Ledger from which every report (overview, why, amortization, check) is
// derived without replaying again.
//
// Invariants, for every ledger:
//   - per replayed record, Quantity = Deducted + PayPerUse (record's unit);
//   - per package period, the sum of its entries' Quantity ≤ capacity;
//   - per level window, Covered ≤ capacity;
//   - the ledger depends only on the input values, not on their order.
//
// The package is pure: no I/O, no clock; "now" arrives as Options.AsOf.
package replay
