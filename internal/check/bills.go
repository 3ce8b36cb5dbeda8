package check

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// key is what both sides are summed to: the export's key columns.
type key struct {
	pkg     string
	day     int32 // the bill date as yyyymmdd: sorts as the date
	typ     model.BillType
	project string // model.Norm form; always "" when the export has no project column
}

// group is the sum of one side's rows with one key.
type group struct {
	date    time.Time
	project string // as written (first row)
	amount  decimal.Decimal
	qty     decimal.NullDecimal // in the package's unit; invalid when no row has one
	unit    string
	badUnit string // an exported unit that does not convert to the package's
}

func (g *group) addQty(q decimal.Decimal) {
	g.qty = decimal.NullDecimal{Decimal: g.qty.Decimal.Add(q), Valid: true}
}

// bills sums both sides and compares them key by key.
func (c *comparer) bills(expected iter.Seq[*amortize.Bill], n int, exported []model.BillRow) []Difference {
	byProject, withQty := false, false
	for _, r := range exported {
		byProject = byProject || r.HasProject
		withQty = withQty || r.HasQuantity || r.Quantity.Valid
	}
	// One entry per key with both sides' sums: the keys are met once each, in one map.
	idx := make(map[key]int32, n)
	sums := make([]sides, 0, n+n/8)
	side := func(k key, date time.Time, project string, actual bool) *group {
		i, ok := idx[k]
		if !ok {
			i = int32(len(sums))
			idx[k] = i
			sums = append(sums, sides{k: k})
		}
		s := &sums[i]
		g, has := &s.e, &s.hasE
		if actual {
			g, has = &s.a, &s.hasA
		}
		if !*has {
			*has = true
			g.date, g.project = date, project
		}
		return g
	}
	c.billed = map[string]string{}
	last := ""
	for b := range expected {
		if b.PackageID != last { // a package's bills of a day are together
			c.billed[b.PackageID], last = b.Product, b.PackageID
		}
		g := side(c.keyOf(b.PackageID, b.Date, b.Type, b.EnterpriseProject, byProject), b.Date, b.EnterpriseProject, false)
		g.amount = g.amount.Add(b.Amount)
		g.unit = b.Unit
		if b.Quantity.Valid {
			g.addQty(b.Quantity.Decimal)
		}
	}
	for i := range exported {
		r := &exported[i]
		g := side(c.keyOf(r.PackageID, r.Date, r.BillType, r.EnterpriseProject, byProject), r.Date, r.EnterpriseProject, true)
		g.amount = g.amount.Add(r.Amount)
		c.addExportedQty(g, r)
	}
	idx = nil
	var out []Difference
	for _, i := range sortedSides(sums) {
		s := &sums[i]
		k, e, a := s.k, &s.e, &s.a
		switch {
		case !s.hasA:
			out = append(out, c.diff(CodeMissing, k, e, c.money(e.amount), "",
				fmt.Sprintf("pkgctl computes %s%s, the export has no such row", c.money(e.amount), qtyNote(e))))
		case !s.hasE:
			out = append(out, c.diff(CodeUnexpected, k, a, "", c.money(a.amount), c.unexpectedMsg(k, a)))
		default:
			out = append(out, c.compareGroup(k, e, a, withQty)...)
		}
	}
	return out
}

// sides is one key's sums: expected (pkgctl's bills) and actual (the export's rows).
type sides struct {
	k          key
	e, a       group
	hasE, hasA bool
}

func (c *comparer) keyOf(pkg string, date time.Time, t model.BillType, project string, byProject bool) key {
	y, m, d := date.Date()
	k := key{pkg: pkg, day: int32(y*10000 + int(m)*100 + d), typ: t}
	if byProject {
		k.project = model.Norm(project)
	}
	return k
}

// addExportedQty adds an exported row's quantity, converted to the package's unit.
func (c *comparer) addExportedQty(g *group, r *model.BillRow) {
	if !r.Quantity.Valid {
		return
	}
	p := c.pkgs[r.PackageID]
	if p == nil || r.Unit == "" || value.SameUnit(r.Unit, p.Unit) {
		g.unit = r.Unit
		if p != nil {
			g.unit = p.Unit
		}
		g.addQty(r.Quantity.Decimal)
		return
	}
	conv, ok := value.NewConversion(r.Unit, p.Unit)
	if !ok {
		g.badUnit = r.Unit
		return
	}
	g.unit = p.Unit
	g.addQty(conv.Apply(r.Quantity.Decimal))
}

// compareGroup compares the amount, and the quantity when the export has quantities
// and pkgctl computes one for the key (linear and refund rows have none).
func (c *comparer) compareGroup(k key, e, a *group, withQty bool) []Difference {
	var out []Difference
	if c.beyond(e.amount, a.amount) {
		out = append(out, c.diff(CodeAmount, k, e, c.money(e.amount), c.money(a.amount),
			fmt.Sprintf("amount %s differs from the expected %s by %s (tolerance %s)",
				c.money(a.amount), c.money(e.amount), c.money(a.amount.Sub(e.amount)), c.opt.Tolerance)))
	}
	if !withQty || !e.qty.Valid {
		return out
	}
	want := e.qty.Decimal.String()
	switch {
	case a.badUnit != "":
		out = append(out, c.diff(CodeQuantity, k, e, want, "",
			fmt.Sprintf("exported unit %q does not convert to the package's unit %q", a.badUnit, e.unit)))
	case !a.qty.Valid:
		out = append(out, c.diff(CodeQuantity, k, e, want, "",
			fmt.Sprintf("quantity is blank, expected %s %s", want, e.unit)))
	case c.beyond(e.qty.Decimal, a.qty.Decimal):
		got := a.qty.Decimal.String()
		out = append(out, c.diff(CodeQuantity, k, e, want, got,
			fmt.Sprintf("quantity %s %s differs from the expected %s %s by %s (tolerance %s)",
				got, e.unit, want, e.unit, a.qty.Decimal.Sub(e.qty.Decimal), c.opt.Tolerance)))
	}
	return out
}

func (c *comparer) unexpectedMsg(k key, a *group) string {
	if c.pkgs[k.pkg] == nil {
		return fmt.Sprintf("the export has %s for package %q, which is not in the packages file", c.money(a.amount), k.pkg)
	}
	return fmt.Sprintf("the export has %s%s, pkgctl computes no such row", c.money(a.amount), qtyNote(a))
}

func qtyNote(g *group) string {
	if !g.qty.Valid {
		return ""
	}
	return strings.TrimRight(fmt.Sprintf(" (%s %s", g.qty.Decimal, g.unit), " ") + ")"
}

// diff builds a bill-level difference; a project key is named in the message.
func (c *comparer) diff(code string, k key, g *group, expected, actual, msg string) Difference {
	d := Difference{Code: code, PackageID: k.pkg, BillDate: g.date, BillType: k.typ.String(),
		Expected: expected, Actual: actual, Message: msg}
	if k.project != "" {
		d.EnterpriseProject = g.project
		d.Message = fmt.Sprintf("enterprise_project %q: %s", g.project, msg)
	}
	return d
}

// sortedSides is the indexes of ss ordered by package, date, bill type, then project.
func sortedSides(ss []sides) []int32 {
	order := make([]int32, len(ss))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int {
		x, y := &ss[i].k, &ss[j].k
		if c := strings.Compare(x.pkg, y.pkg); c != 0 {
			return c
		}
		if c := cmp.Compare(x.day, y.day); c != 0 {
			return c
		}
		if c := cmp.Compare(x.typ.SortRank(), y.typ.SortRank()); c != 0 {
			return c
		}
		if c := cmp.Compare(x.typ, y.typ); c != 0 {
			return c
		}
		return strings.Compare(x.project, y.project)
	})
	return order
}
