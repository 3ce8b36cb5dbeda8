package present

import (
	"iter"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/par"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/value"
)

var billColumns = []report.Column{
	{Key: "bill_date", Kind: report.KindDate},
	{Key: "billing_cycle", Kind: report.KindText, Wide: true},
	{Key: "package_id", Kind: report.KindText},
	{Key: "product", Kind: report.KindText, Wide: true},
	{Key: "bill_type", Kind: report.KindText},
	{Key: "method", Kind: report.KindText, Wide: true},
	{Key: "quantity", Kind: report.KindQuantity},
	{Key: "unit", Kind: report.KindText},
	{Key: "amount", Kind: report.KindMoney, Total: true},
	{Key: "currency", Kind: report.KindText},
	{Key: "period_start", Kind: report.KindTime, Wide: true},
	{Key: "period_end", Kind: report.KindTime, Wide: true},
	{Key: "enterprise_project", Kind: report.KindText},
	{Key: "tags", Kind: report.KindText},
	{Key: "provisional", Kind: report.KindBool},
}

// billVary is the columns in which a package's plain bills differ (amortize.Plain):
// bill_date, billing_cycle and amount.
var billVary = []int{0, 1, 8}

type totalJSON struct {
	PackageID   string `json:"package_id"`
	Method      string `json:"method"`
	Amortizable string `json:"amortizable"`
	Amortized   string `json:"amortized"`
	Currency    string `json:"currency"`
}

// Bills lists the bills of res dated from … to (all when both are zero), the Summary
// and the whole-life Totals of every package. Footers sum exactly the rows shown, per
// currency; a windowed run's Totals have none (their amounts are not the window's).
// Bills are read as the listing is written, through an amortize.Window: those of a lazy
// result (amortize.RunLazy) are made as they are written (a month-end run can have
// millions).
func Bills(s *Settings, res *amortize.Result, from, to time.Time) *report.Document {
	windowed := !from.IsZero() || !to.IsZero()
	prec := s.Precision
	tags := &tagTexts{}
	n, _ := res.Count(from, to)
	w := newWindow(res, from, to, min(windowSpan(), n))
	w.Start()  // its first bills are made meanwhile, as are the tags' texts
	at := w.At // bill i, made
	var made par.Group
	made.Go(func() {
		last := tagsKey{}
		for ts := range res.TagSets() {
			if k := keyOf(ts); k != last {
				tags.add(ts)
				last = k
			}
		}
	})
	whole := func(i int, row []report.Cell) []report.Cell {
		made.Wait() // the tags' texts (once made, at once)
		b, amt, qty, ok := w.AtExact(i)
		if !ok {
			return billRow(&b, billQty(b.Quantity), report.Money(b.Amount), tags, row)
		}
		q := report.Empty()
		if b.Quantity.Valid {
			q = qtyCell(qty)
		}
		return billRow(&b, q, moneyCell(amt), tags, row)
	}
	t := &report.Table{Name: "Bills", Columns: billColumns, N: n, Concurrent: true, TotalBy: "currency", Row: whole}
	// A package's plain bills share all but their date, billing cycle and amount: CSV
	// formats the rest once per package (report.Table.Stencil).
	t.Stencil = func(i int, row []report.Cell) (int, []report.Cell) {
		if p, ok := w.Plain(i); ok {
			return p.Key + 1, append(row, report.Date(p.Date), report.Text(p.Cycle), report.MoneyParts(p.Coef, p.Exp))
		}
		return 0, whole(i, row)
	}
	t.Stencils, t.Vary = w.Keys(), billVary
	t.TotalIf = func(row int) bool { return !w.Provisional(row) }
	tt := &report.Table{Name: "Totals", TotalBy: "currency", Columns: []report.Column{
		{Key: "package_id", Kind: report.KindText}, {Key: "method", Kind: report.KindText},
		// no total of amortizable: an upgrade's moved-in remainder is also its original's
		{Key: "amortizable", Kind: report.KindMoney}, {Key: "amortized", Kind: report.KindMoney, Total: !windowed},
		{Key: "currency", Kind: report.KindText}}}
	// The summary and the totals are made only for the formats that write them (not CSV).
	tt.Lazy = func() [][]report.Cell {
		rows := make([][]report.Cell, 0, len(res.Totals))
		for _, tot := range res.Totals {
			rows = append(rows, []report.Cell{report.Text(tot.PackageID), report.Text(tot.Method.String()),
				report.Money(tot.Amortizable), report.Money(tot.Amortized), report.Text(tot.Currency)})
		}
		return rows
	}
	totals := func() any {
		tj := make([]totalJSON, 0, len(res.Totals))
		for _, tot := range res.Totals {
			tj = append(tj, totalJSON{PackageID: tot.PackageID, Method: tot.Method.String(),
				Amortizable: report.MoneyString(tot.Amortizable, prec), Amortized: report.MoneyString(tot.Amortized, prec), Currency: tot.Currency})
		}
		return tj
	}
	st := summaryTable(nil)
	st.Lazy = func() [][]report.Cell { return summaryTable(res.Tally(from, to).Summary).Rows }
	doc := s.doc(t, st, tt)
	doc.JSON = report.Object{{Key: "bills", Value: billsJSON(n, at, prec, s.Location)}, {Key: "totals", Value: totals}}
	return doc
}

// windowSpan is how far apart the bills the listing's writers ask for at once may be
// (their goroutines format blocks of a few thousand rows, up to two ahead of the
// writer): the window keeps as many, so that no reader asks for one dropped.
var windowSpan = report.OutOfOrder // a variable: tests make it small

// newWindow is Result.Window (a variable: tests watch the windows made).
var newWindow = (*amortize.Result).Window

// billRow appends the cells of one bill to row, its quantity and amount cells given.
func billRow(b *amortize.Bill, qty, amount report.Cell, tags *tagTexts, row []report.Cell) []report.Cell {
	return append(row, report.Date(b.Date), report.Text(b.BillingCycle),
		report.Text(b.PackageID), report.Text(b.Product), report.Text(b.Type.String()),
		report.Text(b.Method.String()), qty, report.Text(b.Unit), amount,
		report.Text(b.Currency), report.Time(b.PeriodStart), report.Time(b.PeriodEnd),
		report.Text(b.EnterpriseProject), report.Text(tags.text(b.Tags)), report.Bool(b.Provisional))
}

// billQty is a bill's quantity cell: empty when it has none.
func billQty(q decimal.NullDecimal) report.Cell {
	if !q.Valid {
		return report.Empty()
	}
	return report.Qty(q.Decimal)
}

// tagTexts holds the text of the tag sets bills share (a bill's tags are its record's
// or its package's, never modified): a million rows print a few hundred sets. Built
// before the rows are formatted, then only read (rows are formatted on several
// goroutines). An open-addressed table keyed by the set's first element's address: a
// lookup for every bill is a multiplication and a comparison or two.
type tagTexts struct {
	slots []tagText // a power of two of them, at most half used
	used  int
}

type tagText struct {
	key  tagsKey
	text string
}

type tagsKey struct {
	first *model.Tag
	n     int
}

func keyOf(t model.Tags) tagsKey {
	if len(t) == 0 {
		return tagsKey{}
	}
	return tagsKey{&t[0], len(t)}
}

// slot is where key is, or the empty slot where it goes.
func (c *tagTexts) slot(key tagsKey) *tagText {
	mask := uint64(len(c.slots) - 1)
	for h := uint64(mem.Addr(key.first)) * 0x9E3779B97F4A7C15 >> 32; ; h++ {
		if e := &c.slots[h&mask]; e.key == key || e.key.n == 0 {
			return e
		}
	}
}

// add makes t's text.
func (c *tagTexts) add(t model.Tags) {
	k := keyOf(t)
	if k.n == 0 {
		return
	}
	if 2*(c.used+1) > len(c.slots) {
		old := c.slots
		c.slots, c.used = make([]tagText, max(64, 2*len(old))), 0
		for _, e := range old {
			if e.key.n > 0 {
				*c.slot(e.key) = e
				c.used++
			}
		}
	}
	if e := c.slot(k); e.key.n == 0 {
		*e = tagText{key: k, text: t.String()}
		c.used++
	}
}

// text is t.String(), made by add.
func (c *tagTexts) text(t model.Tags) string {
	if len(t) == 0 {
		return ""
	}
	if len(c.slots) > 0 {
		if e := c.slot(keyOf(t)); e.key.n > 0 {
			return e.text
		}
	}
	return t.String()
}

// billsJSON is the bills array of the amortize JSON (rules: JSON output), written bill by
// bill as the document streams out (in parallel blocks, in order), never held whole. A
// bill's fields are in billJSON's order; its tags an object (TestBillsJSONStreamed).
func billsJSON(n int, at func(i int) amortize.Bill, prec int32, loc *time.Location) *report.Array {
	return &report.Array{N: n, Concurrent: true, Item: func(i int, e *report.Encoder) error {
		b := at(i)
		writeBillJSON(e, &b, prec, loc)
		return nil
	}}
}

func writeBillJSON(e *report.Encoder, b *amortize.Bill, prec int32, loc *time.Location) {
	field := func(k, v string) { e.Key(k); e.String(v) }
	e.BeginObject()
	field("bill_date", report.DateString(b.Date))
	field("billing_cycle", b.BillingCycle)
	field("package_id", b.PackageID)
	field("product", b.Product)
	field("bill_type", b.Type.String())
	field("method", b.Method.String())
	qty := ""
	if b.Quantity.Valid {
		qty = report.QtyString(b.Quantity.Decimal)
	}
	field("quantity", qty)
	field("unit", b.Unit)
	field("amount", report.MoneyString(b.Amount, prec))
	field("currency", b.Currency)
	field("period_start", report.TimeString(b.PeriodStart.In(loc)))
	field("period_end", report.TimeString(b.PeriodEnd.In(loc)))
	field("enterprise_project", b.EnterpriseProject)
	e.Key("tags")
	e.BeginObject()
	for _, t := range b.Tags { // sorted by key, keys unique: as encoding/json writes a map
		field(t.Key, t.Value)
	}
	e.EndObject()
	e.Key("provisional")
	e.Cell(report.Bool(b.Provisional), -1)
	e.EndObject()
}

// summaryTable is the Summary sheet (amortize.Summarize) and its stacked column chart of
// used / unused / linear amounts.
func summaryTable(rows []amortize.SummaryRow) *report.Table {
	t := &report.Table{Name: "Summary", TotalBy: "currency", Columns: []report.Column{
		{Key: "month", Kind: report.KindText},
		{Key: "used", Kind: report.KindMoney, Total: true},
		{Key: "unused", Kind: report.KindMoney, Total: true},
		{Key: "linear", Kind: report.KindMoney, Total: true},
		{Key: "refund", Kind: report.KindMoney, Total: true},
		{Key: "total", Kind: report.KindMoney, Total: true},
		{Key: "currency", Kind: report.KindText},
	}, Chart: &report.Chart{Title: "Amortized amount by month", Category: "month", Series: []string{"used", "unused", "linear"}, Per: "currency"}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []report.Cell{report.Text(r.Month), report.Money(r.Used), report.Money(r.Unused),
			report.Money(r.Linear), report.Money(r.Refund), report.Money(r.Total()), report.Text(r.Currency)})
	}
	return t
}

func isDayKey(k string) bool { return k == "day" }

// Groups lists amortize --by's groups (amortize.Groups): a column per key (keys as
// amortize.ParseKeys writes them; tag:KEY is the column tag_KEY), then rows, quantity,
// unit, amount and currency. Up to heldGroups groups are held as the listing's rows;
// more are written as they are walked, each range over groups walking the bills again
// (the text table, which measures its columns first, walks them twice), so that a
// listing of millions holds only the groups not yet complete.
func Groups(s *Settings, keys []string, groups iter.Seq[*amortize.GroupRow]) *report.Document {
	cols := make([]report.Column, 0, len(keys)+5)
	for _, k := range keys {
		kind := report.KindText
		if isDayKey(k) {
			kind = report.KindDate // a date cell in xlsx
		}
		cols = append(cols, report.Column{Key: strings.ReplaceAll(k, ":", "_"), Kind: kind})
	}
	cols = append(cols, report.Column{Key: "rows", Kind: report.KindInt, Total: true},
		report.Column{Key: "quantity", Kind: report.KindQuantity}, report.Column{Key: "unit", Kind: report.KindText},
		report.Column{Key: "amount", Kind: report.KindMoney, Total: true}, report.Column{Key: "currency", Kind: report.KindText})
	t := &report.Table{Name: "Groups", Columns: cols, TotalBy: "currency"}
	held := &groupCells{loc: s.Location, keys: keys}
	for gr := range groups {
		if len(t.Rows) == heldGroups {
			t.Rows, t.Stream = nil, func(yield func([]report.Cell) error) error {
				c := &groupCells{loc: s.Location, keys: keys}
				var row []report.Cell
				var err error
				for gr := range groups {
					row = c.row(gr, row[:0])
					if err = yield(row); err != nil {
						break
					}
				}
				return err
			}
			break
		}
		t.Rows = append(t.Rows, held.row(gr, make([]report.Cell, 0, len(cols))))
	}
	doc := s.doc(t)
	doc.JSON = report.Object{{Key: "groups", Value: doc.RowObjects(t)}}
	return doc
}

// heldGroups is how many groups a listing holds before it writes them as they are
// walked instead (a variable: tests make it small).
var heldGroups = 1 << 14

// groupCells makes the cells of groups, in order: groups of one day follow one another.
type groupCells struct {
	loc  *time.Location
	keys []string
	day  string // the last day key met, and its cell
	cell report.Cell
}

// row appends the cells of group gr to row.
func (c *groupCells) row(gr *amortize.GroupRow, row []report.Cell) []report.Cell {
	for i, v := range gr.Keys {
		if isDayKey(c.keys[i]) {
			if v != c.day {
				c.day, c.cell = v, report.Text(v)                       // not a day: the listing refuses it (a bug)
				if d, _, err := value.ParseTime(v, c.loc); err == nil { // 10000-01-01 too
					c.cell = report.Date(d)
				}
			}
			row = append(row, c.cell)
			continue
		}
		row = append(row, report.Text(v))
	}
	qty := report.Empty()
	if gr.HasQuantity {
		qty = qtyCell(gr.Quantity)
	}
	return append(row, report.Int(int64(gr.Rows)), qty, report.Text(gr.Unit), moneyCell(gr.Amount), report.Text(gr.Currency))
}
