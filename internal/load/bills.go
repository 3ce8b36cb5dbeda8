package load

import (
	"io"
	"strings"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Bills reads an exported amortization bill (rules.md §1.4) for check. Amounts may be
// negative (refund rows); a bill_date with a time of day keeps only its date. Every
// problem of the file is returned as Errors, unless opt.SkipInvalid moves the bad rows
// to the report. Rows keep file order.
func Bills(file string, r io.Reader, opt Options) ([]model.BillRow, *Report, error) {
	var rows collector[model.BillRow]
	rep, err := BillsEach(file, r, opt, func(hint int) func(*model.BillRow) {
		rows = newCollector[model.BillRow](hint)
		return func(b *model.BillRow) { rows.add(*b) }
	})
	if err != nil {
		return nil, rep, err
	}
	return rows.slice(), rep, nil
}

// BillsEach is Bills handing each valid row to add, in file order, instead of keeping
// them; the row handed is reused for the next, so add copies what it keeps. add is made by sink once
// the file's header is read (hint: an estimate of its rows, 0 when unknown). The rows
// before a problem are handed on all the same: the caller drops what it made of them when
// the error comes.
func BillsEach(file string, r io.Reader, opt Options, sink func(hint int) func(*model.BillRow)) (*Report, error) {
	l, err := newLoader(file, r, opt, &billSchema)
	if err != nil {
		return nil, err
	}
	defer l.close()
	cur := opt.currency()
	hasProject, hasQuantity := l.t.hdr.has(bProject), l.t.hdr.has(bQuantity)
	// Every string a row keeps is a copy shared by the rows that repeat it, so that no
	// row keeps its line's text: package ids (thousands) through ids, the few-valued
	// columns through the readers' caches, which also remember parsed dates and amounts.
	// So a CSV is read in chunks on every core, as the usage is.
	l.rr.c = newValueCache()
	add := sink(l.t.rowsHint)
	ids := map[string]string{}
	keep := func(b *model.BillRow) {
		if id, ok := ids[b.PackageID]; ok {
			b.PackageID = id
		} else {
			b.PackageID = strings.Clone(b.PackageID)
			ids[b.PackageID] = b.PackageID
		}
		b.HasProject, b.HasQuantity = hasProject, hasQuantity
		add(b)
	}
	if s := l.t.stream; s != nil && !sequentialBills {
		err = readChunks(l, s, nil, func(c *usageChunk, rr *rowReader) { parseBills(c, rr, file, cur) },
			func(c *usageChunk) bool {
				l.rep.Rows += c.rows
				for _, b := range c.bad {
					l.badPacked(b.src, b.cells, b.probs)
				}
				for i := range c.bills {
					keep(&c.bills[i])
				}
				return true
			})
	} else {
		var b model.BillRow // one for every row: add copies what it keeps
		err = l.each(func(rr *rowReader) {
			if b = readBill(rr, cur); rr.ok() {
				keep(&b)
			}
		})
	}
	if err != nil {
		return l.rep, err
	}
	return l.rep, l.finish()
}

// parseBills reads every row of a chunk of a bills CSV into c.bills and c.bad.
func parseBills(c *usageChunk, rr *rowReader, file, currency string) {
	c.bills = c.bills[:0]
	eachRow(c, rr, file, func(int) {
		if b := readBill(rr, currency); rr.ok() {
			c.bills = append(c.bills, b)
		} else {
			c.addBad(rr, "")
		}
	})
}

// readBill maps one bill row; its problems are in rr.
func readBill(rr *rowReader, currency string) model.BillRow {
	b := model.BillRow{
		Src:               rr.src,
		PackageID:         rr.need(bPackage),
		EnterpriseProject: rr.sym(bProject),
		Currency:          rr.sym(bCurrency),
	}
	if d := rr.time(bDate, true); !d.IsZero() {
		b.Date = value.Wall(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, rr.loc)
	}
	if s := rr.need(bType); s != "" {
		t, ok := model.ParseBillType(s)
		if !ok {
			rr.fail(bType, "unknown bill type %s (want a label such as %q)", value.Quote(s), model.BillUsed.String())
		}
		b.BillType = t
	}
	if s := rr.need(bAmount); s != "" {
		amount, err := rr.parseDecimal(s) // cached; a currency symbol is ParseMoney's
		if err != nil {
			amount, err = value.ParseMoney(s, rr.currency(bCurrency, currency))
		}
		if err == nil {
			err = rr.commaOf(s)
		}
		rr.check(bAmount, err)
		b.Amount = amount
	}
	b.Quantity, b.Unit = rr.quantity(bQuantity, bUnit, false)
	return b
}
