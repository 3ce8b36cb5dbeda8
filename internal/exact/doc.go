// Package exact owns pkgctl's exact numbers: how money and quantities are held, added,
// converted and split, never through float64.
//
// Types, from the outside in:
//   - decimal.Decimal (shopspring) is the value every package exchanges: inputs, bills,
//     totals, KPIs. decimal.NullDecimal is one that may be missing (a blank unit price).
//   - Amount is an exact decimal in one word, for the values held by the million
//     (records' quantities, the ledger's entries): coef·10^exp packed when it fits, else
//     the number of a decimal in a table (amount.go). Dec gives the decimal back, value
//     and exponent alike.
//   - Qty is the replay's working quantity: a 128-bit magnitude and an exponent, no
//     pointer, whose Add, Sub and Cmp give exactly what decimal.Decimal's do (qty.go,
//     u128.go).
//   - Sum and QtySum add many decimals in an int64 while they fit (fixed.go); Amounts
//     shares the decimals of small coefficients.
//
// Splitting a whole (rules.md §3.2) is one rule, cumulative rounding: the k-th row of
// total over cumulative shares c_k/d is round(total×c_k/d) − round(total×c_{k−1}/d), half
// away from zero, so the rows sum exactly to the rounded whole and each is within one
// unit of the last place of its exact share. Cumulative and Split apply it to a list;
// Splitter steps through it on decimals; FixedSplitter, Share and Stepper are the same
// rule on int64 coefficients for the hot paths (Stepper adds steps of one usual size, a
// day, without dividing, over a Span: a validity's nanoseconds in 128 bits), and fall
// back (ok false) when a number does not fit, so that the caller splits on decimals.
// Tests check every fast form against Splitter, value and exponent alike.
package exact
