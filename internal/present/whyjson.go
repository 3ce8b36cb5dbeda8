package present

import (
	"sync/atomic"

	"github.com/pkgctl/pkgctl/internal/explain"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
)

// whyLayout is the fixed text of a JSON record at one depth of the document (keys, their
// indentation, brackets), made once: a record is that text and its values, which is
// much faster than writing it token by token. Its layout is the Encoder's (the tests
// write records both ways): depth -1 is a record on one line, as records are.
type whyLayout struct {
	recordID, outcome, quantity, deducted, payPerUse, unit, primary string
	deductions, item, itemID, itemQty, itemEnd, deductionsEnd       string
	packages, pkgID, reasons, reason, code, message, reasonEnd      string
	reasonsEnd, pkgEnd, packagesEnd, suggestion, others, other      string
	othersEnd, end                                                  string
	sep                                                             string // between two items of an array
}

func newWhyLayout(d int) *whyLayout {
	indent, comma := report.Indent, ","
	if d < 0 { // on one line
		indent, comma = func(int) string { return "" }, ", "
	}
	key := func(depth int, k string) string {
		return string(report.AppendString([]byte(indent(depth)), k)) + ": "
	}
	return &whyLayout{
		recordID:      "{" + key(d+1, "record_id") + `"`, // the string fields carry their quotes
		outcome:       `"` + comma + key(d+1, "outcome") + `"`,
		quantity:      `"` + comma + key(d+1, "quantity"),
		deducted:      comma + key(d+1, "deducted"),
		payPerUse:     comma + key(d+1, "pay_per_use"),
		unit:          comma + key(d+1, "unit") + `"`,
		primary:       `"` + comma + key(d+1, "primary_reason") + `"`,
		deductions:    `"` + comma + key(d+1, "deductions"),
		item:          indent(d+2) + "{",
		itemID:        key(d+3, "package_id"),
		itemQty:       comma + key(d+3, "quantity"),
		itemEnd:       indent(d+2) + "}",
		deductionsEnd: indent(d+1) + "]",
		packages:      comma + key(d+1, "packages"),
		pkgID:         key(d+3, "package_id"),
		reasons:       comma + key(d+3, "reasons"),
		reason:        indent(d+4) + "{",
		code:          key(d+5, "code"),
		message:       comma + key(d+5, "message"),
		reasonEnd:     indent(d+4) + "}",
		reasonsEnd:    indent(d+3) + "]",
		pkgEnd:        indent(d+2) + "}",
		packagesEnd:   indent(d+1) + "]",
		suggestion:    comma + key(d+1, "suggestion"),
		others:        comma + key(d+1, "other_packages"),
		other:         indent(d + 2),
		othersEnd:     indent(d+1) + "}",
		end:           indent(d) + "}",
		sep:           comma,
	}
}

// whyLayouts holds the layouts made so far, by depth + 1 (-1: on one line, as records
// are).
var whyLayouts [8]atomic.Pointer[whyLayout]

func whyLayoutAt(d int) *whyLayout {
	if d+1 >= len(whyLayouts) {
		return newWhyLayout(d)
	}
	lay := whyLayouts[d+1].Load()
	if lay == nil {
		lay = newWhyLayout(d)
		whyLayouts[d+1].Store(lay)
	}
	return lay
}

// otherKeys are the keys of other_packages (replay.OtherCodes), quoted once.
var otherKeys = func() []string {
	ks := make([]string, len(replay.OtherCodes))
	for i, c := range replay.OtherCodes {
		ks[i] = string(report.AppendString(nil, c)) + ": "
	}
	return ks
}()

// whyPackageText holds, per depth, the whole text of each package of a ledger listed
// without a failing check (most listed packages of most records), made on first use.
type whyPackageText struct {
	l    *replay.Ledger
	text [8]atomic.Pointer[[]string] // by depth + 1: by package index
}

// at is the texts at depth d (-1: on one line; nil past the depths held).
func (pt *whyPackageText) at(d int) []string {
	if pt == nil || d+1 >= len(pt.text) {
		return nil
	}
	if t := pt.text[d+1].Load(); t != nil {
		return *t
	}
	lay := whyLayoutAt(d)
	t := make([]string, len(pt.l.Packages))
	for i := range t {
		b := report.AppendString([]byte(lay.item+lay.pkgID), pt.l.Packages[i].Pkg.ID)
		t[i] = string(append(append(append(b, lay.reasons...), "[]"...), lay.pkgEnd...))
	}
	pt.text[d+1].Store(&t)
	return t
}

// writeWhyJSON writes one record of the JSON "records" array, then the counts of the
// packages not listed by first failing check (other_packages: {"REGION_MISMATCH": 1020,
// "EXPIRED": 111}; "" counts those failing none). pt, when not nil, holds the text of
// packages listed without a failing check.
func writeWhyJSON(enc *report.Encoder, e *explain.Explanation, pt *whyPackageText) {
	enc.Raw(func(b []byte, d int) []byte {
		lay, texts := whyLayoutAt(d), pt.at(d)
		// (the string fields' text carries their quotes: recordID ends with one, outcome
		// starts with the one closing the record id, and so on)
		b = report.AppendEscaped(append(b, lay.recordID...), e.Rec.ID)
		b = report.AppendEscaped(append(b, lay.outcome...), e.Outcome)
		b = enc.AppendCell(append(b, lay.quantity...), qtyCell(e.Rec.Quantity))
		b = enc.AppendCell(append(b, lay.deducted...), qtyCell(e.Deducted))
		b = enc.AppendCell(append(b, lay.payPerUse...), qtyCell(e.PayPerUse))
		b = report.AppendEscaped(append(b, lay.unit...), e.Rec.Unit)
		b = report.AppendEscaped(append(b, lay.primary...), e.Primary.Code)
		b = append(b, lay.deductions...)
		b = append(b, '[')
		for i, dd := range e.Deductions {
			if i > 0 {
				b = append(b, lay.sep...)
			}
			b = report.AppendString(append(append(b, lay.item...), lay.itemID...), dd.PackageID)
			b = enc.AppendCell(append(b, lay.itemQty...), qtyCell(dd.Quantity))
			b = append(b, lay.itemEnd...)
		}
		if len(e.Deductions) > 0 {
			b = append(b, lay.deductionsEnd...)
		} else {
			b = append(b, ']')
		}
		b = append(append(b, lay.packages...), '[')
		for i, pc := range e.Packages {
			if i > 0 {
				b = append(b, lay.sep...)
			}
			if len(pc.Failures) == 0 && texts != nil {
				b = append(b, texts[pc.Package]...)
				continue
			}
			b = report.AppendString(append(append(b, lay.item...), lay.pkgID...), pc.PackageID)
			b = append(append(b, lay.reasons...), '[')
			for j, f := range pc.Failures {
				if j > 0 {
					b = append(b, lay.sep...)
				}
				b = report.AppendString(append(append(b, lay.reason...), lay.code...), f.Code)
				b = report.AppendString(append(b, lay.message...), f.Message)
				b = append(b, lay.reasonEnd...)
			}
			if len(pc.Failures) > 0 {
				b = append(b, lay.reasonsEnd...)
			} else {
				b = append(b, ']')
			}
			b = append(b, lay.pkgEnd...)
		}
		if len(e.Packages) > 0 {
			b = append(b, lay.packagesEnd...)
		} else {
			b = append(b, ']')
		}
		b = report.AppendString(append(b, lay.suggestion...), e.Suggestion)
		b = append(append(b, lay.others...), '{')
		for i, o := range e.Others {
			if i > 0 {
				b = append(b, lay.sep...)
			}
			b = report.AppendInt(append(append(b, lay.other...), otherKeys[o.Index]...), int64(o.Packages))
		}
		if len(e.Others) > 0 {
			b = append(b, lay.othersEnd...)
		} else {
			b = append(b, '}')
		}
		return append(b, lay.end...)
	})
}
