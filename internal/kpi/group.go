package kpi

import (
	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// names interns the values of one key: texts that compare equal (model.Norm, or exactly
// for months, package ids and tags) share an id. The first spelling met among the
// packages (pkgID, in package order) is shown, else the first among the records (id, in
// replay order), whichever are met first: records replayed in parts are added before the
// packages are, and show what a replay in memory shows.
type names struct {
	exact bool
	model.Interner
	byPkg []bool // by id: the text shown is a package's
}

func newNames(exact bool) *names { return &names{exact: exact} }

func (n *names) id(s string) int32 {
	if n.exact {
		return n.ID(s)
	}
	return n.IDOf(model.Norm(s), s)
}

// pkgID is id for a package's value.
func (n *names) pkgID(s string) int32 {
	id := n.id(s)
	if n.exact {
		return id
	}
	for int(id) >= len(n.byPkg) {
		n.byPkg = append(n.byPkg, false)
	}
	if !n.byPkg[id] {
		n.Texts[id], n.byPkg[id] = s, true
	}
	return id
}

// unitInfo is what a unit as written converts to: its canonical form (two spellings of
// one unit share it) and its family's reference unit, with the conversion there.
type unitInfo struct {
	raw, canon string
	ref        int32 // id of the reference unit in units
	conv       value.Conversion
}

// units caches unitInfo per unit as written.
type units struct {
	by   map[string]*unitInfo
	refs *names
}

func newUnits() *units { return &units{by: map[string]*unitInfo{}, refs: newNames(true)} }

func (u *units) of(raw string) *unitInfo {
	if ui, ok := u.by[raw]; ok {
		return ui
	}
	ui := &unitInfo{raw: raw, canon: model.Norm(raw)}
	if ref, ok := value.ReferenceUnit(raw); ok {
		if pu, err := value.ParseUnit(raw); err == nil {
			ui.canon = pu.String()
		}
		ui.conv, _ = value.NewConversion(raw, ref) // every unit converts to its reference
		ui.ref = u.refs.id(ref)
	} else {
		ui.ref = u.refs.id(ui.canon)
	}
	u.by[raw] = ui
	return ui
}

// gkey identifies a row: the key values' ids, the reference unit, the currency.
type gkey struct {
	k    [MaxKeys]int32
	unit int32
	cur  int32
}

// qsum sums one quantity of a row twice: as written while every contribution is in one
// unit, and converted to the reference unit.
type qsum struct{ raw, ref exact.QtySum }

// acc accumulates one row.
type acc struct {
	key      gkey
	first    *unitInfo // the unit of the first contribution: a package's first (pkgUnit), else a record's
	firstPkg bool      // first is a package's
	mixed    bool      // contributions in more than one unit: quantities are in the reference
	lastPkg  int       // the package last counted (packages are met one after the other)

	packages, periods, amortized int
	capacity, used               qsum
	usedAmt, unusedAmt           exact.QtySum

	records, priced int
	usage, deducted qsum
	value, covered  exact.QtySum
}

// unit notes that a record's contribution is in unit ui.
func (a *acc) unit(ui *unitInfo) {
	switch {
	case a.first == nil:
		a.first = ui
	case ui != a.first && ui.canon != a.first.canon:
		a.mixed = true
	}
}

// pkgUnit notes that a package's contribution is in unit ui: the first package's unit
// is shown before any record's (as names shows spellings).
func (a *acc) pkgUnit(ui *unitInfo) {
	a.unit(ui)
	if !a.firstPkg {
		a.first, a.firstPkg = ui, true
	}
}

// add adds q, in unit ui (noted with unit), to s.
func (a *acc) add(s *qsum, q decimal.Decimal, ui *unitInfo) {
	s.raw.Add(q)
	s.ref.Add(ui.conv.Apply(q))
}

// addAmount is add for a ledger amount.
func (a *acc) addAmount(s *qsum, q exact.Amount, ui *unitInfo) {
	if ui.conv.Identity() {
		s.raw.AddAmount(q)
		s.ref.AddAmount(q)
		return
	}
	a.add(s, q.Dec(), ui)
}

// qty is the row's value of s, in the row's unit.
func (a *acc) qty(s *qsum) decimal.Decimal {
	if a.mixed {
		return s.ref.Value()
	}
	return s.raw.Value()
}

// table is the rows of one listing, by key.
type table struct {
	idx  map[gkey]int
	rows []*acc
}

func newTable() *table { return &table{idx: map[gkey]int{}} }

func (t *table) get(k gkey) *acc {
	if i, ok := t.idx[k]; ok {
		return t.rows[i]
	}
	a := &acc{key: k, lastPkg: -1}
	t.idx[k] = len(t.rows)
	t.rows = append(t.rows, a)
	return a
}
