// Package kpi derives the FinOps indicators of an account from its replay ledger and
// amortization: utilization (how much of the prepaid capacity was used) and coverage
// (how much of the usage packages covered), grouped by billing cycle, product, region,
// enterprise project, package or tag (docs/rules.md §4.4).
//
// Model: utilization counts settled periods — reset periods (or whole validities) that
// ended by as-of — each in the billing cycle of its last instant: capacity and used
// from the ledger's periods (a level package in capacity-hours), and for
// usage-amortized packages the final used and unused bill rows of the period. Coverage
// counts every replayed record in the cycle of its deduction: its quantity, what
// packages deducted of it, and, where it has a unit price, the value of each ledger
// entry at that price. A row holds one unit family (in one unit, or converted to the
// family's reference unit when units are mixed) and one currency.
//
// Invariants, for every result:
//   - per row, Used ≤ Capacity for usage packages and Deducted ≤ Usage, CoveredValue ≤
//     UsageValue: coverage never exceeds 100%;
//   - for a usage-amortized package that has ended, grouped by package, Capacity −
//     Used is the unused quantity of its final bills, and UsedAmount and UnusedAmount
//     are the amounts of its used and unused rows;
//   - the rows depend only on the ledger's and the bills' values; ordered by key values,
//     unit and currency.
//
// The package is pure: no I/O and no clock; as-of arrives in Options.
package kpi
