// Package focuscheck checks a FOCUS 1.2 cost-and-usage dataset against the
// requirements of the specification that can be checked from the data alone: column
// presence and names, data types and formats, nulls, allowed values, period relations
// and the cost relations of commitment discounts.
//
// Model: a Dataset is a header and rows of nullable text values in the FOCUS text forms
// (a CSV file as written; a Parquet file with its values printed the same way, and its
// column types kept). Requirements is the list of checks, each with an id and a one-line
// paraphrase; Check runs them all and returns one Result per requirement: met, violated
// (with examples) or not applicable (nothing in the data it applies to).
//
// The package is independent of how pkgctl builds its FOCUS rows: its column lists and
// allowed values are transcribed from the specification's column definitions.
package focuscheck
