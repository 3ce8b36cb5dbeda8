// Package present turns what the engine computed into the documents pkgctl prints: one
// function per command's output (Deduct, Bills, Groups, Focus, Why, Overview, KPI,
// Forecast, Projection, Check, Validate) builds a report.Document from a ledger or a
// result, and report renders it in any format.
//
// A document decides the columns, their kinds and order, the JSON object of
// rules.md §4.1 and the text a person reads; it computes nothing the rules define (that
// is replay, amortize, explain, kpi, forecast and check) and reads no flag (Settings
// carries the zone, the money precision and the terminal width). Long listings are
// made row by row as they are written (Table.N/Row, Stream, streamed JSON arrays), so a
// document over a million-record ledger holds no more than the ledger.
package present
