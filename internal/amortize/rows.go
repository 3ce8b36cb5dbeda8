package amortize

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
)

// row is a bill row before it becomes a Bill: only what differs between the rows of one
// package (the rest comes from the package when the Bill is built).
type row struct {
	amt    exact.Amount
	qty    exact.Amount // the Quantity when hasQty
	day    day
	per    int32 // index into the package's Periods; -1 = the validity
	use    int32 // index into its plan's uses (project and tags of a used row); -1 = the package's
	pkg    int32 // ledger index of the package, set when emitted
	typ    uint8 // model.BillType
	hasQty bool
	prov   bool
}

// draft is a computed row and the instant it depends on: final only once dep ≤ as-of.
type draft struct {
	r   row
	dep time.Time
}

// useInfo is the enterprise project and tags of a used row; key is the tags' String().
type useInfo struct {
	project string
	tags    model.Tags
	key     string
}

// plan is what place needs of a package: its method, its stored rows, the uses its rows
// point into (a chunk of its part's), its linear rows to generate (lin, nil when stored)
// and n, the number of its bills.
type plan struct {
	rows []row
	uses []useInfo
	n    int
	m    model.Method
	lin  *linRun
}

// rowChunk and useChunk are how many rows and uses a part's chunks of them hold (about
// 1 MB each): they are filled one after the other instead of one array grown by doubling,
// which would copy everything made so far at each doubling, into memory not touched yet.
// (Variables: tests make them tiny.)
var (
	rowChunk = 1 << 14
	useChunk = 1 << 14
)

// newRow is a row of the validity with the package's own project and tags.
func newRow(t model.BillType, d day, amt decimal.Decimal) row {
	return row{amt: exact.AmountOf(amt), day: d, per: -1, use: -1, typ: uint8(t)}
}

// emit keeps the package's final rows (and its provisional ones) and returns its total.
// The rows go to the part's current chunk of rows, a new one when they do not fit: a
// chunk is never moved, so a plan's rows stay where they are.
// run is its linear split when not stored. wDep is the end of the original whose
// remainder this package received (zero if none): until it has ended, the package shows
// no row at all.
func (e *engine) emit(i int, m model.Method, run *linRun, wDep time.Time) Total {
	ps := &e.l.Packages[i]
	tot := Total{PackageID: ps.Pkg.ID, Method: m, Currency: ps.Pkg.Currency, Ended: e.ended(ps.End)}
	sum := exact.NewSum(-e.cfg.Precision)
	pl := plan{m: m, uses: e.uses}
	if need := len(e.buf) + len(e.prov); cap(e.rows)-len(e.rows) < need {
		e.rows = make([]row, 0, max(rowChunk, need))
	}
	lo := len(e.rows)
	if e.ended(wDep) {
		if run != nil && run.count > 0 {
			pl.lin, pl.n = run, run.count
			sum.Add(run.sum.Value())
		}
		for k := range e.buf {
			d := &e.buf[k]
			if !e.final(d.r.day, d.dep) {
				continue
			}
			d.r.pkg = int32(i)
			e.rows = append(e.rows, d.r)
			sum.AddAmount(d.r.amt)
		}
		for _, r := range e.prov {
			r.pkg = int32(i)
			e.rows = append(e.rows, r)
		}
	}
	pl.rows = e.rows[lo:len(e.rows):len(e.rows)]
	pl.n += len(pl.rows)
	e.plans[i] = pl
	tot.Amortized = sum.Value()
	return tot
}

// ended reports whether the instant t is ≤ as-of (always true without an as-of).
func (e *engine) ended(t time.Time) bool {
	return e.asOf.IsZero() || !t.After(e.asOf)
}

// final reports whether a row of day d that depends on dep is final as of as-of.
func (e *engine) final(d day, dep time.Time) bool {
	return e.asOf.IsZero() || (d <= e.asOfDay && !dep.After(e.asOf))
}

// template is the fields of package i's bills that come from the package, its bill
// method among them.
func (e *engine) template(i int) Bill {
	ps := &e.l.Packages[i]
	p := ps.Pkg
	return Bill{PackageID: p.ID, Product: p.Product, Method: e.plans[i].m, Currency: p.Currency,
		Unit: p.Unit, PeriodStart: p.Effective, PeriodEnd: ps.End,
		EnterpriseProject: p.EnterpriseProject, Tags: p.Tags}
}

// bill fills the zero Bill b with row r of the package whose template is t and whose
// rows' uses are uses (field by field: b is fresh memory), its date from cal; with
// decimals unset, b's Amount and Quantity.Decimal are left zero (the caller takes them
// from r as they are: Window.AtExact).
func (e *engine) bill(b *Bill, cal *calendar, t *Bill, r *row, uses []useInfo, decimals bool) {
	typ := model.BillType(r.typ)
	b.Date, b.BillingCycle = cal.dayOf(r.day)
	b.PackageID, b.Product, b.Currency = t.PackageID, t.Product, t.Currency
	b.Type, b.Method = typ, rowMethod(t.Method, typ)
	b.Provisional = r.prov
	if decimals {
		b.Amount = r.amt.Dec()
	}
	if r.per >= 0 {
		per := &e.l.Packages[r.pkg].Periods[r.per]
		b.PeriodStart, b.PeriodEnd = per.Start, per.End
	} else {
		b.PeriodStart, b.PeriodEnd = t.PeriodStart, t.PeriodEnd
	}
	if r.hasQty {
		b.Quantity.Valid, b.Unit = true, t.Unit
		if decimals {
			b.Quantity.Decimal = r.qty.Dec()
		}
	}
	if r.use >= 0 {
		u := &uses[r.use]
		b.EnterpriseProject, b.Tags = u.project, u.tags
	} else {
		b.EnterpriseProject, b.Tags = t.EnterpriseProject, t.Tags
	}
}

// rowMethod is the method shown on a row of a package amortized with m: a refund row
// shows m, the others the method that computed them.
func rowMethod(m model.Method, t model.BillType) model.Method {
	switch {
	case t == model.BillRefund:
		return m
	case m == model.MethodUsage:
		return model.MethodUsage
	}
	return model.MethodLinear
}

// periodStart is the start of row r's period (the effective time for the validity).
func (e *engine) periodStart(i int, r *row) time.Time {
	ps := &e.l.Packages[i]
	if r.per >= 0 {
		return ps.Periods[r.per].Start
	}
	return ps.Pkg.Effective
}
