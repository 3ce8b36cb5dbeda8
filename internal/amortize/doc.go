// Package amortize turns a replay ledger into amortization bill rows (rules.md §3).
//
// Model: every amortized package has an amortizable amount W = fee (at the currency
// precision) + the remainder moved in from the original it upgrades. W is spread over
// bill rows either linearly (one row per calendar day, by seconds of validity) or by
// usage (used rows per day and allocation, an unused row closing every period). Every
// split is a cumulative split of package exact (rules.md §3.2): row k =
// round(W×c_k) − round(W×c_{k−1}), half away from zero, on decimals (Splitter) or, when
// the numbers fit, on int64 coefficients (FixedSplitter, Share, Stepper).
//
// Invariants, for every result:
//   - once a package has ended (end ≤ as-of), its final rows sum exactly to
//     W − moved-out remainder − refund (Total.Amortizable == Total.Amortized);
//   - no used or unused row is negative; only refund rows are;
//   - provisional rows are never counted in totals;
//   - rows are sorted by (bill_date, package_id, used<unused<linear<refund,
//     period_start, enterprise_project, tags), and the output depends only on the
//     ledger's values, never on input order.
//
// Engine: packages are computed one at a time (in effective-time order) into compact
// rows; emit keeps the final ones; walk yields the Bills in order, walking the days and,
// each day, the packages by id, instead of sorting 256-byte Bills. Run holds them
// (Result.Bills); RunLazy, which the commands use, keeps what makes them, and Walk makes
// them again as often as asked (every reader goes through them in order: the listings,
// FOCUS, check, KPIs, --by), Tally counting and summing them without making them.
// Linear rows are not stored at all: their split runs on int64 coefficients (an
// exact.Stepper) and is replayed during the walk. Every int64 path falls back to the
// decimal one when a number does not fit, and TestFastPathsMatchDecimals checks both give
// the same rows, value and exponent alike.
// Days are int32 day numbers (calendar.go); a day's midnight and "YYYY-MM" are built
// once and shared by its rows, as are small amounts.
//
// FOCUS (focus*.go): a Result maps to FOCUS 1.2 rows, each package a commitment
// discount whose Usage rows' EffectiveCost sums to its Purchase rows' BilledCost once it
// has ended (moved remainders and refunds are Purchase rows of their own).
//
// The package is pure: no I/O and no clock; "now" arrives as Config.AsOf.
package amortize
