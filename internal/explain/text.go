package explain

import (
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/replay"
)

// WriteText writes a short human explanation of one record, fit to paste into a ticket:
// the record's values, its outcome, what was deducted from where, every package of the
// product with its failing checks, the primary reason and the suggestion. Times print in
// the ledger's zone, costs with the ledger's precision.
func WriteText(w io.Writer, l *replay.Ledger, e *Explanation) error {
	var b strings.Builder
	r := e.Rec
	fmt.Fprintf(&b, "Record %s: %s\n", r.ID, strings.ReplaceAll(e.Outcome, "_", " "))
	field := func(name, v string) {
		if strings.TrimSpace(v) == "" {
			v = "-"
		}
		fmt.Fprintf(&b, "  %-19s %s\n", name, v)
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
	field("deducted", qty(e.Deducted, r.Unit))
	ppu := qty(e.PayPerUse, r.Unit)
	if e.Cost.Valid {
		ppu += fmt.Sprintf(" (%s %s)", e.Cost.Decimal.StringFixed(l.Options.Precision), r.Currency)
	}
	field("pay-per-use", ppu)

	b.WriteString("\nDeducted from:\n")
	if len(e.Deductions) == 0 {
		b.WriteString("  nothing\n")
	}
	for _, d := range e.Deductions {
		fmt.Fprintf(&b, "  %s  %s\n", d.PackageID, qty(d.Quantity, r.Unit))
	}
	writePackages(&b, e)
	if e.Primary.Code == "" {
		b.WriteString("\nPrimary reason: none (fully deducted)\n")
	} else {
		fmt.Fprintf(&b, "\nPrimary reason: %s: %s\n", e.Primary.Code, e.Primary.Message)
	}
	if e.Suggestion != "" {
		fmt.Fprintf(&b, "Suggestion: %s\n", e.Suggestion)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writePackages lists every package of the product with its failing checks.
func writePackages(b *strings.Builder, e *Explanation) {
	fmt.Fprintf(b, "\nPackages of product %s:\n", e.Rec.Product)
	if len(e.Packages) == 0 {
		b.WriteString("  none\n")
	}
	for _, pc := range e.Packages {
		mark := ""
		if pc.PackageID == e.Primary.PackageID {
			mark = " (closest)"
		}
		fmt.Fprintf(b, "  %s%s\n", pc.PackageID, mark)
		if len(pc.Failures) == 0 {
			b.WriteString("    no failing check\n")
		}
		for _, f := range pc.Failures {
			fmt.Fprintf(b, "    %s: %s\n", f.Code, f.Message)
		}
	}
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
