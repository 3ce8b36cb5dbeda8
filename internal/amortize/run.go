package amortize

import (
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// engine holds what every package's amortization shares.
type engine struct {
	l       *replay.Ledger
	cfg     Config
	loc     *time.Location
	asOf    time.Time // zero = everything final
	asOfDay time.Time // the day of the last instant before asOf
}

// draft is a computed row and the instant it depends on: final only once dep ≤ as-of.
type draft struct {
	b   Bill
	dep time.Time
}

// pkgOut is one package's computed rows.
type pkgOut struct {
	rows []draft
	prov []Bill          // provisional unused rows of the current cycle
	rem  decimal.Decimal // remainder not booked (moves to the upgrade)
}

// Run amortizes every package of the ledger (SPEC §3). Packages are processed in order
// of (effective_time, package_id), so an upgrade always sees its original's remainder.
// A package without a fee is skipped with a warning. Only rows dated up to the as-of day
// whose period or package end is ≤ cfg.AsOf are final; provisional rows are added for the
// current cycle of usage-based packages.
func Run(l *replay.Ledger, cfg Config) (*Result, error) {
	e := newEngine(l, cfg)
	res := &Result{loc: e.loc, prec: cfg.Precision, asOf: cfg.AsOf}
	moved := map[string]decimal.Decimal{}
	movedDep := map[string]time.Time{}
	for _, i := range e.order() {
		ps := &l.Packages[i]
		p := ps.Pkg
		if !p.Fee.Valid {
			res.Warnings = append(res.Warnings, fmt.Sprintf("package %q has no fee: not amortized", p.ID))
			continue
		}
		w := p.Fee.Decimal.Round(cfg.Precision).Add(moved[p.ID])
		method := Method(p, cfg)
		to := e.receiver(ps)
		out, err := e.amortize(ps, method, w, to == "")
		if err != nil {
			return nil, err
		}
		if to != "" {
			moved[to] = moved[to].Add(out.rem)
			movedDep[to] = ps.End
		}
		refund := e.refund(ps, method, &out, res)
		tot := e.emit(ps, method, out, movedDep[p.ID], res)
		tot.Amortizable = w
		if tot.Ended {
			tot.Amortizable = w.Sub(out.rem).Sub(refund)
		}
		res.Totals = append(res.Totals, tot)
	}
	sortBills(res.Bills)
	sort.Slice(res.Totals, func(i, j int) bool { return res.Totals[i].PackageID < res.Totals[j].PackageID })
	sort.Strings(res.Warnings)
	return res, nil
}

func newEngine(l *replay.Ledger, cfg Config) *engine {
	loc := cfg.Location
	if loc == nil {
		loc = l.Options.Location
	}
	if loc == nil {
		loc = time.UTC
	}
	e := &engine{l: l, cfg: cfg, loc: loc, asOf: cfg.AsOf}
	if !e.asOf.IsZero() {
		e.asOfDay = e.dayBefore(e.asOf)
	}
	return e
}

// order lists package indices by (effective_time, package_id): an upgrade takes effect
// strictly after its original, so originals come first, chains included.
func (e *engine) order() []int {
	idx := make([]int, len(e.l.Packages))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := e.l.Packages[idx[a]].Pkg, e.l.Packages[idx[b]].Pkg
		if !x.Effective.Equal(y.Effective) {
			return x.Effective.Before(y.Effective)
		}
		return x.ID < y.ID
	})
	return idx
}

// receiver is the id of the upgrade that takes this package's remainder, or "" when the
// package keeps it (not upgraded, or the upgrade is not amortized for want of a fee).
func (e *engine) receiver(ps *replay.PackageState) string {
	if ps.EndCause != replay.EndUpgraded || ps.UpgradedBy == "" {
		return ""
	}
	j := e.l.Package(ps.UpgradedBy)
	if j < 0 || !e.l.Packages[j].Pkg.Fee.Valid {
		return ""
	}
	return ps.UpgradedBy
}

func (e *engine) amortize(ps *replay.PackageState, m model.Method, w decimal.Decimal, keep bool) (pkgOut, error) {
	if m == model.MethodUsage {
		return e.usage(ps, w, keep)
	}
	return e.linear(ps, w, keep), nil
}

// emit appends the package's final and provisional rows to res and returns its total.
// wDep is the end of the original whose remainder this package received (zero if none).
func (e *engine) emit(ps *replay.PackageState, m model.Method, out pkgOut, wDep time.Time, res *Result) Total {
	tot := Total{PackageID: ps.Pkg.ID, Method: m, Currency: ps.Pkg.Currency, Ended: e.ended(ps.End)}
	for _, d := range out.rows {
		if !e.final(d.b.Date, d.dep) || !e.ended(wDep) {
			continue
		}
		res.Bills = append(res.Bills, d.b)
		tot.Amortized = tot.Amortized.Add(d.b.Amount)
	}
	for _, b := range out.prov {
		if e.ended(wDep) {
			res.Bills = append(res.Bills, b)
		}
	}
	return tot
}

// refund adds the Refund-unsubscription row of a destroyed package and returns the refund.
func (e *engine) refund(ps *replay.PackageState, m model.Method, out *pkgOut, res *Result) decimal.Decimal {
	p := ps.Pkg
	if !p.Refund.Valid || !p.Refund.Decimal.IsPositive() {
		return decimal.Zero
	}
	if ps.EndCause != replay.EndDestroyed {
		res.Warnings = append(res.Warnings, fmt.Sprintf("package %q: refund ignored: not destroyed before its end", p.ID))
		return decimal.Zero
	}
	r := p.Refund.Decimal.Round(e.cfg.Precision)
	b := e.bill(ps, m, model.BillRefund, e.lastDay(ps), r.Neg())
	out.rows = append(out.rows, draft{b: b, dep: ps.End})
	return r
}

// ended reports whether the instant t is ≤ as-of (always true without an as-of).
func (e *engine) ended(t time.Time) bool {
	return e.asOf.IsZero() || !t.After(e.asOf)
}

// final reports whether a row dated date that depends on dep is final as of as-of.
func (e *engine) final(date, dep time.Time) bool {
	return e.asOf.IsZero() || (!date.After(e.asOfDay) && !dep.After(e.asOf))
}
