// Package cli is pkgctl's command line: cobra commands, one file per command, and the
// one place where errors become exit codes. Commands only wire: they parse flags and
// configuration (config), read the inputs (load.Read), make one call of the engine
// (replay, amortize, explain, kpi, forecast, check), and hand the result to present,
// which builds the document that report renders. Each command's long help and its
// examples are prose in help/NAME.txt, given to the commands by addHelp; the man pages
// are made from the same tree by internal/tools/man.
//
// Exit codes: 0 success (check: no difference), 1 check found differences, 2 bad input
// or usage (nothing written), 3 any other failure.
package cli
