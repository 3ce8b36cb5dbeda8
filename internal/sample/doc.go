// Package sample holds the embedded sample inputs, built from the worked examples
// of the rules (docs/rules.md §5), and writes them out as CSV and XLSX so users see
// the expected format.
package sample
