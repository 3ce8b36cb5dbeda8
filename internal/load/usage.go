package load

import (
	"io"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Usage reads a usage export (SPEC §1.3). Every problem of the file is returned as
// Errors, unless opt.SkipInvalid moves the bad rows to the report. Records keep file order.
func Usage(file string, r io.Reader, opt Options) ([]model.Record, *Report, error) {
	l, err := newLoader(file, r, opt, &usageSchema)
	if err != nil {
		return nil, nil, err
	}
	cur := opt.currency()
	first := make(map[string]int, l.t.rowsHint) // record_id → line of its first occurrence
	out := newCollector[model.Record](l.t.rowsHint)
	err = l.each(func(rr *rowReader) {
		rec := readRecord(rr, cur)
		if rec.ID != "" {
			if line, dup := first[rec.ID]; dup {
				rr.fail(uID, "duplicate record_id %q (first at %s)", rec.ID, place(model.Source{Sheet: rr.src.Sheet, Line: line}))
			} else {
				first[rec.ID] = rr.src.Line
			}
		}
		if rr.ok() {
			out.add(rec)
		}
	})
	if err != nil {
		return nil, l.rep, err
	}
	if err := l.finish(); err != nil {
		return nil, l.rep, err
	}
	return out.slice(), l.rep, nil
}

// readRecord maps one usage row; its problems are in rr.
func readRecord(rr *rowReader, currency string) model.Record {
	rec := model.Record{
		Src:               rr.src,
		ID:                rr.need(uID),
		Product:           rr.need(uProduct),
		BillingItem:       rr.need(uItem),
		Specification:     rr.str(uSpec),
		Region:            rr.str(uRegion),
		EnterpriseProject: rr.str(uProject),
		ResourceID:        rr.str(uResource),
		Start:             rr.time(uStart, true),
		End:               rr.time(uEnd, true),
		Deduct:            rr.time(uDeduct, false),
		UnitPrice:         rr.amount(uPrice),
		Currency:          rr.currency(uCurrency, currency),
		Tags:              rr.tags(uTags),
	}
	q, unit := rr.quantity(uQuantity, uUnit, true)
	rec.Quantity, rec.Unit = q.Decimal, unit
	if rec.Deduct.IsZero() {
		rec.Deduct = rec.End
	}
	if !rec.Start.IsZero() && !rec.End.IsZero() && rec.End.Before(rec.Start) {
		rr.fail(uEnd, "end_time %s is before start_time %s", stamp(rec.End), stamp(rec.Start))
	}
	if !rec.Start.IsZero() && rr.str(uDeduct) != "" && !rec.Deduct.IsZero() && rec.Deduct.Before(rec.Start) {
		rr.fail(uDeduct, "deduct_time %s is before start_time %s", stamp(rec.Deduct), stamp(rec.Start))
	}
	return rec
}
