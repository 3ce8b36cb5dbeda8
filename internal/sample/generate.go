package sample

// Synthetic data for `pkgctl sample generate`: a catalog of products, packages drawn from
// it over 2024-01-01 … 2025-12-31, and hourly usage records drawn mostly against those
// packages. Invariants: the same GenOptions give byte-identical output; every row is
// valid under rules.md §1.5 (no negatives, end ≥ start, deduct ≥ start, expiration after
// effective, destroyed ≥ effective, refund ≤ fee, unique ids, originals exist and come
// earlier, an upgrade takes effect after its original, renewals/upgrades keep the unit).

import (
	"bufio"
	"cmp"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

// GenOptions sizes and seeds a synthetic data set.
type GenOptions struct {
	Packages int   // package rows to write, ≥ 0, whose reset periods stay within MaxPeriods
	Records  int   // usage rows to write, 0 … MaxRecords
	Seed     int64 // same options → byte-identical output
	// MaxPeriods is the most reset periods the packages may make together, so that the
	// files load (limits.total_periods); 0 means DefaultMaxPeriods.
	MaxPeriods int64
	// MaxLinearDays is the most days the packages amortized linearly may span together
	// (limits.linear_days); 0 means DefaultMaxLinearDays. Linear says which packages are
	// (amortize.Linear under the configuration), their wall clocks read in Location (nil:
	// UTC); nil counts none.
	MaxLinearDays int64
	Linear        func(*model.Package) bool
	Location      *time.Location
}

// GenPackagesHeader is the packages header Generate writes: the embedded sample's columns
// in the same order, with destroyed_time and refund inserted before amortization.
var GenPackagesHeader = []string{"package_id", "order_id", "order_time", "product",
	"package_type", "deductible_items", "specification", "configuration", "region",
	"enterprise_project", "effective_time", "expiration_time", "capacity", "unit",
	"reset_cycle", "reset_anchor", "fee", "currency", "order_type", "original_package_id",
	"destroyed_time", "refund", "amortization", "tags"}

// GenUsageHeader is the usage header Generate writes, the embedded sample's.
var GenUsageHeader = []string{"record_id", "product", "billing_item", "specification",
	"region", "enterprise_project", "resource_id", "start_time", "end_time", "deduct_time",
	"quantity", "unit", "unit_price", "currency", "tags"}

// Generate writes opt.Packages package rows to packages and opt.Records usage rows to
// usage, as CSV with GenPackagesHeader and GenUsageHeader. Most records match a package
// (some exhaust it); the rest exercise the mismatch reasons. Times have no zone suffix.
// Options it refuses (an *UsageError) write nothing.
func Generate(opt GenOptions, packages, usage io.Writer) error {
	g, err := newGen(opt)
	if err != nil {
		return err
	}
	return g.write(packages, usage)
}

// newGen checks opt and draws the packages: all that can refuse opt, before anything
// is written.
func newGen(opt GenOptions) (*gen, error) {
	if err := checkOptions(opt); err != nil {
		return nil, err
	}
	src := rand.NewPCG(uint64(opt.Seed), 0x706b6763746c)
	g := &gen{rng: rand.New(src), src: src, opt: opt}
	if err := g.makePackages(cmp.Or(opt.MaxPeriods, DefaultMaxPeriods), cmp.Or(opt.MaxLinearDays, DefaultMaxLinearDays)); err != nil {
		return nil, err
	}
	return g, nil
}

// write writes the packages drawn, then the usage.
func (g *gen) write(packages, usage io.Writer) error {
	pw := bufio.NewWriterSize(packages, 1<<16)
	g.writePackages(pw)
	if err := pw.Flush(); err != nil {
		return err
	}
	uw := bufio.NewWriterSize(usage, 1<<16)
	g.writeUsage(uw)
	return uw.Flush()
}

// genPkg is one generated package; hours count from genBase, -1 means blank.
type genPkg struct {
	prod, off             uint8
	region, project, spec int8
	blankItems            bool
	cycle, anchor         string
	months                int
	eff, end              int32 // validity [eff, end) before any destruction or upgrade
	endStyle              int   // expiration written as 0 a date, 1 "23:59:59", 2 a timestamp
	capUnits, capMilli    int64 // capacity in package units / in milli record-units
	periods, appetite     int64 // reset periods; % of the capacity its records ask for
	fee, refund           int64 // cents
	orderType             string
	orig                  int
	destroyed             int32
	destroyedMin          int
	ordered               int32
	orderedMin            int
	amort, tags           string
}

// gen holds the random source and the packages drawn so far.
type gen struct {
	rng   *rand.Rand
	src   *rand.PCG // rng's source: its state is saved to draw the records again
	opt   GenOptions
	pkgs  []genPkg
	cands []int // packages not yet renewed or upgraded, not destroyed
}

// makePackages draws opt.Packages packages, counting their reset periods as the loader
// does, and refuses them at the first that takes the total past most: a huge --packages
// costs no more than the packages that load (most of them reset, 5 periods on average).
// The slice is sized once (growing it copies what fresh memory costs most to fill), at
// most to most packages, past which those that reset make too many periods.
func (g *gen) makePackages(most, mostDays int64) error {
	g.pkgs = make([]genPkg, 0, min(int64(g.opt.Packages), most))
	var total, days int64
	for range g.opt.Packages {
		var p genPkg
		switch r := g.rng.IntN(100); {
		case r < 5 && g.upgrade(&p):
		case r >= 5 && r < 10 && g.renew(&p):
		default:
			g.newPkg(&p)
		}
		g.finish(&p)
		if total += resetPeriods(&p); total > most {
			return tooManyPeriods(g.opt, len(g.pkgs)+1, total, most)
		}
		if days += linearDays(&p, g.opt.Linear, g.opt.Location); days > mostDays {
			return tooManyDays(g.opt, len(g.pkgs)+1, days, mostDays)
		}
		if p.destroyed < 0 {
			g.cands = append(g.cands, len(g.pkgs))
		}
		g.pkgs = append(g.pkgs, p)
	}
	return nil
}

func (g *gen) newPkg(p *genPkg) {
	r := g.rng
	ref := offerRefs[r.IntN(len(offerRefs))]
	pr, o := &catalog[ref[0]], &catalog[ref[0]].offers[ref[1]]
	*p = genPkg{prod: ref[0], off: ref[1], region: -1, project: -1, spec: -1,
		orderType: "new", orig: -1, cycle: "none"}
	level := o.typ != "usage"
	if pick(r, 40) || level && pick(r, 70) {
		p.region = int8(r.IntN(len(genRegions)))
	}
	if pick(r, 30) {
		p.project = int8(r.IntN(len(genProjects)))
	}
	if len(pr.specs) > 0 {
		p.spec = int8(r.IntN(len(pr.specs)))
	}
	p.blankItems = pick(r, o.blankPct)
	p.capUnits = o.caps[r.IntN(len(o.caps))]
	p.months = []int{1, 3, 6, 12, 12}[r.IntN(5)]
	if !level {
		g.reset(p)
	}
	g.place(p)
}

// reset draws the reset cycle and anchor (and a validity that suits them).
func (g *gen) reset(p *genPkg) {
	r := g.rng
	switch v := r.IntN(100); {
	case v < 50:
	case v < 70:
		p.cycle, p.anchor, p.months = "month", "subscription", []int{3, 6, 12}[r.IntN(3)]
	case v < 80:
		p.cycle, p.anchor, p.months = "month", "natural", []int{3, 6, 12}[r.IntN(3)]
	case v < 86:
		p.cycle, p.anchor, p.months = "year", "subscription", []int{12, 24}[r.IntN(2)]
	case v < 94:
		p.cycle, p.anchor, p.months = "day", "16:00", 1
	case v < 97:
		p.cycle, p.anchor, p.months = "day", "natural", 1
	default:
		p.cycle, p.anchor, p.months = "day", "subscription", 1
	}
}

// place draws the effective time; the validity runs p.months to midnight (or 16:00 for
// a 16:00 reset anchor) and ends by genLimit.
func (g *gen) place(p *genPkg) {
	start := timeOf(genStart)
	days := int(timeOf(genLimit).AddDate(0, -p.months, -2).Sub(start) / (24 * time.Hour))
	eff := start.AddDate(0, 0, g.rng.IntN(max(days, 0)+1))
	end := eff.AddDate(0, p.months, 0)
	switch {
	case p.anchor == "16:00":
		eff, end = eff.Add(9*time.Hour), end.Add(16*time.Hour)
	case pick(g.rng, 30):
		eff = eff.Add(time.Duration(g.rng.IntN(24)) * time.Hour)
	}
	p.eff, p.end = hourOf(eff), hourOf(end)
}

// takeCand removes and returns a random candidate original satisfying ok.
func (g *gen) takeCand(ok func(o *genPkg) bool) (int, bool) {
	if len(g.cands) == 0 {
		return 0, false
	}
	i := g.rng.IntN(len(g.cands))
	k := g.cands[i]
	if !ok(&g.pkgs[k]) {
		return 0, false
	}
	g.cands[i] = g.cands[len(g.cands)-1]
	g.cands = g.cands[:len(g.cands)-1]
	return k, true
}

// upgrade makes p a bigger package replacing an earlier usage package mid-validity.
func (g *gen) upgrade(p *genPkg) bool {
	k, ok := g.takeCand(func(o *genPkg) bool {
		return catalog[o.prod].offers[o.off].typ == "usage" && o.end-o.eff >= 72
	})
	if !ok {
		return false
	}
	o := g.pkgs[k]
	*p = o
	p.orderType, p.orig = "upgrade", k
	p.eff = o.eff + 24 + g.rng.Int32N(o.end-o.eff-47)
	p.capUnits = o.capUnits * 2
	for _, c := range catalog[o.prod].offers[o.off].caps {
		if c > o.capUnits {
			p.capUnits = c
			break
		}
	}
	return true
}

// renew makes p a same-size package taking over when an earlier one expires.
func (g *gen) renew(p *genPkg) bool {
	k, ok := g.takeCand(func(o *genPkg) bool {
		return hourOf(timeOf(o.end).AddDate(0, o.months, 0)) <= genLimit
	})
	if !ok {
		return false
	}
	o := g.pkgs[k]
	*p = o
	p.orderType, p.orig = "renewal", k
	p.eff, p.end = o.end, hourOf(timeOf(o.end).AddDate(0, o.months, 0))
	return true
}

// finish draws what every package has: the derived capacity and fee, a possible
// destruction with its refund, the order time, amortization and tags.
func (g *gen) finish(p *genPkg) {
	r := g.rng
	o := &catalog[p.prod].offers[p.off]
	p.capMilli = p.capUnits * o.scale
	p.endStyle = r.IntN(3)
	mult := int64(1)
	switch {
	case o.typ != "usage" || p.cycle == "month":
		mult = int64(p.months)
	case p.cycle == "year":
		mult = int64(p.months+11) / 12
	case p.cycle == "day":
		mult = int64(p.months) * 15
	}
	p.periods = periodsOf(p)
	p.appetite = []int64{20, 40, 70, 100, 180}[r.IntN(5)]
	p.fee = max(100, (p.capUnits*o.num/o.den*mult+50)/100*100)
	p.destroyed, p.destroyedMin, p.refund = -1, 0, -1
	if pick(r, 3) {
		p.destroyed = p.eff + 1 + r.Int32N(p.end-p.eff-1)
		p.destroyedMin = r.IntN(60)
		if pick(r, 75) {
			p.refund = p.fee * int64(p.end-p.destroyed) / int64(p.end-p.eff)
		}
	}
	p.ordered, p.orderedMin = p.eff-1-r.Int32N(72), r.IntN(60)
	p.amort = ""
	switch v := r.IntN(10); {
	case v == 9:
		p.amort = "linear"
	case v >= 7 && o.typ == "usage":
		p.amort = "usage"
	}
	p.tags = genPkgTags[r.IntN(len(genPkgTags))]
}

// periodsOf is about how many reset periods p's validity holds.
func periodsOf(p *genPkg) int64 {
	switch p.cycle {
	case "day":
		return int64(p.end-p.eff+23) / 24
	case "month":
		return int64(p.months)
	case "year":
		return int64(p.months+11) / 12
	}
	return 1
}

// draft is one usage record before it is numbered and written; -1 means blank.
type draft struct {
	qty                    int64 // milli-units
	hour                   int32 // start, on the hour
	res                    int16
	prod, item, span, dmin uint8
	region, project, spec  int8
	env                    uint8
}

// eachDraft draws the opt.Records drafts in order, 85% aimed at a package (a level
// package gets a cluster sharing one window), the rest anywhere in the catalog and the
// period, and hands each to fn with its draw index.
func (g *gen) eachDraft(fn func(i int, d *draft)) {
	n := g.opt.Records
	per := max(1, int64(n)*85/100/max(1, int64(len(g.pkgs))))
	var ds []draft
	for i := 0; i < n; {
		ds = ds[:0]
		if len(g.pkgs) > 0 && pick(g.rng, 85) {
			ds = g.aimed(ds, &g.pkgs[g.rng.IntN(len(g.pkgs))], per)
		} else {
			ds = append(ds, g.stray())
		}
		for k := 0; k < len(ds) && i < n; k++ {
			fn(i, &ds[k])
			i++
		}
	}
}

// aimed appends records matching p's attributes inside its validity; their quantities
// ask p.appetite% of its total capacity over about per records, so some exhaust it.
func (g *gen) aimed(ds []draft, p *genPkg, per int64) []draft {
	r := g.rng
	pr, o := &catalog[p.prod], &catalog[p.prod].offers[p.off]
	d := g.attrs(p.prod, o.items[r.IntN(len(o.items))])
	if p.region >= 0 {
		d.region = p.region
	}
	if p.project >= 0 {
		d.project = p.project
	}
	if p.spec >= 0 {
		d.spec = p.spec
	}
	it := &pr.items[d.item]
	if !it.level {
		if pick(r, 1) || p.cycle == "day" && pick(r, 10) {
			d.span = uint8(2 + r.IntN(5)) // may cross a reset
		}
		d.hour = p.eff + r.Int32N(p.end-p.eff-int32(d.span)+1)
		mean := min(p.capMilli*p.periods*p.appetite/100/per, 2*p.capMilli)
		d.qty = g.round(it, mean/4+r.Int64N(mean*3/2+1))
		return append(ds, d)
	}
	d.hour = p.eff + r.Int32N(p.end-p.eff)
	k, base := 2+r.IntN(4), r.IntN(900)
	if it.whole {
		k = 1 + r.IntN(int(p.capUnits)+2)
	}
	for i := range k {
		d.res = int16(base + i)
		d.qty = 1000
		if !it.whole {
			d.qty = g.round(it, p.capMilli*int64(15+r.IntN(30))/100)
		}
		ds = append(ds, d)
	}
	return ds
}

// stray draws a record anywhere: it may or may not match a package.
func (g *gen) stray() draft {
	r := g.rng
	pr := r.IntN(len(catalog))
	d := g.attrs(uint8(pr), uint8(r.IntN(len(catalog[pr].items))))
	it := &catalog[pr].items[d.item]
	d.hour = genStart + r.Int32N(genLimit-genStart)
	d.qty = g.round(it, it.lo+r.Int64N(it.hi-it.lo+1))
	return d
}

// attrs draws a one-hour record's region, project, specification, resource and tags.
func (g *gen) attrs(prod, it uint8) draft {
	r := g.rng
	d := draft{prod: prod, item: it, span: 1, dmin: uint8(1 + r.IntN(15)), spec: -1,
		region: int8(r.IntN(len(genRegions))), project: int8(r.IntN(len(genProjects))),
		res: int16(r.IntN(100)), env: uint8(r.IntN(5) / 4)}
	if pick(r, 3) {
		d.project = -1
	}
	if specs := catalog[prod].specs; len(specs) > 0 {
		d.spec = int8(r.IntN(len(specs)))
	}
	return d
}

// round cuts a milli quantity to whole units, tenths or thousandths (at least one step).
func (g *gen) round(it *item, q int64) int64 {
	step := int64(1000)
	if !it.whole {
		step = []int64{1000, 100, 1}[g.rng.IntN(3)]
	}
	return max(q/step*step, step)
}

func (g *gen) writePackages(w *bufio.Writer) {
	w.WriteString(strings.Join(GenPackagesHeader, ",") + "\n")
	b := make([]byte, 0, 512)
	for i := range g.pkgs {
		b = g.appendPackage(b[:0], i)
		w.Write(b)
	}
}

func (g *gen) appendPackage(b []byte, i int) []byte {
	p := &g.pkgs[i]
	pr, o := &catalog[p.prod], &catalog[p.prod].offers[p.off]
	b = append(appendPadded(append(b, "PKG"...), i+1, 6), ",ORD"...)
	b = append(appendPadded(b, i+1, 7), ',')
	b = append(appendTime(b, p.ordered, p.orderedMin), ',')
	b = append(append(append(append(b, pr.name...), ','), o.typ...), ',')
	if !p.blankItems {
		b = append(b, joinItems(pr, o)...)
	}
	b = appendOpt(append(b, ','), pr.specs, p.spec)
	b = strconv.AppendInt(append(b, ','), p.capUnits, 10)
	b = append(append(b, ' '), o.unit...)
	if p.cycle != "none" {
		b = append(append(b, '/'), p.cycle...)
	}
	b = append(append(append(b, ' '), o.what...), ',')
	b = appendOpt(b, genRegions, p.region)
	b = append(appendOpt(append(b, ','), genProjects, p.project), ',')
	b = append(appendTime(b, p.eff, 0), ',')
	b = append(appendExpiration(b, p.end, p.endStyle), ',')
	b = append(strconv.AppendInt(b, p.capUnits, 10), ',')
	b = append(append(b, o.unit...), ',')
	b = append(append(append(append(b, p.cycle...), ','), p.anchor...), ',')
	b = append(append(appendCents(b, p.fee), ",USD,"...), p.orderType...)
	b = append(b, ',')
	if p.orig >= 0 {
		b = appendPadded(append(b, "PKG"...), p.orig+1, 6)
	}
	b = append(b, ',')
	if p.destroyed >= 0 {
		b = appendTime(b, p.destroyed, p.destroyedMin)
	}
	b = append(b, ',')
	if p.refund >= 0 {
		b = appendCents(b, p.refund)
	}
	b = append(append(append(append(b, ','), p.amort...), ','), p.tags...)
	return append(b, '\n')
}

// appendOpt writes names[i], or nothing when i is -1.
func appendOpt(b []byte, names []string, i int8) []byte {
	if i < 0 {
		return b
	}
	return append(b, names[i]...)
}

// appendExpiration writes the exclusive end: a date-only value or "23:59:59" for the
// day before a midnight end (both mean the end of that day), else the timestamp.
func appendExpiration(b []byte, end int32, style int) []byte {
	if end%24 != 0 || style == 2 {
		return appendTime(b, end, 0)
	}
	b = append(b, genDays[(end-1)/24]...)
	if style == 1 {
		b = append(b, " 23:59:59"...)
	}
	return b
}

// writeUsage writes the drafts by start hour (then as drawn), numbering them in that order.
// chunkDrafts is how many drafts writeUsage holds at once: the records are written in
// hour order, so a larger account is drawn again for each span of hours holding at most
// this many (the same drafts each time: the source's state is restored), and never held
// whole (100M records: 7 draws, 450 MB).
var chunkDrafts = 1 << 24

// writeUsage writes the drafts in hour order (stable: in draw order within an hour),
// numbered in that order.
func (g *gen) writeUsage(w *bufio.Writer) {
	w.WriteString(strings.Join(GenUsageHeader, ",") + "\n")
	saved := *g.src
	counts := make([]int, genLimit+1) // drafts per hour
	if g.opt.Records > chunkDrafts {
		g.eachDraft(func(_ int, d *draft) { counts[d.hour]++ })
	} else {
		counts[genLimit] = g.opt.Records // one span: every hour
	}
	b := make([]byte, 0, 256)
	var ds []draft // one span's drafts, allocated once for the largest
	var order []int32
	id, last := 0, int(genLimit)
	for lo := 0; lo <= last; {
		hi, n := lo, 0 // the span of hours [lo, hi) holds n drafts, at most chunkDrafts (or one hour)
		for hi <= last && (hi == lo || n+counts[hi] <= chunkDrafts) {
			n += counts[hi]
			hi++
		}
		if n > 0 {
			*g.src = saved
			if cap(ds) < n {
				ds, order = make([]draft, 0, max(n, min(g.opt.Records, chunkDrafts))), nil
			}
			ds = ds[:0]
			whole := lo == 0 && hi > last
			g.eachDraft(func(_ int, d *draft) {
				if whole || int(d.hour) >= lo && int(d.hour) < hi {
					ds = append(ds, *d)
				}
			})
			order = byHour(ds, order)
			for _, k := range order {
				id++
				b = appendRecord(b[:0], id, &ds[k])
				w.Write(b)
			}
		}
		lo = hi
	}
}

// byHour is a stable counting sort of the drafts by start hour.
func byHour(ds []draft, order []int32) []int32 {
	next := make([]int32, genLimit+1)
	for i := range ds {
		next[ds[i].hour]++
	}
	var pos int32
	for h, c := range next {
		next[h], pos = pos, pos+c
	}
	if cap(order) < len(ds) {
		order = make([]int32, len(ds))
	}
	order = order[:len(ds)]
	for i := range ds {
		h := ds[i].hour
		order[next[h]] = int32(i)
		next[h]++
	}
	return order
}

func appendRecord(b []byte, id int, d *draft) []byte {
	pr := &catalog[d.prod]
	it := &pr.items[d.item]
	b = append(appendPadded(append(b, 'U'), id, 8), ',')
	b = append(append(append(append(b, pr.name...), ','), it.name...), ',')
	b = append(appendOpt(b, pr.specs, d.spec), ',')
	b = append(appendOpt(b, genRegions, d.region), ',')
	b = append(appendOpt(b, genProjects, d.project), ',')
	b = append(appendPadded(append(append(b, pr.res...), '-'), int(d.res), 3), ',')
	end := d.hour + int32(d.span)
	b = append(appendTime(b, d.hour, 0), ',')
	b = append(appendTime(b, end, 0), ',')
	b = append(appendTime(b, end, int(d.dmin)), ',')
	b = append(appendMilli(b, d.qty), ',')
	b = append(append(append(append(b, it.unit...), ','), it.price...), ",USD,"...)
	if d.project >= 0 {
		b = append(b, recordTags[d.project][d.env]...)
	}
	return append(b, '\n')
}
