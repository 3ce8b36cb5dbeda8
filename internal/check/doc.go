// Package check compares an exported amortization bill with the bills pkgctl computes
// (rules.md §4.3), and the exported status, used and remaining capacity of the
// packages file with the replay's overview.
//
// Model: both sides are summed to the key columns the export has — (package_id,
// bill_date, bill_type), plus enterprise_project when the export has that column — and
// each key is compared: a key on one side only is MISSING_IN_EXPORT or
// UNEXPECTED_IN_EXPORT; amounts (and quantities, when the export has any) that differ by
// more than the tolerance are AMOUNT_DIFFERS / QUANTITY_DIFFERS. Per ended package the
// exported rows must sum to the amortizable amount, within the tolerance too
// (TOTAL_NOT_FEE).
// Exported status/used/remaining columns give STATUS_DIFFERS, USED_DIFFERS and
// REMAINING_DIFFERS. Provisional expected rows are compared like final ones: a console
// shows the current cycle's unused-so-far row too.
//
// The export is summed as it is read, a row at a time (Export.Add): what is kept is one
// sum per key and per package, in words and numbered texts, never the rows; the expected
// bills are then walked into the same sums (Run).
//
// Invariants, for every result:
//   - a difference exactly equal to the tolerance passes; only a larger one is reported;
//   - differences are sorted by (package_id, bill_date, bill_type, enterprise_project,
//     code), package-level ones (empty bill_date) first within a package;
//   - every difference belongs to exactly one PackageResult, and a package passes iff it
//     has none; the output depends only on the values compared, never on input order.
//
// The package is pure: no I/O besides the io.Writer given to WriteJUnit, and no clock.
package check
