package reference

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // the zones scenarios are configured in
)

// Scenario is a generated export pair with the configuration and as-of to run it with,
// and how to perturb the reference's bills for check. It is a pure function of Seed.
type Scenario struct {
	Seed      uint64
	Timezone  string // the configured zone (Asia/Shanghai is the default)
	Precision int32
	// UsageBasedFrom is usage_based_from, written "2006-01-02 15:04:05" in the zone.
	UsageBasedFrom string
	Config         string // the config file (pkgctl.yaml) the commands run with
	Packages       string // packages.csv
	Usage          string // usage.csv
	AsOf           string // the --as-of value
	AsOfTime       time.Time
	Check          CheckPlan
}

// CheckPlan says how the test turns the reference's bills into an export for check.
type CheckPlan struct {
	Tolerance    string // --tolerance; "" = the default
	Perturb      string // "", "amount", "quantity", "drop", "add", "noise", "unknown"
	Pick         int    // which row (modulo the number of rows)
	Delta        string // for "amount": added to the amount (a multiple of the precision)
	DropProject  bool   // the export has no enterprise_project column
	DropQuantity bool   // the export has no quantity and unit columns
}

// catalog is the products the generator draws from: billing items, the units of the
// package's family, and whether its packages are level packages.
type product struct {
	name  string
	items []string
	units []string // every unit converts to the others
	caps  []string
	level string // "", "storage" or "reserved_instance"
}

var catalog = []product{
	{"OBS", []string{"Outbound internet traffic", "Requests"}, []string{"GB", "MB", "TB", "gb"}, []string{"10", "100", "0.5", "1024", "3"}, ""},
	{"CDN", []string{"Outbound internet traffic"}, []string{"GB", "TB", "MB"}, []string{"10", "50", "0.25"}, ""},
	{"OCR", []string{"API calls", "General text"}, []string{"calls", "times", "requests", "次"}, []string{"100", "1000", "10,000", "7"}, ""},
	{"CCI", []string{"Memory"}, []string{"GB*hour", "MB*hour", "GB*minute", "GB·hour"}, []string{"2920", "100", "12.5"}, ""},
	{"EVS", []string{"Storage"}, []string{"GB", "TB", "MB"}, []string{"100", "1", "40"}, "storage"},
	{"ECS", []string{"Instance"}, []string{"instance", "Instance"}, []string{"1", "2", "4"}, "reserved_instance"},
}

var zones = []struct {
	name string
	w    int
}{{"Asia/Shanghai", 55}, {"UTC", 15}, {"Asia/Kolkata", 12}, {"America/Sao_Paulo", 12}, {"Europe/Berlin", 6},
	{"America/New_York", 4}, {"America/Santiago", 4}, {"America/Havana", 4}}

// gen is the state of one generation.
type gen struct {
	// Features drawn once per scenario, so that most scenarios have none of them and
	// the ones that have them have several (disagreements are easier to read).
	zeroQty, blankOrderTimes, messyProjects bool

	r    *rand.Rand
	loc  *time.Location
	base time.Time
	pkgs []*gpkg
	recs []*grec
}

type gpkg struct {
	id, orderID                 string
	orderTime                   time.Time
	prod                        *product
	typ                         string
	items                       []string
	spec, region, project       string
	eff, exp, destroyed         time.Time
	capacity, unit              string
	cycle                       string
	anchor                      string
	fee, refund, currency       string
	orderType, original, method string
	tags                        string
	status, used, remaining     string
	cycleDur                    func(t time.Time, k int) time.Time // subscription boundaries, for aiming records
}

type grec struct {
	id, product, item, spec, region, project, resource string
	start, end, deduct                                 time.Time
	blankDeduct                                        bool
	quantity, unit, price, currency, tags              string
}

// Generate returns the scenario of a seed: a handful of packages (upgrades, renewals,
// destructions, refunds, every reset cycle and anchor, level packages, unit families)
// and tens of usage records aimed mostly at them, with ties, zero and tiny quantities,
// blank fields and times written with and without zones; the as-of is an instant worth
// looking at (a boundary, an end, just before an upgrade or a destruction).
func Generate(seed uint64) Scenario {
	g := &gen{r: rand.New(rand.NewPCG(seed, 0x7265663137))}
	sc := Scenario{Seed: seed, Timezone: "Asia/Shanghai", Precision: 2}
	total := 0
	for _, z := range zones {
		total += z.w
	}
	pick := g.r.IntN(total)
	for _, z := range zones {
		if pick < z.w {
			sc.Timezone = z.name
			break
		}
		pick -= z.w
	}
	g.loc, _ = time.LoadLocation(sc.Timezone)
	switch g.r.IntN(10) {
	case 0:
		sc.Precision = 0
	case 1:
		sc.Precision = 3
	}
	g.base = time.Date(2024+g.r.IntN(2), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28), 0, 0, 0, 0, g.loc)
	switch { // a few days before a daylight-saving switch
	case sc.Timezone == "Europe/Berlin" && g.chance(60):
		g.base = oneOf(g, time.Date(2024, 3, 29, 0, 0, 0, 0, g.loc), time.Date(2024, 10, 25, 0, 0, 0, 0, g.loc),
			time.Date(2025, 3, 28, 0, 0, 0, 0, g.loc), time.Date(2025, 10, 24, 0, 0, 0, 0, g.loc))
	case sc.Timezone == "America/New_York" && g.chance(60): // west of UTC: switches at 02:00
		g.base = oneOf(g, time.Date(2024, 3, 7, 0, 0, 0, 0, g.loc), time.Date(2024, 10, 31, 0, 0, 0, 0, g.loc))
	case sc.Timezone == "America/Santiago" && g.chance(60): // midnight skipped (09-08) and repeated (04-06 23:00)
		g.base = oneOf(g, time.Date(2024, 9, 5, 0, 0, 0, 0, g.loc), time.Date(2024, 4, 3, 0, 0, 0, 0, g.loc))
	case sc.Timezone == "America/Havana" && g.chance(60): // midnight skipped (03-10) and repeated (11-03 00:00–01:00)
		g.base = oneOf(g, time.Date(2024, 3, 7, 0, 0, 0, 0, g.loc), time.Date(2024, 10, 31, 0, 0, 0, 0, g.loc))
	}
	ubf := time.Date(2025, 6, 23, 0, 0, 0, 0, g.loc)
	if g.r.IntN(2) == 0 {
		ubf = g.base.Add(time.Duration(g.r.IntN(24*40)-24*10) * time.Hour)
	}
	sc.UsageBasedFrom = ubf.Format(time.DateTime)
	sc.Config = fmt.Sprintf("timezone: %s\nprecision: %d\nusage_based_from: \"%s\"\n", sc.Timezone, sc.Precision, sc.UsageBasedFrom)

	g.zeroQty, g.blankOrderTimes, g.messyProjects = g.chance(30), g.chance(35), g.chance(30)
	g.makePackages()
	g.makeRecords()
	sc.Packages = g.writePackages()
	sc.Usage = g.writeUsage()
	sc.AsOfTime, sc.AsOf = g.asOf()
	sc.Check = g.checkPlan(sc.Precision)
	return sc
}

func (g *gen) chance(pct int) bool { return g.r.IntN(100) < pct }

func oneOf[T any](g *gen, xs ...T) T { return xs[g.r.IntN(len(xs))] }

// hours is an offset of whole hours, sometimes with minutes.
func (g *gen) offset(maxHours int) time.Duration {
	d := time.Duration(g.r.IntN(maxHours+1)) * time.Hour
	if g.chance(20) {
		d += time.Duration(g.r.IntN(60)) * time.Minute
	}
	return d
}

var ids = []string{"P1", "P2", "P3", "P10", "p4", "PKG-A", "PKG-b", "Z0", "P9", "a1"}

func (g *gen) makePackages() {
	n := 1 + g.r.IntN(4)
	if g.chance(30) {
		n++
	}
	names := slices.Clone(ids)
	g.r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	// One or two products per scenario, so that packages compete for records.
	prods := []*product{&catalog[g.r.IntN(len(catalog))]}
	if g.chance(40) {
		prods = append(prods, &catalog[g.r.IntN(len(catalog))])
	}
	for i := 0; i < n; i++ {
		id := names[i]
		if i > 0 && g.chance(35) {
			parent := g.pkgs[g.r.IntN(len(g.pkgs))]
			if g.chance(70) {
				g.pkgs = append(g.pkgs, g.upgrade(id, parent))
			} else {
				g.pkgs = append(g.pkgs, g.renewal(id, parent))
			}
			continue
		}
		p := g.newPackage(id, oneOf(g, prods...))
		// Ties: two packages of a product with the same effective time and expiration,
		// and the same order time or one of them blank.
		if i == 1 && g.pkgs[0].prod == p.prod && g.chance(30) {
			a := g.pkgs[0]
			p.eff, p.exp, p.cycle, p.anchor, p.cycleDur = a.eff, a.exp, a.cycle, a.anchor, a.cycleDur
			if !p.destroyed.IsZero() {
				p.destroyed = minTime(maxTime(p.destroyed, p.eff), p.exp)
			}
			if g.chance(50) {
				p.orderTime = a.orderTime
			}
		}
		g.pkgs = append(g.pkgs, p)
	}
}

func (g *gen) duration(cycle string) time.Duration {
	day := 24 * time.Hour
	switch cycle {
	case "hour":
		return time.Duration(3+g.r.IntN(60)) * time.Hour
	case "day":
		return time.Duration(2+g.r.IntN(40)) * day
	case "week":
		return time.Duration(14+g.r.IntN(80)) * day
	case "month":
		return time.Duration(30+g.r.IntN(300)) * day
	case "year":
		return time.Duration(366+g.r.IntN(500)) * day
	}
	if g.chance(15) {
		return 366 * day
	}
	return time.Duration(1+g.r.IntN(60))*day + g.offset(23)
}

func (g *gen) newPackage(id string, prod *product) *gpkg {
	p := &gpkg{id: id, orderID: "O-" + id, prod: prod, typ: oneOf(g, "usage", "usage", "Usage package", "")}
	if prod.level != "" {
		p.typ = prod.level
	}
	switch {
	case g.chance(25):
	case g.chance(80):
		p.items = []string{oneOf(g, prod.items...)}
	default:
		p.items = prod.items
	}
	if g.chance(25) {
		p.spec = "standard"
	}
	if g.chance(35) {
		p.region = "cn-north-4"
	}
	if g.chance(25) {
		p.project = oneOf(g, "ProjA", "default")
	}
	p.eff = g.base.Add(g.offset(24 * 20))
	if g.chance(30) {
		p.eff = g.dayOf(p.eff)
	} else if g.chance(4) {
		p.eff = p.eff.Add(time.Duration(1+g.r.IntN(999)) * time.Millisecond) // fractional seconds
	}
	p.cycle = oneOf(g, "", "", "none", "hour", "day", "day", "week", "month", "month", "month", "year")
	if p.typ != "usage" && p.typ != "Usage package" && p.typ != "" && g.chance(60) {
		p.cycle = ""
	}
	p.exp = p.eff.Add(g.duration(p.cycle))
	if g.chance(40) {
		p.exp = g.dayOf(p.exp) // a date-only or 23:59:59 expiration
		if !p.exp.After(p.eff) {
			p.exp = p.exp.AddDate(0, 0, 1)
		}
	}
	if p.cycle != "" && p.cycle != "none" {
		p.anchor = g.anchor(p)
	}
	p.unit = oneOf(g, prod.units...)
	p.capacity = oneOf(g, prod.caps...)
	if g.chance(3) {
		p.capacity = "0"
	}
	if g.chance(10) {
		p.capacity += " " + p.unit // a capacity that carries its unit
	}
	g.money(p)
	p.orderType = "new"
	if !g.blankOrderTimes || !g.chance(40) {
		p.orderTime = p.eff.Add(-g.offset(48))
	}
	g.destroy(p)
	if g.chance(50) {
		p.method = oneOf(g, "usage", "linear", "Linear")
		if p.prod.level != "" && strings.EqualFold(p.method, "usage") {
			p.method = "linear"
		}
	}
	p.tags = oneOf(g, "", "", "team=ops", "team=ops;env=prod")
	switch {
	case g.chance(4):
		p.status = oneOf(g, "Arrears", "arrears", "Active", "Created", "Expired", "欠费", "生效中", "已过期")
	case g.chance(5):
		p.used, p.remaining = oneOf(g, "0", "5", "10"), oneOf(g, "0", "5", "95")
	}
	return p
}

// money sets a fee (sometimes blank, zero, a tenth of a cent, or at three decimals that
// round), a currency and no refund.
func (g *gen) money(p *gpkg) {
	switch {
	case g.chance(7):
	case g.chance(5):
		p.fee = "0"
	case g.chance(10):
		p.fee = oneOf(g, "480.005", "0.01", "99.999", "1,234.50", "0.03")
	default:
		p.fee = fmt.Sprintf("%d.%02d", g.r.IntN(1000), g.r.IntN(100))
	}
	p.currency = oneOf(g, "USD", "USD", "CNY", "")
}

// destroy destroys some packages: at the effective instant (an empty validity), at a
// midnight, at a reset boundary, at the expiration, or at any time inside; most with a
// refund up to the fee.
func (g *gen) destroy(p *gpkg) {
	if !g.chance(18) {
		if g.chance(3) && p.fee != "" && !g.feeBelow(p.fee, 1) {
			p.refund = "1.00" // a refund without a destruction: a warning, ignored
		}
		return
	}
	span := p.exp.Sub(p.eff)
	switch g.r.IntN(6) {
	case 0:
		p.destroyed = p.eff
	case 1:
		p.destroyed = g.dayOf(p.eff.Add(span / 2)).Add(24 * time.Hour)
	case 2:
		p.destroyed = p.exp
	case 3:
		if p.cycleDur != nil {
			p.destroyed = p.cycleDur(p.eff, 1)
		} else {
			p.destroyed = p.eff.Add(span / 3).Truncate(time.Hour)
		}
	default:
		p.destroyed = p.eff.Add(time.Duration(g.r.Int64N(int64(span)))).Truncate(time.Minute)
	}
	if p.destroyed.Before(p.eff) {
		p.destroyed = p.eff
	}
	if p.destroyed.After(p.exp) {
		p.destroyed = p.exp
	}
	if p.fee != "" && g.chance(70) {
		p.refund = oneOf(g, "0", "1.00", "0.01", strings.ReplaceAll(p.fee, ",", ""))
		if strings.ReplaceAll(p.fee, ",", "") == "0" || (p.refund == "1.00" && g.feeBelow(p.fee, 1)) || (p.refund == "0.01" && g.feeBelow(p.fee, 0.01)) {
			p.refund = "0"
		}
	}
}

func (g *gen) feeBelow(fee string, v float64) bool {
	var f float64
	fmt.Sscan(strings.ReplaceAll(fee, ",", ""), &f)
	return f < v
}

// anchor writes a reset anchor: blank, subscription, natural, a clock time or a
// timestamp; it also records the subscription boundaries for aiming records.
func (g *gen) anchor(p *gpkg) string {
	step := func(t time.Time, k int) time.Time {
		switch p.cycle {
		case "hour":
			return t.Add(time.Duration(k) * time.Hour)
		case "day":
			return t.AddDate(0, 0, k)
		case "week":
			return t.AddDate(0, 0, 7*k)
		case "month":
			return t.AddDate(0, k, 0)
		}
		return t.AddDate(k, 0, 0)
	}
	p.cycleDur = step
	switch g.r.IntN(6) {
	case 0:
		return ""
	case 1:
		return "subscription"
	case 2:
		p.cycleDur = func(t time.Time, k int) time.Time { return step(g.dayOf(t), k) }
		return "natural"
	case 3:
		c := oneOf(g, "16:00", "09:30", "0:00", "23:00")
		var h, m int
		fmt.Sscanf(c, "%d:%d", &h, &m)
		p.cycleDur = func(t time.Time, k int) time.Time {
			return step(g.dayOf(t).Add(time.Duration(h)*time.Hour+time.Duration(m)*time.Minute), k)
		}
		return c
	case 4:
		a := p.eff.Add(-g.offset(24 * 3)).Truncate(time.Hour)
		p.cycleDur = func(_ time.Time, k int) time.Time { return step(a, k) }
		return g.stamp(a, false)
	}
	return "subscription"
}

// upgrade is an upgrade of parent: same product, unit family and currency, effective strictly
// after the parent's effective time (inside its validity, at a boundary, at or after its
// end), sometimes tied with another upgrade of the same parent.
func (g *gen) upgrade(id string, parent *gpkg) *gpkg {
	p := g.newPackage(id, parent.prod)
	p.orderType = oneOf(g, "upgrade", "Upgrade", "变更")
	p.original = parent.id
	p.typ = parent.typ
	p.unit = oneOf(g, parent.prod.units...)
	p.capacity = oneOf(g, parent.prod.caps...)
	p.currency = parent.currency // the remainder it takes over stays in one currency
	span := parent.exp.Sub(parent.eff)
	switch g.r.IntN(6) {
	case 0:
		p.eff = g.dayOf(parent.eff.Add(span / 2))
	case 1:
		if parent.cycleDur != nil {
			p.eff = parent.cycleDur(parent.eff, 1)
		} else {
			p.eff = parent.eff.Add(span / 4).Truncate(time.Hour)
		}
	case 2:
		p.eff = parent.exp
	case 3:
		for _, q := range g.pkgs {
			if q.original == parent.id && q.orderType != "renewal" {
				p.eff = q.eff // a tie between two upgrades
			}
		}
	default:
		p.eff = parent.eff.Add(time.Duration(1 + g.r.Int64N(int64(span)))).Truncate(time.Minute)
	}
	if !p.eff.After(parent.eff) {
		p.eff = parent.eff.Add(time.Hour)
	}
	p.exp = parent.exp
	if !p.exp.After(p.eff) || g.chance(30) {
		p.exp = p.eff.Add(g.duration(p.cycle))
	}
	if p.cycle != "" && p.cycle != "none" {
		p.anchor = g.anchor(p)
	}
	p.destroyed, p.refund = time.Time{}, ""
	if g.chance(8) {
		p.fee = "" // an upgrade without a fee takes no remainder
	}
	g.destroy(p)
	return p
}

// renewal is a renewal of parent, from its expiration.
func (g *gen) renewal(id string, parent *gpkg) *gpkg {
	p := g.newPackage(id, parent.prod)
	p.orderType = oneOf(g, "renewal", "Renew")
	p.original = parent.id
	p.typ = parent.typ
	p.unit = oneOf(g, parent.prod.units...)
	p.capacity = oneOf(g, parent.prod.caps...)
	p.eff = parent.exp
	p.exp = p.eff.Add(parent.exp.Sub(parent.eff))
	if p.cycle != "" && p.cycle != "none" {
		p.anchor = g.anchor(p)
	}
	p.destroyed, p.refund = time.Time{}, ""
	g.destroy(p)
	return p
}

func (g *gen) dayOf(t time.Time) time.Time {
	t = t.In(g.loc)
	return wall(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, g.loc)
}

// makeRecords draws tens of records, most aimed at a package: its attributes (with
// other spellings of the project, a unit of the same family), a window inside, at or
// across its boundaries, deducted a few minutes after its end (sometimes blank, late,
// at midnight, or tied with another record).
func (g *gen) makeRecords() {
	n := 4 + g.r.IntN(30)
	for i := 0; i < n; i++ {
		r := &grec{id: fmt.Sprintf("R%02d", i+1), resource: oneOf(g, "", "res-1", "res-2")}
		if g.chance(3) {
			r.id = fmt.Sprintf("r%d", i+1)
		}
		var p *gpkg
		if len(g.pkgs) > 0 && !g.chance(12) {
			p = g.pkgs[g.r.IntN(len(g.pkgs))]
		}
		prod := &catalog[g.r.IntN(len(catalog))]
		if p != nil {
			prod = p.prod
		} else if g.chance(30) {
			prod = &product{name: "LTS", items: []string{"Log ingestion"}, units: []string{"GB"}}
		}
		r.product = prod.name
		if g.chance(10) {
			r.product = strings.ToLower(prod.name)
		}
		r.item = oneOf(g, prod.items...)
		if p != nil && len(p.items) > 0 && g.chance(80) {
			r.item = oneOf(g, p.items...)
		}
		if g.chance(5) {
			r.item = "Other item"
		} else if g.chance(5) {
			r.item = " " + strings.ToUpper(r.item) // another spelling of the same item
		}
		r.unit = oneOf(g, prod.units...)
		if g.chance(4) {
			r.unit = "hour"
		}
		if p != nil {
			r.spec, r.region = p.spec, p.region
			if g.chance(10) {
				r.spec = oneOf(g, "", "Standard ", "premium")
			}
			if g.chance(10) {
				r.region = oneOf(g, "", "cn-south-1", "CN-North-4")
			}
			r.project = p.project
		}
		if r.project == "" || g.chance(30) {
			r.project = oneOf(g, "", "", "default", "web", "app")
			if g.messyProjects && g.chance(50) {
				r.project = oneOf(g, "ProjA", "proja", " ProjA ", "ProjB", "PROJA")
			}
		}
		r.tags = oneOf(g, "", "", "team=web", "team=app", "team=web;env=prod")
		g.window(r, p)
		g.quantity(r, p)
		if !g.chance(25) {
			r.price = oneOf(g, "0.08", "0.1", "1", "0.0125", "0.333")
		}
		r.currency = oneOf(g, "USD", "USD", "CNY", "")
		g.recs = append(g.recs, r)
	}
	// Level packages bill storage by aligned windows: copy some windows onto others.
	for _, r := range g.recs {
		if g.chance(20) {
			o := g.recs[g.r.IntN(len(g.recs))]
			if o.product == r.product {
				r.start, r.end, r.deduct, r.blankDeduct = o.start, o.end, o.deduct, o.blankDeduct
			}
		}
	}
}

// window places a record's consumption and deduction.
func (g *gen) window(r *grec, p *gpkg) {
	var start time.Time
	switch {
	case p == nil:
		start = g.base.Add(g.offset(24 * 40))
	case p.cycleDur != nil && g.chance(30):
		b := p.cycleDur(p.eff, g.r.IntN(4))
		start = b.Add(time.Duration(oneOf(g, -2, -1, 0, 0, 1)) * time.Hour)
	case g.chance(10):
		start = p.exp.Add(time.Duration(oneOf(g, -1, 0, 0, 1)) * time.Hour)
	case g.chance(10) && !p.destroyed.IsZero():
		start = p.destroyed.Add(time.Duration(oneOf(g, -1, 0)) * time.Hour)
	default:
		span := p.exp.Sub(p.eff)
		if span > 60*24*time.Hour {
			span = 60 * 24 * time.Hour
		}
		start = p.eff.Add(time.Duration(g.r.Int64N(int64(span)+int64(time.Hour)) - int64(time.Hour))).Truncate(time.Hour)
	}
	length := time.Hour
	switch {
	case g.chance(6):
		length = 0
	case g.chance(12):
		length = time.Duration(2+g.r.IntN(30)) * time.Hour
	case g.chance(8):
		length = time.Duration(1+g.r.IntN(59)) * time.Minute
	}
	r.start, r.end = start, start.Add(length)
	if g.chance(3) {
		r.start = r.start.Add(time.Duration(1+g.r.IntN(999)) * time.Millisecond)
		if r.end.Before(r.start) {
			r.end = r.start
		}
	}
	switch {
	case g.chance(15):
		r.blankDeduct, r.deduct = true, r.end
	case g.chance(8):
		r.deduct = g.dayOf(r.end).Add(24 * time.Hour) // at midnight
	case g.chance(6):
		r.deduct = r.end.Add(time.Duration(1+g.r.IntN(20)) * 24 * time.Hour) // late
	case g.chance(10) && len(g.recs) > 0:
		r.deduct = g.recs[len(g.recs)-1].deduct // a tie
		if r.deduct.Before(r.start) {
			r.deduct = r.end
		}
	default:
		r.deduct = r.end.Add(time.Duration(g.r.IntN(16)) * time.Minute)
		if g.chance(5) {
			r.deduct = r.deduct.Add(time.Duration(g.r.IntN(1000)) * time.Millisecond)
		}
	}
}

func (g *gen) quantity(r *grec, p *gpkg) {
	switch {
	case g.zeroQty && g.chance(15):
		r.quantity = "0"
	case g.chance(5):
		r.quantity = oneOf(g, "0.000001", "0.0000000001", "0.001")
	case g.chance(10):
		r.quantity = oneOf(g, "5000", "2,920", "1500.5")
	default:
		r.quantity = fmt.Sprintf("%d", 1+g.r.IntN(40))
		if g.chance(30) {
			r.quantity += fmt.Sprintf(".%d", g.r.IntN(1000))
		}
	}
	if g.chance(8) {
		r.quantity += " " + r.unit
	}
}

// asOf picks the as-of: an instant around an event (an effective time, an end, a
// destruction, an upgrade, a reset boundary, a deduction) or a day, written as a full
// timestamp (literal), a date (the end of that day) or with an offset.
func (g *gen) asOf() (time.Time, string) {
	var events []time.Time
	for _, p := range g.pkgs {
		events = append(events, p.eff, p.exp)
		if !p.destroyed.IsZero() {
			events = append(events, p.destroyed)
		}
		if p.cycleDur != nil {
			for k := 0; k < 3; k++ {
				events = append(events, p.cycleDur(p.eff, k))
			}
		}
	}
	for _, r := range g.recs {
		events = append(events, r.deduct)
	}
	if len(events) == 0 || g.chance(10) {
		events = append(events, g.base.Add(g.offset(24*90)))
	}
	t := oneOf(g, events...)
	switch g.r.IntN(8) {
	case 0:
		t = t.Add(-time.Second)
	case 1:
		t = t.Add(time.Second)
	case 2:
		t = t.Add(-time.Hour)
	case 3:
		t = t.Add(time.Duration(1+g.r.IntN(20)) * time.Hour)
	case 4:
		t = g.dayOf(t).Add(24 * time.Hour) // the end of that day
	case 5:
		t = t.Add(time.Duration(g.r.IntN(40)) * 24 * time.Hour)
	}
	t = t.In(g.loc).Truncate(time.Second) // as written below: whole seconds
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && g.chance(50) {
		return t, t.Add(-time.Hour).Format(time.DateOnly) // a date-only as-of means the end of the day
	}
	if g.chance(15) || !readsBack(t) {
		return t, t.UTC().Format("2006-01-02T15:04:05Z07:00")
	}
	return t, t.Format(time.DateTime)
}

// readsBack reports whether t's wall clock, written without an offset, reads back as t
// in its zone: not in the hour daylight saving repeats or skips (the loader takes a
// repeated wall time as the later instant, as docs/rules.md says).
func readsBack(t time.Time) bool {
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	return wall(y, m, d, hh, mm, ss, t.Nanosecond(), t.Location()).Equal(t)
}

func (g *gen) checkPlan(prec int32) CheckPlan {
	unit := "1"
	if prec > 0 {
		unit = "0." + strings.Repeat("0", int(prec)-1) + "1"
	}
	c := CheckPlan{Pick: g.r.IntN(1000)}
	c.Tolerance = oneOf(g, "", "", "0", "0.01", "0.05", unit)
	c.Perturb = oneOf(g, "", "amount", "amount", "quantity", "quantity", "drop", "add", "noise", "unknown")
	c.Delta = oneOf(g, unit, "-"+unit, "0.01", "1", "-0.05")
	if prec == 0 {
		c.Delta = oneOf(g, "1", "-1", "2")
	}
	c.DropProject = g.chance(25)
	c.DropQuantity = g.chance(25)
	return c
}

// stamp writes an instant in one of the ways exports do: in the configured zone
// without a zone, with a T, with slashes, or with its own offset or Z; a midnight as a
// date. end says it is an expiration: a midnight is then written as the day before
// (a date-only expiration means the end of that day) or as that day's 23:59:59.
func (g *gen) stamp(t time.Time, end bool) string {
	t = t.In(g.loc)
	midnight := t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
	if midnight && end && g.chance(60) {
		prev := t.Add(-time.Hour)
		if g.chance(50) {
			return prev.Format(time.DateOnly)
		}
		return prev.Format(time.DateOnly) + " 23:59:59"
	}
	if midnight && !end && g.chance(40) {
		return t.Format(time.DateOnly)
	}
	choice := g.r.IntN(10)
	if !readsBack(t) {
		choice = 2 // an offset says which of the two instants the wall clock means
	}
	switch choice {
	case 0:
		return t.Format("2006-01-02T15:04:05.999999999")
	case 1:
		if t.Second() == 0 && t.Nanosecond() == 0 {
			return t.Format("2006/01/02 15:04")
		}
	case 2:
		return t.UTC().Format("2006-01-02T15:04:05.999999999Z")
	case 3:
		return t.In(time.FixedZone("", -5*3600)).Format("2006-01-02T15:04:05.999999999-07:00")
	}
	return t.Format("2006-01-02 15:04:05.999999999")
}

func (g *gen) writePackages() string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"package_id", "order_id", "order_time", "product", "package_type", "deductible_items",
		"specification", "configuration", "region", "enterprise_project", "effective_time", "expiration_time",
		"capacity", "unit", "reset_cycle", "reset_anchor", "fee", "currency", "order_type", "original_package_id",
		"status", "used", "remaining", "destroyed_time", "refund", "amortization", "tags"})
	for _, p := range g.pkgs {
		ot, ds := "", ""
		if !p.orderTime.IsZero() {
			ot = g.stamp(p.orderTime, false)
		}
		if !p.destroyed.IsZero() {
			ds = g.stamp(p.destroyed, false)
		}
		unit := p.unit
		if strings.Contains(p.capacity, " ") && g.chance(50) {
			unit = ""
		}
		w.Write([]string{p.id, p.orderID, ot, p.prod.name, p.typ, strings.Join(p.items, ";"),
			p.spec, "cfg " + p.id, p.region, p.project, g.stamp(p.eff, false), g.stamp(p.exp, true),
			p.capacity, unit, p.cycle, p.anchor, p.fee, p.currency, p.orderType, p.original,
			p.status, p.used, p.remaining, ds, p.refund, p.method, p.tags})
	}
	w.Flush()
	return buf.String()
}

func (g *gen) writeUsage() string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"record_id", "product", "billing_item", "specification", "region", "enterprise_project",
		"resource_id", "start_time", "end_time", "deduct_time", "quantity", "unit", "unit_price", "currency", "tags"})
	recs := slices.Clone(g.recs)
	g.r.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] }) // not in replay order
	for _, r := range recs {
		ds := ""
		if !r.blankDeduct {
			ds = g.stamp(r.deduct, false)
		}
		unit := r.unit
		if strings.Contains(r.quantity, " ") && g.chance(50) {
			unit = ""
		}
		w.Write([]string{r.id, r.product, r.item, r.spec, r.region, r.project, r.resource,
			g.stamp(r.start, false), g.stamp(r.end, false), ds, r.quantity, unit, r.price, r.currency, r.tags})
	}
	w.Flush()
	return buf.String()
}
