package check

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// totals checks rules.md §3.5's invariant on the export: an ended package's exported rows sum to
// its amortizable amount, within the tolerance like every comparison. A package with no
// exported row is skipped: its rows are already MISSING_IN_EXPORT.
// The sums are bills's (comparer.exportSum), which runs first.
func (c *comparer) totals(totals []amortize.Total) []Difference {
	var out []Difference
	for _, t := range totals {
		i, ok := c.ids.of[t.PackageID]
		if !t.Ended || !ok || int(i) >= len(c.exportRows) || c.exportRows[i] == 0 {
			continue
		}
		sum := c.exportSum[i].Dec()
		if !c.beyond(sum, t.Amortizable) {
			continue
		}
		out = append(out, Difference{Code: CodeTotalNotFee, PackageID: t.PackageID,
			Expected: c.money(t.Amortizable), Actual: c.money(sum),
			Message: fmt.Sprintf("the exported rows sum to %s, not to the ended package's amortizable amount %s %s (off by %s, tolerance %s)",
				c.money(sum), c.money(t.Amortizable), t.Currency, c.money(sum.Sub(t.Amortizable)), c.opt.Tolerance)})
	}
	return out
}

// packages compares the packages file's exported status, used and remaining (where
// present) with the replay's overview. used/remaining use the tolerance, in the
// package's unit; statuses compare by their canonical name (see CanonicalStatus).
func (c *comparer) packages(overview []replay.OverviewRow, pkgs []model.Package) []Difference {
	rows := make(map[string]*replay.OverviewRow, len(overview))
	for i := range overview {
		rows[overview[i].PackageID] = &overview[i]
	}
	var out []Difference
	for i := range pkgs {
		p := &pkgs[i]
		r := rows[p.ID]
		if r == nil {
			continue
		}
		if d, ok := c.quantity(CodeUsedDiffers, "used", p, p.Used, r.Used); ok {
			out = append(out, d)
		}
		if d, ok := c.quantity(CodeRemainDiffers, "remaining", p, p.Remaining, r.Remaining); ok {
			out = append(out, d)
		}
		if p.Status == "" {
			continue
		}
		if canon, known := CanonicalStatus(p.Status); canon != r.Status {
			msg := fmt.Sprintf("exported status %q differs from the replayed %s", p.Status, r.Status)
			if known && canon != p.Status {
				msg = fmt.Sprintf("exported status %q (%s) differs from the replayed %s", p.Status, canon, r.Status)
			} else if !known {
				msg += " (not a status pkgctl knows)"
			}
			out = append(out, Difference{Code: CodeStatusDiffers, PackageID: p.ID,
				Expected: r.Status, Actual: p.Status, Message: msg})
		}
	}
	return out
}

func (c *comparer) quantity(code, name string, p *model.Package, got decimal.NullDecimal, want decimal.Decimal) (Difference, bool) {
	if !got.Valid || !c.beyond(want, got.Decimal) {
		return Difference{}, false
	}
	return Difference{Code: code, PackageID: p.ID, Expected: want.String(), Actual: got.Decimal.String(),
		Message: fmt.Sprintf("exported %s %s %s differs from the replayed %s %s by %s (tolerance %s)",
			name, got.Decimal, p.Unit, want, p.Unit, got.Decimal.Sub(want), c.opt.Tolerance)}, true
}
