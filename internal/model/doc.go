// Package model holds pkgctl's domain values: resource packages, usage records and
// exported bill rows, as loaded from a console export.
//
// Every amount and quantity is a decimal.Decimal (a record's quantity an Amount); every
// instant is a time.Time in the configured zone (a record keeps its three as Stamps and
// gives them back in RecordAttrs.Loc, which loaders set to it; UTC without one). An
// optional value is a decimal.NullDecimal or a zero time.Time.
// Expiration is always the exclusive end instant (a date-only "2024-12-31" is already
// 2025-01-01 00:00:00 here). Values are as written; comparisons go through Norm.
package model
