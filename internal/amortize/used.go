package amortize

import (
	"cmp"
	"slices"
	"strings"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// Used is what amortization needs of the usage when the replay is made a part at a
// time (replay.Session): the deductions of each period of the packages amortized by
// usage, grouped as their used rows group them (day, enterprise project, tags: rules.md
// §3.4), gathered part after part, so that no record or entry is kept. Its size grows
// with the used rows (about 100 bytes each), not with the records.
type Used struct {
	cfg     Config
	byUsage []int8 // per package index: 1 amortized by usage (its deductions gathered), -1 not, 0 not yet known
	cal     *calendar
	tags    tagTable
	tagsOf  []model.Tags // per tag id, the tags as first met
	tagsMet []bool
	texts   model.Interner                   // project texts (normalized forms and spellings)
	spans   map[[2]int32][2]day              // per period: its first and last day
	attrs   map[*model.RecordAttrs]usedAttrs // the records' shared attributes, as ids
	index   map[usedKey]int32                // into groups
	groups  []usedGroup
	sorted  bool // groups are sorted by package, period, then as the used rows go
}

// usedKey is a used row of a package period: its day, normalized project and tags.
type usedKey struct {
	pkg, per int32
	d        day
	project  int32
	tags     int32
}

type usedGroup struct {
	key      usedKey
	spelling int32 // the project as first met, in replay order
	qty      exact.QtySum
}

// NewUsed starts gathering for an amortization with cfg (its Location is the
// calendar's, which cfg must give).
func NewUsed(cfg Config) *Used {
	return &Used{cfg: cfg, cal: newCalendar(cfg.Location), spans: map[[2]int32][2]day{},
		attrs: map[*model.RecordAttrs]usedAttrs{}, index: map[usedKey]int32{}}
}

// Add gathers the deductions of a part's ledger; parts come in replay order.
func (u *Used) Add(part *replay.Ledger) {
	for i := range part.Entries {
		en := &part.Entries[i]
		if en.Package < 0 || !u.byUsageOf(part, en.Package) {
			continue
		}
		pp := [2]int32{en.Package, en.Period}
		span, ok := u.spans[pp]
		if !ok {
			per := &part.Packages[en.Package].Periods[en.Period]
			span[0], span[1] = u.cal.span(per.Start, per.End)
			u.spans[pp] = span
		}
		rec := part.Record(en.Record)
		at := rec.Deduct()
		if at.IsZero() {
			at = rec.End()
		}
		ra, ok := u.attrs[rec.RecordAttrs]
		if !ok {
			ra = u.attrsOf(rec)
			u.attrs[rec.RecordAttrs] = ra
		}
		key := usedKey{pkg: en.Package, per: en.Period, d: clampDay(u.cal.before(at), span[0], span[1]),
			project: ra.project, tags: ra.tags}
		g, ok := u.index[key]
		if !ok {
			g = int32(len(u.groups))
			u.index[key] = g
			u.groups = append(u.groups, usedGroup{key: key, spelling: ra.spelling})
		}
		u.groups[g].qty.AddAmount(en.Quantity)
	}
}

// byUsageOf reports whether package pi (of every part's ledger alike) is amortized by
// usage: only those have used rows, whose deductions are gathered. A package without a
// fee is not amortized at all.
func (u *Used) byUsageOf(part *replay.Ledger, pi int32) bool {
	if int(pi) >= len(u.byUsage) {
		u.byUsage = append(u.byUsage, make([]int8, len(part.Packages)-len(u.byUsage))...)
	}
	if u.byUsage[pi] == 0 {
		u.byUsage[pi] = -1
		if byUsage(part.Packages[pi].Pkg, u.cfg) {
			u.byUsage[pi] = 1
		}
	}
	return u.byUsage[pi] > 0
}

// usedAttrs is what a used row takes of a record's attributes (which many records share).
type usedAttrs struct{ project, spelling, tags int32 }

// attrsOf is rec's normalized project, its spelling and its tags, as ids (the tags as
// first met kept in tagsOf).
func (u *Used) attrsOf(rec *model.Record) usedAttrs {
	tags := u.tags.id(rec.Tags)
	for len(u.tagsOf) <= int(tags) {
		u.tagsOf, u.tagsMet = append(u.tagsOf, nil), append(u.tagsMet, false)
	}
	if !u.tagsMet[tags] {
		u.tagsOf[tags], u.tagsMet[tags] = rec.Tags, true
	}
	return usedAttrs{project: u.texts.ID(model.Norm(rec.EnterpriseProject)), spelling: u.texts.ID(rec.EnterpriseProject), tags: tags}
}

// RunUsed is RunLazy for the ledger of a replay made in parts (replay.Session's Finish),
// with its deductions gathered in used.
func RunUsed(l *replay.Ledger, cfg Config, used *Used) (*Result, error) {
	return runWith(l, cfg, false, used)
}

// sort puts the gathered groups in order, by package, period, then as the used rows go
// (once, when all are gathered: the amortization only reads them from then on).
func (u *Used) sort() {
	if u.sorted {
		return
	}
	u.index, u.spans, u.attrs = nil, nil, nil // all gathered
	slices.SortFunc(u.groups, func(x, y usedGroup) int {
		if c := cmp.Compare(x.key.pkg, y.key.pkg); c != 0 {
			return c
		}
		if c := cmp.Compare(x.key.per, y.key.per); c != 0 {
			return c
		}
		if c := cmp.Compare(x.key.d, y.key.d); c != 0 {
			return c
		}
		if c := strings.Compare(u.texts.Texts[x.key.project], u.texts.Texts[y.key.project]); c != 0 {
			return c
		}
		return strings.Compare(u.tags.str[x.key.tags], u.tags.str[y.key.tags])
	})
	u.sorted = true
}

// usedGroups puts period k of package pi's gathered groups in sc.groups, in the order of
// its used rows (u is sorted).
func (e *engine) usedGroups(pi, k int) {
	u, sc := e.used, &e.scr
	at := func(g usedGroup) [2]int32 { return [2]int32{g.key.pkg, g.key.per} }
	want := [2]int32{int32(pi), int32(k)}
	lo, _ := slices.BinarySearchFunc(u.groups, want, func(g usedGroup, w [2]int32) int {
		return cmp.Or(cmp.Compare(at(g)[0], w[0]), cmp.Compare(at(g)[1], w[1]))
	})
	sc.groups = sc.groups[:0]
	for _, g := range u.groups[lo:] {
		if at(g) != want {
			break
		}
		sc.groups = append(sc.groups, useGroup{key: useKey{d: g.key.d, project: u.texts.Texts[g.key.project], tags: g.key.tags},
			project: u.texts.Texts[g.spelling], tags: u.tagsOf[g.key.tags], qty: g.qty})
	}
}
