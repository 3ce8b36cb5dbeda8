// Package reference is a test oracle: pkgctl's rules (docs/rules.md) written a second time,
// deliberately naively, so that the differential test can compare every command's output
// with an independent reading of the rules.
//
// Slow by design. It walks plain slices of time.Time and decimal.Decimal with nested
// loops: every record against every package, every day of a validity one by one, every
// reset boundary computed from its anchor. Nothing is cached, packed or parallel, and it
// shares no code with the engine (internal/replay, internal/amortize, internal/explain,
// internal/check, internal/report, internal/value): only the input model (internal/model)
// and the loader that fills it (internal/load, used by the tests). Each function names the
// heading of docs/rules.md whose rule it implements.
//
// The model: Run replays the records of an Input against its packages as of Config.AsOf
// (Ledger), and derives from that ledger the overview, the "why" records, the
// amortization bills and totals; Check compares an exported bill with those bills.
// Results hold exact values (decimal.Decimal, time.Time in Config.Loc); the tests format
// them the way the JSON output does.
//
// Only tests import this package. Inputs are small (a handful of packages, tens of
// records); on large inputs it is quadratic and slow.
//
// Generate is the companion generator: a pure function of a seed that writes a random
// but valid packages/usage export pair as CSV, with the as-of instants worth looking at.
package reference
