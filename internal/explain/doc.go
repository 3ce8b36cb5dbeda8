// Package explain answers "why was this usage not deducted?" (rules.md §2.6) from a replayed
// ledger, without replaying again.
//
// Model: the packages of a selected record's product are ranked in the closest-package
// order (replay.Nearness: fewest failing checks, then the latest first failing
// check, then validity end, effective time, order time, id). An explanation lists in
// full, with every failing check, the packages the record was deducted from and the
// few closest others (Explainer's candidates, 3 by default, or all); the rest are
// counted by their first failing check. The record's primary reason is the first
// failing check of its closest package; a record with no package of its product gets
// NO_PACKAGE_FOR_PRODUCT. A suggestion is added where one helps, and a summary groups
// the records by (primary reason, unit, currency), accumulated as records are
// explained (Tally).
//
// Invariants, for every explanation and summary:
//   - a record has a primary reason exactly when it has a pay-per-use part, and it is
//     the first failing check of the first listed package (whatever the candidates);
//   - per record, Quantity = Deducted + PayPerUse and the deductions sum to Deducted;
//   - the listed packages and the counted others are every package of the product,
//     each once; every package deducted from is listed;
//   - per summary row, Records and Quantity are the count and the pay-per-use sum of the
//     listed records with that (reason, unit, currency);
//   - the result depends only on the ledger, the selection and the candidates (records
//     in replay order, packages closest first, summary in code, unit, currency order).
//
// The package is pure: no I/O beyond the io.Writer given to WriteText, no clock.
package explain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pkgctl/pkgctl/internal/replay"
)

// Codes are the reason codes of rules.md §2.6, in their order. EXPIRED, DESTROYED and SUPERSEDED
// are one check (which event ended the validity) and share a place in that order.
var Codes = []string{
	replay.CodeBillingItem,
	replay.CodeSpecification,
	replay.CodeRegion,
	replay.CodeEnterpriseProject,
	replay.CodeUnit,
	replay.CodeNotYetEffective,
	replay.CodeExpired,
	replay.CodeDestroyed,
	replay.CodeSuperseded,
	replay.CodeCrossesResetPeriod,
	replay.CodeExhausted,
	replay.CodeNoPackage,
}

// ParseCode returns the reason code named by s (case-insensitive, surrounding spaces
// ignored), or an error listing the valid codes.
func ParseCode(s string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if slices.Contains(Codes, c) {
		return c, nil
	}
	return "", fmt.Errorf("unknown reason code %q (want one of %s)", s, strings.Join(Codes, ", "))
}

// codeOrder is the place of a code in Codes, for sorting the summary; "" sorts last.
func codeOrder(code string) int {
	if i := slices.Index(Codes, code); i >= 0 {
		return i
	}
	return len(Codes)
}
