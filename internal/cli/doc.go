// Package cli is pkgctl's command line: cobra commands, one file per command, and the
// one place where errors become exit codes. Commands stay thin: they parse flags, load
// inputs, call a pure engine, and hand its result to the report layer.
//
// Exit codes: 0 success (check: no difference), 1 check found differences, 2 bad input
// or usage (nothing written), 3 any other failure.
package cli
