package replay

import (
	"fmt"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

func (l *Ledger) fmtTime(t time.Time) string { return l.FormatTime(t) }

// FormatTime prints an instant as reason messages do: TimeLayout in the ledger's zone.
func (l *Ledger) FormatTime(t time.Time) string {
	t = t.In(l.Options.Location)
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	if y < 0 || y > 9999 {
		return t.Format(TimeLayout)
	}
	two := func(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }
	b := make([]byte, 0, len(TimeLayout))
	b = two(two(b, y/100), y%100)
	b = two(append(b, '-'), int(mo))
	b = two(append(b, '-'), d)
	b = two(append(b, ' '), h)
	b = two(append(b, ':'), mi)
	b = two(append(b, ':'), s)
	return string(b)
}

// timeFailures turns slot's failure bits into Failures with their messages.
func (l *Ledger) timeFailures(ps *PackageState, r *model.Record, fails uint8, b time.Time) []Failure {
	var out []Failure
	inside := ps.Pkg.Resettable() || ps.Pkg.Type.IsLevel()
	if fails&failNotYet != 0 {
		what, at := "consumption starts", r.Start()
		if !inside {
			what, at = "deducted at", r.Deduct()
		}
		out = append(out, Failure{Code: CodeNotYetEffective, Message: fmt.Sprintf(
			"%s %s, before the package takes effect at %s", what, l.fmtTime(at), l.fmtTime(ps.Pkg.Effective))})
	}
	if fails&failEnded != 0 {
		what, at := "consumption ends", r.End()
		if !inside {
			what, at = "consumption starts", r.Start()
		}
		code, event := CodeExpired, "expired"
		switch ps.EndCause {
		case EndDestroyed:
			code, event = CodeDestroyed, "was destroyed"
		case EndUpgraded:
			code, event = CodeSuperseded, fmt.Sprintf("was superseded by upgrade %s", ps.UpgradedBy)
		}
		when := "after" // the validity end is exclusive: a start exactly at it is outside
		if at.Equal(ps.End) {
			when = "the moment"
		}
		msg := fmt.Sprintf("%s %s, %s the package %s at %s", what, l.fmtTime(at), when, event, l.fmtTime(ps.End))
		if !ps.Pkg.Effective.Before(ps.End) { // an empty validity: whenever the consumption is
			msg = fmt.Sprintf("the package %s at %s, the moment it took effect: it is valid at no instant", event, l.fmtTime(ps.End))
		}
		out = append(out, Failure{Code: code, Boundary: ps.End, Message: msg})
	}
	if fails&failCrosses != 0 {
		out = append(out, Failure{Code: CodeCrossesResetPeriod, Boundary: b, Message: fmt.Sprintf(
			"consumption %s → %s crosses the reset at %s", l.fmtTime(r.Start()), l.fmtTime(r.End()), l.fmtTime(b))})
	}
	return out
}

// exhausted describes the used-up period (or level window) that could have deducted r.
func (l *Ledger) exhausted(pi, k int, r *model.Record) Failure {
	ps := &l.Packages[pi]
	per := &ps.Periods[k]
	var entries []int
	at := per.ExhaustedAt
	what := "the package"
	if ps.Pkg.Resettable() {
		what = fmt.Sprintf("period %s → %s", l.fmtTime(per.Start), l.fmtTime(per.End))
	}
	if ps.Pkg.Type.IsLevel() {
		start, end := r.Start(), r.End()
		at = time.Time{}
		what = fmt.Sprintf("window %s → %s", l.fmtTime(start), l.fmtTime(end))
		for i, w := range l.Windows(pi) {
			if w.Start.Equal(start) && w.End.Equal(end) {
				entries, at = l.WindowEntries(pi, i), w.ExhaustedAt
			}
		}
	} else {
		entries = l.PeriodEntries(pi, k)
	}
	f := Failure{Code: CodeExhausted, ExhaustedAt: at, FirstRecords: l.firstRecords(entries, 3)}
	capText := fmt.Sprintf("%s %s", ps.Pkg.Capacity.String(), ps.Pkg.Unit)
	switch {
	case at.IsZero() && len(f.FirstRecords) == 0:
		f.Message = fmt.Sprintf("%s has no capacity left (capacity %s)", what, capText)
	case at.IsZero():
		f.Message = fmt.Sprintf("%s has no capacity left (capacity %s, first used by %s)",
			what, capText, strings.Join(f.FirstRecords, ", "))
	default:
		f.Message = fmt.Sprintf("%s ran out of its %s at %s (first used by %s)",
			what, capText, l.fmtTime(at), strings.Join(f.FirstRecords, ", "))
	}
	return f
}

// firstRecords returns the distinct record ids of the first entries, up to n.
func (l *Ledger) firstRecords(entries []int, n int) []string {
	var ids []string
	for _, e := range entries {
		id := l.Records[l.Entries[e].Record].Rec.ID
		if len(ids) > 0 && ids[len(ids)-1] == id {
			continue
		}
		if ids = append(ids, id); len(ids) == n {
			break
		}
	}
	return ids
}
