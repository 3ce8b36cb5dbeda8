package explain

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/replay"
)

// WriteText writes a short human explanation of one record, fit to paste into a ticket:
// the record's values, its outcome, what was deducted from where, the listed packages
// of the product with their failing checks (closest first) and a count of the others,
// the primary reason and the suggestion. Times print in
// the ledger's zone, costs with the ledger's precision.
func WriteText(w io.Writer, l *replay.Ledger, e *Explanation) error {
	var b strings.Builder
	r := e.Rec
	fmt.Fprintf(&b, "Record %s: %s\n", oneLine(r.ID), strings.ReplaceAll(e.Outcome, "_", " "))
	field := func(name, v string) {
		if strings.TrimSpace(v) == "" {
			v = "-"
		}
		fmt.Fprintf(&b, "  %-19s %s\n", name, oneLine(v))
	}
	field("product", r.Product)
	field("billing item", r.BillingItem)
	field("specification", r.Specification)
	field("region", r.Region)
	field("enterprise project", r.EnterpriseProject)
	field("resource", r.ResourceID)
	field("consumption", fmtTime(l, r.Start())+" → "+fmtTime(l, r.End()))
	field("deducted at", fmtTime(l, r.Deduct()))
	field("quantity", qty(r.Quantity.Dec(), r.Unit))
	field("deducted", qty(e.Deducted.Dec(), r.Unit))
	ppu := qty(e.PayPerUse.Dec(), r.Unit)
	if e.Cost.Valid {
		ppu += fmt.Sprintf(" (%s %s)", e.Cost.Decimal.StringFixed(l.Options.Precision), r.Currency)
	}
	field("pay-per-use", ppu)

	b.WriteString("\nDeducted from:\n")
	if len(e.Deductions) == 0 {
		b.WriteString("  nothing\n")
	}
	for _, d := range e.Deductions {
		fmt.Fprintf(&b, "  %s  %s\n", oneLine(d.PackageID), oneLine(qty(d.Quantity.Dec(), r.Unit)))
	}
	writePackages(&b, e)
	if e.Primary.Code == "" {
		b.WriteString("\nPrimary reason: none (fully deducted)\n")
	} else {
		fmt.Fprintf(&b, "\nPrimary reason: %s: %s\n", e.Primary.Code, oneLine(e.Primary.Message))
	}
	if e.Suggestion != "" {
		fmt.Fprintf(&b, "Suggestion: %s\n", oneLine(e.Suggestion))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// oneLine is s with its tabs and line breaks as spaces, as a table prints a cell
// (rules.md §4.1): a value from an export never starts a line of the explanation.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\t\r\n") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
}

// writePackages lists the listed packages of the product with their failing checks,
// then counts the others.
func writePackages(b *strings.Builder, e *Explanation) {
	fmt.Fprintf(b, "\nPackages of product %s:\n", oneLine(e.Rec.Product))
	if len(e.Packages) == 0 && len(e.Others) == 0 {
		b.WriteString("  none\n")
	}
	for _, pc := range e.Packages {
		mark := ""
		if pc.PackageID == e.Primary.PackageID {
			mark = " (closest)"
		}
		fmt.Fprintf(b, "  %s%s\n", oneLine(pc.PackageID), mark)
		if len(pc.Failures) == 0 {
			b.WriteString("    no failing check\n")
		}
		for _, f := range pc.Failures {
			fmt.Fprintf(b, "    %s: %s\n", f.Code, oneLine(f.Message))
		}
	}
	if len(e.Others) > 0 {
		fmt.Fprintf(b, "  %s\n", oneLine(OthersText(e)))
	}
}

// checkWords says what failing each check first means, for people.
var checkWords = map[string]string{
	replay.CodeBillingItem:        "billing item not deductible",
	replay.CodeSpecification:      "specification differs",
	replay.CodeRegion:             "region differs",
	replay.CodeEnterpriseProject:  "enterprise project differs",
	replay.CodeUnit:               "unit does not convert",
	replay.CodeNotYetEffective:    "not yet effective",
	replay.CodeExpired:            "expired",
	replay.CodeDestroyed:          "destroyed",
	replay.CodeSuperseded:         "superseded",
	replay.CodeCrossesResetPeriod: "consumption crosses a reset",
	replay.CodeExhausted:          "ran out",
	"":                            "could deduct it",
}

// CheckWords says in words what a package whose first failing check is code has
// against the record: "region differs", "expired"; for "" (no failing check), "could
// deduct it".
func CheckWords(code string) string {
	if w, ok := checkWords[code]; ok {
		return w
	}
	return strings.ToLower(code)
}

// OthersText counts the packages not listed, by first failing check: "1,131 other
// packages of product LTS: 1,020 region differs, 111 expired" ("" when none).
func OthersText(e *Explanation) string {
	if len(e.Others) == 0 {
		return ""
	}
	parts := make([]string, len(e.Others))
	for i, o := range e.Others {
		parts[i] = Thousands(o.Packages) + " " + CheckWords(o.Code)
	}
	noun := "packages"
	if n := e.OtherPackages(); n == 1 {
		noun = "package"
	}
	return fmt.Sprintf("%s other %s of product %s: %s", Thousands(e.OtherPackages()), noun, e.Rec.Product,
		strings.Join(parts, ", "))
}

// Thousands prints n with a comma between groups of three digits: 1,131.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// ShortMessage is the one-line reason of a record for listings: the closest package and
// its first failing check ("" when fully deducted).
func ShortMessage(e *Explanation) string {
	if e.Primary.PackageID == "" {
		return e.Primary.Message
	}
	return e.Primary.PackageID + ": " + e.Primary.Message
}

func qty(q decimal.Decimal, unit string) string { return q.String() + " " + unit }
