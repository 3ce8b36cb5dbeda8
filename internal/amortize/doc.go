// Package amortize turns a replay ledger into amortization bill rows (SPEC §3).
//
// Model: every amortized package has an amortizable amount W = fee (at the currency
// precision) + the remainder moved in from the original it upgrades. W is spread over
// bill rows either linearly (one row per calendar day, by seconds of validity) or by
// usage (used rows per day and allocation, an unused row closing every period). Every
// split goes through one cumulative-rounding function (Cumulative): row k =
// round(W×c_k) − round(W×c_{k−1}), half away from zero.
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
// The package is pure: no I/O and no clock; "now" arrives as Config.AsOf.
package amortize
