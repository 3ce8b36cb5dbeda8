// Package value parses the cell values of pkgctl's input files (rules.md §1.5): timestamps,
// decimals, quantities with units, unit conversions, enums, tag sets and lists; and
// it knows the currency codes of ISO 4217 (ISO4217).
//
// Every parser is pure: it reads only its arguments (a string and, for times, the
// configured zone) and returns a value or an error that quotes the bad input. Errors are
// plain (no file or column); the loader adds the location.
//
// Invariants:
//   - every time returned is in the zone passed in (t.Location() == loc);
//   - a decimal never goes through float64; a parsed decimal has at most 18 integer digits;
//   - a unit conversion multiplies by an exact rational ratio and, when the result is not
//     exact, rounds half away from zero to 18 decimal places;
//   - enum parsing is case-insensitive and ignores spaces, '_' and '-'.
package value
