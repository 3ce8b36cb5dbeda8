// Package explain answers "why was this usage not deducted?" (SPEC §2.6) from a replayed
// ledger, without replaying again.
//
// Model: for each selected replayed record, every package of the record's product is
// diagnosed (replay.Ledger.Diagnose: every failing check, in §2.6 order). The record's
// primary reason is the first failing check of its closest package; a record with no
// package of its product gets NO_PACKAGE_FOR_PRODUCT. A suggestion is added where one
// helps, and a summary groups the records by (primary reason, unit, currency).
//
// Invariants, for every Result:
//   - a record has a primary reason exactly when it has a pay-per-use part;
//   - per record, Quantity = Deducted + PayPerUse and the deductions sum to Deducted;
//   - per summary row, Records and Quantity are the count and the pay-per-use sum of the
//     listed records with that (reason, unit, currency);
//   - the result depends only on the ledger and the selection (records in replay order,
//     packages in id order, summary in code, unit, currency order).
//
// The package is pure: no I/O beyond the io.Writer given to WriteText, no clock.
package explain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pkgctl/pkgctl/internal/replay"
)

// Codes are the reason codes of §2.6, in their order. EXPIRED, DESTROYED and SUPERSEDED
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

// checkRank is the place of a code among the checks of §2.6 (higher = later); unknown
// codes rank first.
func checkRank(code string) int {
	switch code {
	case replay.CodeDestroyed, replay.CodeSuperseded:
		code = replay.CodeExpired
	}
	return slices.Index(Codes, code)
}

// codeOrder is the place of a code in Codes, for sorting the summary; "" sorts last.
func codeOrder(code string) int {
	if i := slices.Index(Codes, code); i >= 0 {
		return i
	}
	return len(Codes)
}

// attributeCode reports whether code is a failed attribute check (not a time or
// capacity check): the package could never deduct such a record.
func attributeCode(code string) bool {
	return checkRank(code) >= 0 && checkRank(code) < checkRank(replay.CodeNotYetEffective)
}
