package amortize

import (
	"slices"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// Used is what amortization needs of the usage when the replay is made a part at a
// time (replay.Session): each package period's deductions grouped as its used rows group
// them (day, enterprise project, tags: rules.md §3.4), gathered part after part, so that
// no record or entry is kept. Its size grows with the used rows, not with the records.
type Used struct {
	cal  *calendar
	tags tagTable
	per  map[[2]int32]*usedPeriod // by package and period index
}

// usedPeriod is one period's groups, in the order first met, and where each key is.
type usedPeriod struct {
	first, last day
	index       map[useKey]int
	groups      []useGroup
}

// NewUsed starts gathering for an amortization with cfg (its Location is the
// calendar's, which cfg must give).
func NewUsed(cfg Config) *Used {
	return &Used{cal: newCalendar(cfg.Location), per: map[[2]int32]*usedPeriod{}}
}

// Add gathers the deductions of a part's ledger; parts come in replay order.
func (u *Used) Add(part *replay.Ledger) {
	for i := range part.Entries {
		en := &part.Entries[i]
		if en.Package < 0 {
			continue
		}
		k := [2]int32{en.Package, en.Period}
		up := u.per[k]
		if up == nil {
			per := &part.Packages[en.Package].Periods[en.Period]
			up = &usedPeriod{index: map[useKey]int{}}
			up.first, up.last = u.cal.span(per.Start, per.End)
			u.per[k] = up
		}
		rec := part.Records[en.Record].Rec
		at := rec.Deduct()
		if at.IsZero() {
			at = rec.End()
		}
		key := useKey{clampDay(u.cal.before(at), up.first, up.last), model.Norm(rec.EnterpriseProject), u.tags.id(rec.Tags)}
		g, ok := up.index[key]
		if !ok {
			g = len(up.groups)
			up.index[key] = g
			up.groups = append(up.groups, useGroup{key: key, project: rec.EnterpriseProject, tags: rec.Tags})
		}
		up.groups[g].qty.AddAmount(en.Quantity)
	}
}

// RunUsed is RunLazy for the ledger of a replay made in parts (replay.Session's Finish),
// with its deductions gathered in used.
func RunUsed(l *replay.Ledger, cfg Config, used *Used) (*Result, error) {
	return runWith(l, cfg, false, used)
}

// usedGroups puts period k of package pi's gathered groups in sc.groups, sorted by key.
func (e *engine) usedGroups(pi, k int) {
	sc := &e.scr
	sc.groups = sc.groups[:0]
	if up := e.used.per[[2]int32{int32(pi), int32(k)}]; up != nil {
		sc.groups = append(sc.groups, up.groups...)
	}
	slices.SortFunc(sc.groups, func(x, y useGroup) int { return e.cmpUseKey(x.key, y.key) })
}
