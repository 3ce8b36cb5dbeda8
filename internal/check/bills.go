package check

import (
	"cmp"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/par"
	"github.com/pkgctl/pkgctl/internal/value"
)

// key is what both sides are summed to: the export's key columns, as numbers.
type key struct {
	pkg     int32 // the package id's number (comparer.ids)
	day     int32 // the bill date as yyyymmdd: sorts as the date
	project int32 // the model.Norm form's number (comparer.projects); 0, "", when the export has no project column
	typ     model.BillType
}

// group is the sum of one side's rows with one key. The sums are exact decimals, value
// and exponent as decimal.Decimal's Add gives them, in a word each, and texts are numbers
// (comparer.texts): the keys are about as many as the export's rows.
type group struct {
	amount  exact.Amount
	qty     exact.Amount // in the package's unit; meaningful when a row has one (sides.qtyE, qtyA)
	project int32        // as written (first row)
	unit    int32
	// The currency of the first row that has one (texts; 0: none), and, of the
	// export's, another of a later row (0: none).
	cur, otherCur int32
}

// plus is a + b, with the exponent decimal.Decimal's Add gives.
func plus(a, b exact.Amount) exact.Amount {
	return exact.QtyOfAmount(a).Add(exact.QtyOfAmount(b)).Amount()
}

// Export is an exported bill summed for a check a row at a time (Add): per key its
// amount and quantity, per package its rows' sum and number, never the rows. Run
// compares it with the bills pkgctl computes.
type Export struct {
	c    *comparer
	full bool // Options.MaxBytes reached
}

// Full reports whether the export holds more than Options.MaxBytes: then it is not
// summed whole, and cannot be compared.
func (x *Export) Full() bool { return x.full }

// Keys is the number of keys the export has (so far, when Full).
func (x *Export) Keys() int { return int(x.c.sums.n) }

// Held is about what the export's sums take, at most: keyBytes a key, and packageBytes
// for each package (its sums and its array of days), the packages file's too.
func (x *Export) Held() int64 {
	return int64(x.c.sums.n)*keyBytes + int64(len(x.c.ids.list))*packageBytes
}

// What a key and a package of an export take at most (an export of 3M rows, each of a
// package of its own: 2.29 GB; the 1M sample's bills, 1.67M keys of 10,000 packages:
// about 110 bytes a key), and what a bill pkgctl computes adds (a linear package to
// 9999 missing from an export: 2.9M keys, 0.90 GB).
const (
	keyBytes     = 128
	packageBytes = 640
	BillBytes    = 300
)

// NewExport starts summing an export of the packages pkgs for a check over the window w
// (an open one compares every row); rows is an estimate of its rows (0: unknown).
func NewExport(pkgs []model.Package, w Window, opt Options, rows int) *Export {
	c := newComparer(pkgs, opt)
	c.window = w
	c.idx = newKeyIndex(rows)
	return &Export{c: c}
}

// maxHint bounds the room made for an estimated number of rows.
const maxHint = 1 << 22

// Add sums one exported row (rows are added in file order: the warnings follow it). A
// row dated outside the window is only counted. The rows of one export agree on
// HasProject (the loader sets it for the file).
func (x *Export) Add(r *model.BillRow) {
	c := x.c
	if !c.window.Holds(r.Date) {
		c.outside++
		return
	}
	if c.opt.MaxBytes > 0 && x.Held() >= c.opt.MaxBytes {
		x.full = true // refused (Full): the rest is not summed
		return
	}
	c.rows++
	c.byProject = c.byProject || r.HasProject
	c.withQty = c.withQty || r.HasQuantity || r.Quantity.Valid
	if r.PackageID != c.lastRow || c.rows == 1 {
		c.lastRow, c.lastRowPkg = r.PackageID, c.id(r.PackageID)
		for int(c.lastRowPkg) >= len(c.exportRows) {
			c.exportSum, c.exportRows = append(c.exportSum, exact.Amount{}), append(c.exportRows, 0)
		}
	}
	pkg, amount := c.lastRowPkg, c.atPrecision(r)
	c.exportSum[pkg] = plus(c.exportSum[pkg], amount)
	c.exportRows[pkg]++
	project := int32(0)
	if r.HasProject { // a row of an export without the column has no project ("")
		project = c.projectOf(r.EnterpriseProject)
	}
	s, g := c.side(c.keyOf(pkg, r.Date, r.BillType, project), r.Date, r.EnterpriseProject, true)
	g.amount = plus(g.amount, amount)
	p, currency := c.pkgAt(pkg), r.Currency
	if currency == "" && p != nil {
		currency = p.Currency // a blank currency is the package's (rules.md §4.3)
	}
	if currency != "" {
		switch cur := c.texts.num(currency); {
		case g.cur == 0:
			g.cur = cur
		case cur != g.cur && !strings.EqualFold(currency, c.texts.list[g.cur]):
			g.otherCur = cur
		}
	}
	c.addExportedQty(s, g, p, r)
}

// side returns the sums of key k and of one of its sides; project and date are the
// side's project as written and bill date, kept from its first row (the date only when
// it is not the midnight the key's day gives: dates).
func (c *comparer) side(k key, date time.Time, project string, actual bool) (*sides, *group) {
	i, ok := c.idx.get(k, &c.sums)
	if !ok {
		i = c.sums.add(sides{k: k})
		c.idx.put(k, i)
	}
	s := c.sums.at(i)
	g, has := &s.e, &s.hasE
	if actual {
		g, has = &s.a, &s.hasA
	}
	if !*has {
		*has = true
		g.project = c.texts.num(project)
		if date.IsZero() || date != c.midnight(k.day) {
			if c.dates == nil {
				c.dates = map[sideOf]time.Time{}
			}
			c.dates[sideOf{i, actual}] = date
		}
	}
	return s, g
}

// sideOf names one side of the sums numbered i.
type sideOf struct {
	i      int32
	actual bool
}

// dateOf is the bill date of one side of the sums s, numbered i. It only reads: bills
// has put the midnights of the differences' days in c.days.
func (c *comparer) dateOf(i int32, s *sides, actual bool) time.Time {
	if d, ok := c.dates[sideOf{i, actual}]; ok {
		return d
	}
	if d, ok := c.days.get(s.k.day); ok {
		return d
	}
	return c.midnightOf(s.k.day)
}

// midnights holds the midnights of the days of the differences found, by day number
// (dayNumber) in an array over the days they span: 8 bytes a day of the span, at most
// 29 MB (years 1…9999), where a map of the days held about 110 bytes a day (a linear
// package valid to 9999 missing from an export: 2.9M days, 316 MB).
type midnights struct {
	first int32   // the day number of at[0]
	at    []int64 // the midnight's unix seconds; noMidnight for a day without a difference
	loc   *time.Location
}

const noMidnight = math.MinInt64

// newMidnights puts the midnight of every bill day of found in place.
func (c *comparer) newMidnights(found []finding) midnights {
	m := midnights{loc: c.loc}
	if m.loc == nil {
		m.loc = time.UTC
	}
	lo, hi := int32(math.MaxInt32), int32(math.MinInt32)
	for _, f := range found {
		if dn, ok := dayNumber(c.sums.at(f.i).k.day); ok {
			lo, hi = min(lo, dn), max(hi, dn)
		}
	}
	if lo > hi {
		return m
	}
	m.first, m.at = lo, make([]int64, hi-lo+1)
	for i := range m.at {
		m.at[i] = noMidnight
	}
	for _, f := range found {
		day := c.sums.at(f.i).k.day
		if dn, ok := dayNumber(day); ok && m.at[dn-lo] == noMidnight {
			m.at[dn-lo] = c.midnightOf(day).Unix()
		}
	}
	return m
}

// get is the midnight of day (yyyymmdd), when it is a day of a difference.
func (m *midnights) get(day int32) (time.Time, bool) {
	dn, ok := dayNumber(day)
	if !ok || dn < m.first || int(dn-m.first) >= len(m.at) || m.at[dn-m.first] == noMidnight {
		return time.Time{}, false
	}
	return time.Unix(m.at[dn-m.first], 0).In(m.loc), true
}

// finding is a difference as found, what its texts are made of: the sums numbered i, for
// a bill-level code, or c.pkgLevel's difference numbered i (foundPackage).
type finding struct {
	i    int32
	code foundCode
}

type foundCode uint8

const (
	foundMissing foundCode = iota
	foundUnexpected
	foundAmount
	foundQuantity
	foundPackage
)

// bills sums the expected bills to the keys of the export, summed already, and compares
// them key by key: the differences found, in the order of sortedSides.
func (c *comparer) bills(expected iter.Seq2[*amortize.Bill, amortize.Exact]) []finding {
	c.sumExpected(expected)
	c.idx = keyIndex{}
	order := c.sortedSides()
	var found []finding
	for j, i := range order {
		if j+sidesAhead < len(order) { // read by package, the sums lie in the export's order (by date): each far from the last
			next := c.sums.at(order[j+sidesAhead])
			mem.PrefetchOf(next)
			mem.PrefetchOf(&next.hasE)
		}
		s := c.sums.at(i)
		switch {
		case !s.hasA:
			found = append(found, finding{i, foundMissing})
		case !s.hasE:
			found = append(found, finding{i, foundUnexpected})
		default:
			if c.currencyNote(&s.e, &s.a) != "" || c.beyondExact(s.e.amount, s.a.amount) { // a note only when currencies differ: rare
				found = append(found, finding{i, foundAmount})
			}
			if c.withQty && s.qtyE && (s.badUnit != 0 || !s.qtyA || c.beyondExact(s.e.qty, s.a.qty)) {
				found = append(found, finding{i, foundQuantity})
			}
		}
	}
	c.days = c.newMidnights(found)
	return found
}

// packageOf is the package id of the difference found f.
func (c *comparer) packageOf(f finding) string {
	if f.code == foundPackage {
		return c.pkgLevel[f.i].PackageID
	}
	return c.ids.list[c.sums.at(f.i).k.pkg]
}

// difference makes the difference found f; without full, only what orders it (its
// code, package, date, type and project). It only reads c: Result.Difference calls it
// from several goroutines.
func (c *comparer) difference(f finding, full bool) Difference {
	if f.code == foundPackage {
		return c.pkgLevel[f.i]
	}
	s := c.sums.at(f.i)
	e, a := &s.e, &s.a
	var d Difference
	switch f.code {
	case foundMissing:
		d = c.head(CodeMissing, f.i, s, false)
		if full {
			d.Expected = c.money(e.amount.Dec())
			d.Message = fmt.Sprintf("pkgctl computes %s%s, the export has no such row", d.Expected, c.qtyNote(e, s.qtyE))
		}
	case foundUnexpected:
		d = c.head(CodeUnexpected, f.i, s, true)
		if full {
			d.Actual = c.money(a.amount.Dec())
			d.Message = c.unexpectedMsg(s.k, a, s.qtyA)
		}
	case foundAmount:
		d = c.head(CodeAmount, f.i, s, false)
		if full {
			ea, aa := e.amount.Dec(), a.amount.Dec()
			d.Expected, d.Actual = c.money(ea), c.money(aa)
			if d.Message = c.currencyNote(e, a); d.Message == "" {
				d.Message = fmt.Sprintf("amount %s differs from the expected %s by %s (tolerance %s)",
					d.Actual, d.Expected, c.money(aa.Sub(ea)), c.opt.Tolerance)
			}
		}
	case foundQuantity:
		d = c.head(CodeQuantity, f.i, s, false)
		if full {
			want, unit := e.qty.String(), c.texts.list[e.unit]
			d.Expected = want
			switch {
			case s.badUnit != 0:
				d.Message = fmt.Sprintf("exported unit %q does not convert to the package's unit %q", c.texts.list[s.badUnit], unit)
			case !s.qtyA:
				d.Message = fmt.Sprintf("quantity is blank, expected %s %s", want, unit)
			default:
				d.Actual = a.qty.String()
				d.Message = fmt.Sprintf("quantity %s %s differs from the expected %s %s by %s (tolerance %s)",
					d.Actual, unit, want, unit, a.qty.Dec().Sub(e.qty.Dec()), c.opt.Tolerance)
			}
		}
	}
	if full && s.k.project != 0 {
		d.Message = fmt.Sprintf("enterprise_project %q: %s", d.EnterpriseProject, d.Message)
	}
	return d
}

// head is the difference code of the sums s, numbered i, without its values and
// message: dated by its expected side, or by its actual one when actual (the side whose
// project, as written, it names when the key has one).
func (c *comparer) head(code string, i int32, s *sides, actual bool) Difference {
	d := Difference{Code: code, PackageID: c.ids.list[s.k.pkg], BillDate: c.dateOf(i, s, actual), BillType: s.k.typ.String()}
	if s.k.project != 0 {
		g := &s.e
		if actual {
			g = &s.a
		}
		d.EnterpriseProject = c.texts.list[g.project]
	}
	return d
}

// expectedBill is what summing one of pkgctl's bills reads of it: its texts (shared
// strings that are never rewritten), date and type, and its amount and quantity as
// exact amounts.
type expectedBill struct {
	pkg, product, project, unit, currency string
	date                                  time.Time
	amount, qty                           exact.Amount
	typ                                   model.BillType
	hasQty                                bool
}

// sumBatch is how many expected bills the walk hands the summing at a time.
const sumBatch = 1024

// sumExpected sums the expected bills to the keys of the export. The walk that makes
// them (and their exact amounts) and the summing are each about half of the work, and
// run on two goroutines, the bills handed over in batches: the summing's state is its
// goroutine's alone while the walk goes on.
func (c *comparer) sumExpected(expected iter.Seq2[*amortize.Bill, amortize.Exact]) {
	full, free, summed := make(chan []expectedBill, 2), make(chan []expectedBill, 3), make(chan struct{})
	for range cap(free) {
		free <- make([]expectedBill, 0, sumBatch)
	}
	var g par.Group
	g.Go(func() {
		defer close(summed)
		last, pkg := "", int32(-1)
		for batch := range full {
			for i := range batch {
				x := &batch[i]
				if x.pkg != last || pkg < 0 { // a package's bills of a day are together
					last, pkg = x.pkg, c.id(x.pkg)
					for int(pkg) >= len(c.billed) {
						c.billed = append(c.billed, "")
					}
					c.billed[pkg] = x.product
				}
				c.sumExpectedBill(pkg, x)
			}
			free <- batch[:0]
		}
	})
	defer g.Wait()    // raises the summing's panic, if any
	defer close(full) // first: the summing ends, also when the walk panics
	send := func(batch []expectedBill) bool {
		select {
		case full <- batch:
			return true
		case <-summed: // it panicked
			return false
		}
	}
	batch := <-free
	for b, ex := range expected {
		x := expectedBill{pkg: b.PackageID, product: b.Product, project: b.EnterpriseProject, unit: b.Unit,
			currency: b.Currency, date: b.Date, amount: ex.Amount, qty: ex.Quantity, typ: b.Type, hasQty: b.Quantity.Valid}
		if !ex.OK { // the amounts are the Bill's decimals
			x.amount = exact.AmountOf(b.Amount)
			if x.hasQty {
				x.qty = exact.AmountOf(b.Quantity.Decimal)
			}
		}
		if batch = append(batch, x); len(batch) < sumBatch {
			continue
		}
		if !send(batch) {
			return
		}
		select {
		case batch = <-free:
		case <-summed:
			return
		}
	}
	if len(batch) > 0 {
		send(batch)
	}
}

// sumExpectedBill adds x, an expected bill of package number pkg, to its key's sums.
func (c *comparer) sumExpectedBill(pkg int32, x *expectedBill) {
	project := int32(0)
	if c.byProject {
		project = c.projectOf(x.project)
	}
	s, g := c.side(c.keyOf(pkg, x.date, x.typ, project), x.date, x.project, false)
	g.amount = plus(g.amount, x.amount)
	g.unit = c.texts.num(x.unit)
	if g.cur == 0 {
		g.cur = c.texts.num(x.currency)
	}
	if x.hasQty {
		s.addQty(false, x.qty)
	}
}

// sides is one key's sums: expected (pkgctl's bills) and actual (the export's rows).
type sides struct {
	k          key
	e, a       group
	badUnit    int32 // an exported unit that does not convert to the package's (comparer.texts; 0: none)
	hasE, hasA bool  // a row of that side has the key
	qtyE, qtyA bool  // a row of that side has a quantity (outside group: 88 bytes a key, not 104)
}

// addQty adds q to the quantity of one side of s, the export's when actual.
func (s *sides) addQty(actual bool, q exact.Amount) {
	g, has := &s.e, &s.qtyE
	if actual {
		g, has = &s.a, &s.qtyA
	}
	g.qty, *has = plus(g.qty, q), true
}

// blocks holds values in blocks of a fixed size, which never move: the keys' sums, about
// as many as exported rows, whose number is known at the end only.
type blocks[T any] struct {
	all [][]T
	n   int32
	// huge: the blocks are cut from slabs of hugeBlocks made on huge pages
	// (mem.MakeHuge), for the sums (88 bytes a key, no pointer): made one by one, a
	// million keys' blocks were faulted in 4 KiB at a time, 26,000 faults at 1M records
	huge bool
	slab []T // what is left of the last slab
}

const (
	blockSize  = 1 << 12
	hugeBlocks = 8
)

// add appends v and returns its number.
func (b *blocks[T]) add(v T) int32 {
	if int(b.n)%blockSize == 0 {
		if !b.huge {
			b.all = append(b.all, make([]T, 0, blockSize))
		} else {
			if len(b.slab) == 0 {
				b.slab = mem.MakeHuge[T](hugeBlocks * blockSize)
			}
			b.all, b.slab = append(b.all, b.slab[:0:blockSize]), b.slab[blockSize:]
		}
	}
	last := &b.all[len(b.all)-1]
	*last = append(*last, v)
	b.n++
	return b.n - 1
}

// at is the value numbered i.
func (b *blocks[T]) at(i int32) *T { return &b.all[i/blockSize][i%blockSize] }

// numbers numbers strings in the order they are met. The strings are shared texts that
// never change (the packages', the bills', and the export's rows', which the loader
// interns): most are then found by identity (mem.StringMemo), not hashed.
type numbers struct {
	of   map[string]int32
	list []string
	last int32 // the number of the text asked last, when not found by identity
	seen *mem.StringMemo[int32]
}

// newNumbers numbers first, then the strings met, with a memo of 2^bits entries.
func newNumbers(bits uint8, first ...string) numbers {
	n := numbers{of: make(map[string]int32, len(first)), seen: mem.NewStringMemo[int32](bits)}
	for _, s := range first {
		n.num(s)
	}
	return n
}

// num is the number of s.
func (n *numbers) num(s string) int32 {
	if i, ok := n.seen.Get(s); ok {
		return i
	}
	i, ok := n.last, int(n.last) < len(n.list) && n.list[n.last] == s
	if !ok {
		if i, ok = n.of[s]; !ok {
			i = int32(len(n.list))
			n.of[s], n.list = i, append(n.list, s)
		}
	}
	n.seen.Put(s, i)
	n.last = i
	return i
}

// id is the number of a package id.
func (c *comparer) id(pkg string) int32 { return c.ids.num(pkg) }

// projectOf is the number of a project's model.Norm form; "" is 0.
func (c *comparer) projectOf(project string) int32 {
	if i, ok := c.projectSeen.Get(project); ok {
		return i
	}
	i, ok := c.projectIDs[project] // by the text as written: few of them
	if !ok {
		i = c.projects.num(model.Norm(project))
		c.projectIDs[project] = i
	}
	c.projectSeen.Put(project, i)
	return i
}

// keyOf is the key of a row; the first date seen (not the zero time) gives the location
// of the bill days.
func (c *comparer) keyOf(pkg int32, date time.Time, t model.BillType, project int32) key {
	if c.loc == nil && !date.IsZero() {
		c.loc = date.Location()
	}
	y, m, d := date.Date()
	return key{pkg: pkg, day: int32(y*10000 + int(m)*100 + d), typ: t, project: project}
}

// midnight is the midnight in c.loc that starts day (yyyymmdd, a year 1 or later; what an
// earlier one gives is no bill date, so that side keeps its own: side), remembered for
// the day last asked.
func (c *comparer) midnight(day int32) time.Time {
	if day != c.lastDay || c.lastMidnight.IsZero() {
		c.lastDay, c.lastMidnight = day, c.midnightOf(day)
	}
	return c.lastMidnight
}

// midnightOf is midnight without its memo.
func (c *comparer) midnightOf(day int32) time.Time {
	loc := c.loc
	if loc == nil {
		loc = time.UTC
	}
	return value.Wall(int(day/10000), time.Month(day/100%100), int(day%100), 0, 0, 0, 0, loc)
}

// addExportedQty adds an exported row's quantity to g, one side of s, converted to the
// unit of p, its package (nil when not in the packages file).
func (c *comparer) addExportedQty(s *sides, g *group, p *model.Package, r *model.BillRow) {
	if !r.Quantity.Valid {
		return
	}
	if p == nil || r.Unit == "" || value.SameUnit(r.Unit, p.Unit) {
		g.unit = c.texts.num(r.Unit)
		if p != nil {
			g.unit = c.texts.num(p.Unit)
		}
		s.addQty(true, exact.AmountOf(r.Quantity.Decimal))
		return
	}
	conv, ok := value.NewConversion(r.Unit, p.Unit)
	if !ok {
		s.badUnit = c.texts.num(r.Unit)
		return
	}
	g.unit = c.texts.num(p.Unit)
	s.addQty(true, exact.AmountOf(conv.Apply(r.Quantity.Decimal)))
}

// currencyNote says how the export's currency of a key (its side a) is not the one of
// pkgctl's bills (side e, the package's currency): "" when it is, or a side has none. An
// amount in another currency is another amount, however alike the numbers.
func (c *comparer) currencyNote(e, a *group) string {
	if e.cur == 0 || a.cur == 0 {
		return ""
	}
	got, want := c.texts.list[a.cur], c.texts.list[e.cur]
	if a.otherCur != 0 {
		return fmt.Sprintf("amount %s adds rows in %s and %s; the package is billed in %s",
			c.money(a.amount.Dec()), got, c.texts.list[a.otherCur], want)
	}
	if strings.EqualFold(got, want) {
		return ""
	}
	return fmt.Sprintf("amount %s is in %s; the package is billed in %s", c.money(a.amount.Dec()), got, want)
}

func (c *comparer) unexpectedMsg(k key, a *group, hasQty bool) string {
	if c.pkgAt(k.pkg) == nil {
		return fmt.Sprintf("the export has %s for package %q, which is not in the packages file", c.money(a.amount.Dec()), c.ids.list[k.pkg])
	}
	return fmt.Sprintf("the export has %s%s, pkgctl computes no such row", c.money(a.amount.Dec()), c.qtyNote(a, hasQty))
}

func (c *comparer) qtyNote(g *group, hasQty bool) string {
	if !hasQty {
		return ""
	}
	return strings.TrimRight(fmt.Sprintf(" (%s %s", g.qty, c.texts.list[g.unit]), " ") + ")"
}

// sidesAhead is how many sums ahead of the one compared bills prefetches.
const sidesAhead = 8

// sortedSides is the numbers of the sums ordered by package id, date, bill type, then
// project (so that the differences come nearly in their order, which sortDifferences
// then gives them): counted out by package (a package has few keys), then sorted within
// each. The sums are read once, in their order (the export's: by date): each package's
// keys are sorted as one word each, the day and the sums' number, and only the keys
// that share a package's day (few) are read again to order them by type and project.
func (c *comparer) sortedSides() []int32 {
	pkgRank, projectRank := ranks(c.ids.list), ranks(c.projects.list)
	start := make([]int32, len(pkgRank)+1) // of each package's keys in order, by rank
	for i := range c.sums.n {
		start[pkgRank[c.sums.at(i).k.pkg]+1]++
	}
	for r := range pkgRank {
		start[r+1] += start[r]
	}
	byDay, next := make([]uint64, c.sums.n), slices.Clone(start)
	for i := range c.sums.n {
		k := &c.sums.at(i).k
		r := pkgRank[k.pkg]
		byDay[next[r]] = uint64(uint32(k.day)^1<<31)<<32 | uint64(i) // the day's order as unsigned
		next[r]++
	}
	within := func(i, j int32) int {
		x, y := &c.sums.at(i).k, &c.sums.at(j).k
		if c := cmp.Compare(x.typ.SortRank(), y.typ.SortRank()); c != 0 {
			return c
		}
		if c := cmp.Compare(x.typ, y.typ); c != 0 {
			return c
		}
		return cmp.Compare(projectRank[x.project], projectRank[y.project])
	}
	order, _ := mem.View[int32](byDay, len(byDay)) // written over byDay as it is read
	for r := range pkgRank {
		keys := byDay[start[r]:start[r+1]]
		slices.Sort(keys)
		for lo := 0; lo < len(keys); {
			hi := lo + 1
			for hi < len(keys) && keys[hi]>>32 == keys[lo]>>32 {
				hi++
			}
			same := order[int(start[r])+lo : int(start[r])+hi]
			// order[p] is bytes 4p…4p+3 of byDay, in byDay[p/2]: a word read already
			// (so is every word a sort of same moves order's numbers over)
			for j := range same {
				same[j] = int32(uint32(keys[lo+j]))
			}
			if len(same) > 1 {
				slices.SortFunc(same, within)
			}
			lo = hi
		}
	}
	return order
}

// ranks is each name's place among the distinct names sorted.
func ranks(names []string) []int32 {
	order := make([]int32, len(names))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int { return strings.Compare(names[i], names[j]) })
	rank := make([]int32, len(names))
	for r, i := range order {
		rank[i] = int32(r)
	}
	return rank
}
