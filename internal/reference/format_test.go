package reference

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// row is one listed object of a command's JSON, every field as text.
type row map[string]string

// listing is a command's output as lists of rows (and scalar fields as one-row lists).
type listing map[string][]row

// flatten turns a decoded JSON value into text the way the reference writes it:
// objects (tags) as k=v;k2=v2 by key, numbers and booleans as written.
func flatten(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return fmt.Sprint(x)
	case float64:
		return fmt.Sprint(x)
	case json.Number:
		return x.String()
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + "=" + flatten(x[k])
		}
		return strings.Join(parts, ";")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// parseListing decodes a command's JSON output: every top-level array becomes a list of
// rows; nested arrays are flattened by nested (field → how); scalars become a one-row
// list under their name.
func parseListing(out []byte, nested map[string]func([]any) string) (listing, error) {
	var top map[string]any
	dec := json.NewDecoder(strings.NewReader(string(out)))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		return nil, err
	}
	l := listing{}
	for name, v := range top {
		arr, ok := v.([]any)
		if !ok {
			l[name] = []row{{"value": flatten(v)}}
			continue
		}
		rows := []row{}
		for _, e := range arr {
			obj, _ := e.(map[string]any)
			r := row{}
			for k, fv := range obj {
				if f, ok := nested[k]; ok {
					sub, _ := fv.([]any)
					r[k] = f(sub)
					continue
				}
				r[k] = flatten(fv)
			}
			rows = append(rows, r)
		}
		l[name] = rows
	}
	return l, nil
}

// formatter writes reference values the way the JSON output does.
type formatter struct{ cfg *Config }

func (f formatter) time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(f.cfg.Loc).Format("2006-01-02T15:04:05-07:00")
}

func (f formatter) qty(d decimal.Decimal) string { return d.String() }

func (f formatter) nullQty(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return d.Decimal.String()
}

func (f formatter) money(d decimal.Decimal) string { return d.StringFixed(f.cfg.Precision) }

func (f formatter) nullMoney(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return f.money(d.Decimal)
}

// overview is the reference's overview in the JSON's fields.
func (f formatter) overview(l *Ledger) listing {
	out := listing{"packages": {}, "as_of": {{"value": f.time(f.cfg.AsOf)}}}
	counts := map[string]int{"Destroyed": 0, "Arrears": 0, "Expired": 0, "Exhausted": 0, "Active": 0, "Created": 0}
	for _, o := range l.Overview() {
		p := o.Pkg
		out["packages"] = append(out["packages"], row{
			"package_id": p.ID, "order_time": f.time(p.OrderTime), "product": p.Product,
			"package_type": p.Type.String(), "status": o.Status, "effective_time": f.time(p.Effective),
			"expiration_time": f.time(p.Expiration), "reset_cycle": p.ResetCycle.String(),
			"period_start": f.time(o.PeriodStart), "period_end": f.time(o.PeriodEnd),
			"capacity": f.qty(p.Capacity), "used": f.qty(o.Used), "remaining": f.qty(o.Remaining), "unit": p.Unit,
		})
		counts[o.Status]++
	}
	var parts []string
	for s, n := range counts {
		parts = append(parts, fmt.Sprintf("%s=%d", s, n))
	}
	sort.Strings(parts)
	out["counts"] = []row{{"value": strings.Join(parts, ";")}}
	return out
}

// deduct is the reference's deduction ledger in the JSON's fields.
func (f formatter) deduct(l *Ledger) listing {
	out := listing{"entries": {}, "records": {}}
	for _, rr := range l.Records {
		r := rr.Rec
		for _, e := range rr.Entries {
			x := row{"record_id": r.ID, "resource_id": r.ResourceID, "deduct_time": f.time(r.Deduct()),
				"quantity": f.qty(e.Quantity), "pay_per_use_cost": f.nullMoney(e.Cost)}
			if e.Pkg == nil {
				x["package_id"], x["period_start"], x["period_end"], x["unit"] = "", "", "", r.Unit
				x["available_before"], x["remaining_after"] = "", ""
			} else {
				per := e.Pkg.Periods[e.Period]
				x["package_id"], x["period_start"], x["period_end"], x["unit"] = e.Pkg.ID, f.time(per.Start), f.time(per.End), e.Pkg.Unit
				x["available_before"], x["remaining_after"] = f.qty(e.AvailableBefore), f.qty(e.AvailableBefore.Sub(e.Quantity))
			}
			out["entries"] = append(out["entries"], x)
		}
		out["records"] = append(out["records"], row{"record_id": r.ID, "quantity": f.qty(rr.Quantity),
			"unit": r.Unit, "deducted": f.qty(rr.Deducted), "pay_per_use": f.qty(rr.PayPerUse), "outcome": rr.Outcome()})
	}
	return out
}

// flattenDeductions writes why's deductions as "P1:5 P2:3".
func flattenDeductions(v []any) string {
	var parts []string
	for _, e := range v {
		m, _ := e.(map[string]any)
		parts = append(parts, flatten(m["package_id"])+":"+flatten(m["quantity"]))
	}
	return strings.Join(parts, " ")
}

// flattenPackages writes why's packages as "P1[BILLING_ITEM_MISMATCH,EXPIRED] P2[]".
func flattenPackages(v []any) string {
	var parts []string
	for _, e := range v {
		m, _ := e.(map[string]any)
		var codes []string
		rs, _ := m["reasons"].([]any)
		for _, r := range rs {
			rm, _ := r.(map[string]any)
			codes = append(codes, flatten(rm["code"]))
		}
		parts = append(parts, flatten(m["package_id"])+"["+strings.Join(codes, ",")+"]")
	}
	return strings.Join(parts, " ")
}

// others writes why's other_packages counts as the JSON object flattens: "CODE=n;…".
func others(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + fmt.Sprint(m[k])
	}
	return strings.Join(parts, ";")
}

var whyNested = map[string]func([]any) string{"deductions": flattenDeductions, "packages": flattenPackages}

// why is the reference's why --all in the JSON's fields.
func (f formatter) why(l *Ledger) listing {
	recs, sum := l.Why()
	out := listing{"records": {}, "summary": {}}
	for _, w := range recs {
		var ded, pk []string
		for _, e := range w.Entries {
			if e.Pkg != nil {
				ded = append(ded, e.Pkg.ID+":"+f.qty(e.RecordQuantity))
			}
		}
		for _, wp := range w.Packages {
			pk = append(pk, wp.Pkg.ID+"["+strings.Join(wp.Codes, ",")+"]")
		}
		out["records"] = append(out["records"], row{"record_id": w.Rec.ID, "outcome": w.Outcome(),
			"quantity": f.qty(w.Quantity), "deducted": f.qty(w.Deducted), "pay_per_use": f.qty(w.PayPerUse),
			"unit": w.Rec.Unit, "primary_reason": w.Primary, "deductions": strings.Join(ded, " "),
			"packages": strings.Join(pk, " "), "other_packages": others(w.Others)})
	}
	for _, s := range sum {
		out["summary"] = append(out["summary"], row{"code": s.Code, "records": fmt.Sprint(s.Records),
			"quantity": f.qty(s.Quantity), "unit": s.Unit, "cost": f.nullMoney(s.Cost), "currency": s.Currency})
	}
	return out
}

// amortize is the reference's bills and totals in the JSON's fields.
func (f formatter) amortize(a Amortization) listing {
	out := listing{"bills": {}, "totals": {}}
	for _, b := range a.Bills {
		out["bills"] = append(out["bills"], row{"bill_date": b.Date.Format(time.DateOnly),
			"billing_cycle": b.Date.Format("2006-01"), "package_id": b.Pkg.ID, "product": b.Pkg.Product,
			"bill_type": b.Type.String(), "method": b.Method.String(), "quantity": f.nullQty(b.Quantity),
			"unit": unitIf(b), "amount": f.money(b.Amount), "currency": b.Pkg.Currency,
			"period_start": f.time(b.PeriodStart), "period_end": f.time(b.PeriodEnd),
			"enterprise_project": b.Project, "tags": b.Tags.String(), "provisional": fmt.Sprint(b.Provisional)})
	}
	for _, t := range a.Totals {
		out["totals"] = append(out["totals"], row{"package_id": t.Pkg.ID, "method": t.Method.String(),
			"amortizable": f.money(t.Amortizable), "amortized": f.money(t.Amortized), "currency": t.Pkg.Currency})
	}
	return out
}

func unitIf(b Bill) string {
	if b.Quantity.Valid {
		return b.Unit
	}
	return ""
}

// groups is the reference's amortize --by in the JSON's fields.
func (f formatter) groups(gs []Group) listing {
	out := listing{"groups": {}}
	for _, g := range gs {
		r := row{"rows": fmt.Sprint(g.Rows), "quantity": f.nullQty(g.Quantity), "unit": g.Unit,
			"amount": f.money(g.Amount), "currency": g.Currency}
		for k, v := range g.Keys {
			r[k] = v
		}
		out["groups"] = append(out["groups"], r)
	}
	return out
}

// check is the reference's verdict in the JSON's fields.
func (f formatter) check(c CheckResult) listing {
	out := listing{"differences": {}, "packages_checked": {{"value": fmt.Sprint(c.PackagesChecked)}},
		"rows_checked": {{"value": fmt.Sprint(c.RowsChecked)}}}
	for _, d := range c.Differences {
		date := ""
		if !d.BillDate.IsZero() {
			date = d.BillDate.Format(time.DateOnly)
		}
		out["differences"] = append(out["differences"], row{"code": d.Code, "package_id": d.PackageID,
			"bill_date": date, "bill_type": d.BillType, "expected": d.Expected, "actual": d.Actual})
	}
	return out
}
