package load

import (
	"io"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Bills reads an exported amortization bill (rules.md §1.4) for check. Amounts may be
// negative (refund rows); a bill_date with a time of day keeps only its date. Every
// problem of the file is returned as Errors, unless opt.SkipInvalid moves the bad rows
// to the report. Rows keep file order.
func Bills(file string, r io.Reader, opt Options) ([]model.BillRow, *Report, error) {
	l, err := newLoader(file, r, opt, &billSchema)
	if err != nil {
		return nil, nil, err
	}
	cur := opt.currency()
	hasProject, hasQuantity := l.t.hdr.has(bProject), l.t.hdr.has(bQuantity)
	// Rows are gathered in blocks and copied once into a slice of the exact size: a
	// slice grown by append allocates about five times its final size on the way, and
	// an export has a million rows (docs/performance.md).
	var blocks [][]model.BillRow
	block, n := make([]model.BillRow, 0, 1024), 0
	err = l.each(func(rr *rowReader) {
		b := readBill(rr, cur)
		b.HasProject, b.HasQuantity = hasProject, hasQuantity
		if !rr.ok() {
			return
		}
		if len(block) == cap(block) {
			blocks = append(blocks, block)
			block = make([]model.BillRow, 0, min(2*cap(block), 1<<16))
		}
		block = append(block, b)
		n++
	})
	if err != nil {
		return nil, l.rep, err
	}
	if err := l.finish(); err != nil {
		return nil, l.rep, err
	}
	out := make([]model.BillRow, 0, n)
	for _, b := range append(blocks, block) {
		out = append(out, b...)
	}
	return out, l.rep, nil
}

// readBill maps one bill row; its problems are in rr.
func readBill(rr *rowReader, currency string) model.BillRow {
	b := model.BillRow{
		Src:               rr.src,
		PackageID:         rr.need(bPackage),
		EnterpriseProject: rr.str(bProject),
		Currency:          rr.currency(bCurrency, currency),
	}
	if d := rr.time(bDate, true); !d.IsZero() {
		b.Date = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, rr.loc)
	}
	if s := rr.need(bType); s != "" {
		t, ok := model.ParseBillType(s)
		if !ok {
			rr.fail(bType, "unknown bill type %s (want a label such as %q)", value.Quote(s), model.BillUsed.String())
		}
		b.BillType = t
	}
	if s := rr.need(bAmount); s != "" {
		amount, err := value.ParseMoney(s, b.Currency)
		rr.check(bAmount, err)
		b.Amount = amount
	}
	b.Quantity, b.Unit = rr.quantity(bQuantity, bUnit, false)
	return b
}
