package load

import (
	"io"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
)

// Usage reads a usage export (rules.md §1.3). Every problem of the file is returned as
// Errors, unless opt.SkipInvalid moves the bad rows to the report. Records keep file order.
func Usage(file string, r io.Reader, opt Options) ([]model.Record, *Report, error) {
	l, err := newLoader(file, r, opt, &usageSchema)
	if err != nil {
		return nil, nil, err
	}
	defer l.close()
	if !uncachedUsage {
		l.rr.c = newValueCache()
	}
	u := &usageLoad{l: l, currency: opt.currency()}
	u.first = newFirstSeen(l.t.rowsHint, u.at)
	if s := l.t.stream; s != nil && !sequentialUsage {
		u.out = mem.MakeHuge[model.Record](hintCap(l.t.rowsHint))
		err = usageChunks(l, s, u.out, u.first, func(c *usageChunk) bool { u.merge(c); return true })
	} else {
		u.coll = newCollector[model.Record](l.t.rowsHint)
		err = l.each(u.row)
	}
	if err != nil {
		return nil, l.rep, err
	}
	if err := l.finish(); err != nil {
		return nil, l.rep, err
	}
	return u.records(), l.rep, nil
}

// readRecord maps one usage row; its problems are in rr, in column order of the
// schema's reading (id, product … project, times, price, currency, tags, quantity).
func readRecord(rr *rowReader, currency string) model.Record {
	var rec model.Record
	readRecordInto(rr, currency, &rec)
	return rec
}

// readRecordInto is readRecord into *rec, which it sets whole (a record returned by
// value is built on the stack and copied: the parallel loader reads into its array).
func readRecordInto(rr *rowReader, currency string, rec *model.Record) {
	id := rr.need(uID)
	// The quantity comes first (its unit is part of the shared attributes), its
	// problems moved after the others'.
	n := len(rr.probs)
	q, unit := rr.recordQuantity(uQuantity, uUnit)
	var qprobs []Problem
	if len(rr.probs) > n {
		qprobs = append(qprobs, rr.probs[n:]...)
		rr.probs = rr.probs[:n]
	}
	resource := rr.str(uResource)
	if rr.c != nil && rr.csv != nil { // an XLSX cell's text is its own (a shared string's is the string's): kept as is
		id, resource = rr.c.clone2(id, resource)
	}
	*rec = model.Record{Line: rr.src.Line, ID: id, ResourceID: resource, Quantity: q}
	e := rr.c.attrs(rr, unit)
	a := e.get()
	hit, attrProbs := a != nil, 0
	if !hit {
		n := len(rr.probs)
		a = &model.RecordAttrs{File: rr.src.File, Sheet: rr.src.Sheet, Unit: unit, Loc: rr.loc,
			Product:           rr.needSym(uProduct),
			BillingItem:       rr.needSym(uItem),
			Specification:     rr.sym(uSpec),
			Region:            rr.sym(uRegion),
			EnterpriseProject: rr.sym(uProject),
		}
		attrProbs = len(rr.probs) - n
	}
	fs, fe, fd, fast := rr.fastTimes()
	var start, end, deduct time.Time
	if !fast {
		start, end, deduct = rr.time(uStart, true), rr.time(uEnd, true), rr.time(uDeduct, false)
	}
	if !hit {
		n := len(rr.probs)
		a.Currency = rr.currency(uCurrency, currency)
		a.UnitPrice = rr.amount(uPrice, a.Currency)
		a.Tags = rr.tags(uTags)
		if attrProbs+len(rr.probs)-n == 0 {
			e.set(a)
		}
	}
	rec.RecordAttrs = a
	rr.probs = append(rr.probs, qprobs...)
	if fast {
		rec.SetStamps(fs, fe, fd)
		return
	}
	if deduct.IsZero() {
		deduct = end
	}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		rr.fail(uEnd, "end_time %s is before start_time %s", stamps(end, start)...)
	}
	if !start.IsZero() && rr.str(uDeduct) != "" && !deduct.IsZero() && deduct.Before(start) {
		rr.fail(uDeduct, "deduct_time %s is before start_time %s", stamps(deduct, start)...)
	}
	if !rec.SetTimes(start, end, deduct) {
		for _, c := range [...]struct {
			slot int
			t    time.Time
		}{{uStart, start}, {uEnd, end}, {uDeduct, deduct}} {
			if _, ok := model.StampOf(c.t); !ok && (c.slot != uDeduct || rr.str(uDeduct) != "") {
				rr.fail(c.slot, "%s is outside the times pkgctl takes for usage (%s)", stamp(c.t), model.StampRange)
			}
		}
	}
}

// fastTimes reads the start, end and deduct times as Stamps when all three are
// "2006-01-02 15:04:05" away from zone transitions (deduct_time may be blank: the end)
// and in order (neither end nor deduct before start): what rr.time, SetTimes and the
// checks of readRecord give then, without a time.Time for each (BenchmarkUsageCSV: −8 %
// of the loader's time). ok false: nothing read, the caller takes the general way.
func (rr *rowReader) fastTimes() (start, end, deduct model.Stamp, ok bool) {
	if rr.c == nil {
		return 0, 0, 0, false
	}
	start, ok1 := rr.c.fastStamp(rr.str(uStart), rr.loc)
	end, ok2 := rr.c.fastStamp(rr.str(uEnd), rr.loc)
	if !ok1 || !ok2 || end < start {
		return 0, 0, 0, false
	}
	deduct = end
	if s := rr.str(uDeduct); s != "" {
		if deduct, ok = rr.c.fastStamp(s, rr.loc); !ok || deduct < start {
			return 0, 0, 0, false
		}
	}
	return start, end, deduct, true
}

// cloneBoth copies a and b, into one allocation when both are non-empty. (A
// concatenation with an empty string may return the other operand itself: no copy.)
func cloneBoth(a, b string) (string, string) {
	if a == "" || b == "" {
		return strings.Clone(a), strings.Clone(b)
	}
	ab := a + b
	return ab[:len(a)], ab[len(a):]
}
