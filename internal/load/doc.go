// Package load reads console exports (CSV or XLSX) into pkgctl's domain values:
// packages (model.Package), usage records (model.Record) and exported bill rows
// (model.BillRow), as rules.md §1 describes.
//
// The model: a file is a table. CSV is UTF-8 (BOM dropped), UTF-16 with a BOM, or
// GB18030 when its first MiB is not valid UTF-8, nor mostly so (charset.go; a warning
// says so); its delimiter (',', ';' or tab) is the one with which a header row is
// found; its lines end with LF, CRLF, or a lone CR when its first line does
// (crlines.go). XLSX is read from the first sheet with a header row, streamed; numeric
// cells of timestamp columns whose number format is a date format become
// "2006-01-02 15:04:05" (or "2006-01-02", or "15:04" for a time-only format)
// text, so every timestamp goes through the same value parsers. The header row is the
// first of the first 20 rows whose cells map (through the aliases of schema.go and
// columns_packages.go, plus the user's) to every required column of the kind. Each later
// row becomes one value, or one or more located Problems.
//
// Invariants:
//   - every problem of a file is reported, sorted by line, each as
//     `FILE:LINE: column "NAME": message` with NAME the canonical column: the first 50
//     listed, the others counted (only those 50 are held, however many rows are bad);
//   - without SkipInvalid a file with any problem yields no values and an Errors error;
//     with SkipInvalid every dropped row is in Report.Rejected, and values + rejected =
//     Report.Rows: nothing is dropped silently;
//   - rows whose cells are all blank are skipped (neither values nor problems);
//   - a CSV row with more fields than its header, an extra one not blank, is a problem
//     of the row (csvrows.go), and so is a row holding text that did not decode (a byte
//     that is not UTF-8 in a UTF-8 file, U+FFFD from a decoder): no value of a split
//     or garbled row is kept;
//   - values are as written (trimmed); comparisons are the consumers' business (model.Norm).
//
// Errors of the input (Errors) are distinct from I/O failures (plain errors). A Problem
// is Fatal when it stops the whole file (no header; a damaged, oversized or bomb-like
// file): SkipInvalid cannot set it aside, and its Hint says what to do.
//
// Hostile input is bounded (limits.go): no CSV record, XLSX cell or shared string longer
// than Limits.RowSize is held; an XLSX archive's declared part sizes, their total and
// their compression ratios are checked before anything is inflated, and every part is
// read through a counter. XLSX sheets and shared strings are streamed with encoding/xml
// (xlsx_sheet.go), so an XML error anywhere is a located Fatal problem, never a shorter
// table; the styles part is read once, with encoding/xml too, into each style's kind of
// number format (xlsx_styles.go), and a sheet's part is looked up by its relationship's
// Id: both take time linear in the parts they read. A control
// character other than tab or a line break in a mapped cell is a problem of its row.
//
// Reading large usage CSV: after the header, the decoded text is cut into chunks
// (about 1 MiB) at newlines where encoding/csv starts a new record (outside quotes;
// stream.go), each chunk is parsed on some CPU (usage_par.go) — split on the
// delimiter when it has no quote at all, else by encoding/csv — and the chunks are
// merged in file order, the duplicate record_id check running over the whole file
// (usage_merge.go). Records, lines, problems and rejected rows are exactly those of
// reading row by row (TestUsageChunksMatchRowByRow). Few-valued strings are interned
// and parsed values cached per reader (cache.go); no value keeps a pointer into the
// reused chunk buffers; the records are written straight into the result while the
// size estimated from the start of the file holds them.
package load
