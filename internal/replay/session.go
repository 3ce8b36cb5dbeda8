package replay

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Session replays usage that arrives a part at a time, in replay order (rules.md §2.4):
// every record of a part comes after every record of the parts before it. What the
// packages gave (each period's and level window's running state, which periods ran
// out) carries from part to part, so the parts' entries, one part after the other, are
// the entries Run gives for all the records at once, while only one part's records are
// held.
type Session struct {
	l    *Ledger // the packages and their state; no records
	rp   *replayer
	last replayKey // the last record replayed
	some bool      // a record was replayed
	// retire lets go, after each part, of the level windows no later record can reach
	// (windows.retire), keeping what they leave for the overview when keep is set (the
	// replay ends with Finish(true)).
	retire, keep bool
}

// retireSlack is how much earlier than the records so far a later record may start
// before its deduct_time without finding its level window let go of: windows are kept
// from twice the records' longest lag, plus a day, before the last deduct_time.
const retireSlack = 24 * time.Hour

// replayKey is a record's place in the replay order: deduct_time, start_time, end_time,
// record id (the order sortKeys puts records in).
type replayKey struct {
	deduct, start, end model.Stamp
	id                 string
}

func keyOf(r *model.Record) replayKey {
	s, e, d := r.Stamps()
	return replayKey{deduct: d, start: s, end: e, id: r.ID}
}

func (a replayKey) compare(b replayKey) int {
	if c := cmp.Compare(a.deduct, b.deduct); c != 0 {
		return c
	}
	if c := cmp.Compare(a.start, b.start); c != 0 {
		return c
	}
	if c := cmp.Compare(a.end, b.end); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// UnorderedError is a record that comes, in replay order, before records already
// replayed: the usage is not ordered by deduct_time.
type UnorderedError struct {
	Line   int       // the record's line (CSV) or row (XLSX)
	ID     string    // its record_id
	Deduct time.Time // its deduct_time
	After  time.Time // the deduct_time of records replayed before it was read
}

func (e *UnorderedError) Error() string {
	return fmt.Sprintf("record %s (line %d) is deducted at %s, before records already replayed (deducted at %s): the usage is not ordered by deduct_time",
		e.ID, e.Line, e.Deduct.Format(time.RFC3339), e.After.Format(time.RFC3339))
}

// NewSession starts a session on pkgs, which must not change while it runs.
func NewSession(pkgs []model.Package, opt Options) (*Session, error) {
	l, err := newLedger(pkgs, opt)
	if err != nil {
		return nil, err
	}
	return &Session{l: l, rp: newReplayer(l)}, nil
}

// Replay replays recs, the next part (those deducted by Options.AsOf), and returns its
// ledger: the part's records and their entries, in replay order, with the session's
// packages (their periods' totals and windows are set by Finish; until then a part's
// ledger is for its entries and records only). recs must not change while the ledger is
// used. A record that comes before one already replayed is an *UnorderedError, and
// nothing of the part is replayed.
func (s *Session) Replay(recs []model.Record) (*Ledger, error) {
	part := &Ledger{Options: s.l.Options, Packages: s.l.Packages, byID: s.l.byID, match: s.l.match,
		grouped: &entryGroups{}}
	rp := s.rp
	rp.l = part
	order := rp.prepare(recs, s.l.Options)
	if len(order) == 0 {
		part.wins = &windowTable{}
		return part, nil
	}
	if first := &recs[order[0].i]; s.some && keyOf(first).compare(s.last) < 0 {
		return nil, &UnorderedError{Line: first.Line, ID: first.ID, Deduct: first.Deduct(),
			After: s.last.deduct.Time(s.l.Options.Location)}
	}
	last := keyOf(&recs[order[len(order)-1].i]) // before replayOrder drops order
	ws := rp.replayOrder(recs, order, 0)
	for _, w := range ws {
		if w.w.late != nil {
			return nil, w.w.late
		}
	}
	merge(part, rp, ws)
	recordEntries(part)
	s.last, s.some = last, true
	if s.retire {
		part.wins = &windowTable{dropped: true} // a part's windows are the session's, let go of as it goes
		s.retireWindows()
	}
	return part, nil
}

// retireWindows lets go of every worker's windows that started before twice the
// longest lag seen, plus retireSlack, before the last deduct_time replayed.
func (s *Session) retireWindows() {
	var lag int64
	for _, w := range s.rp.ws {
		lag = max(lag, w.w.lag)
	}
	bound := int64(s.last.deduct)
	for _, d := range []int64{lag, lag, int64(retireSlack)} {
		if bound < math.MinInt64+d {
			return // before every instant: nothing to let go of
		}
		bound -= d
	}
	limit := asOfLimit(s.l.Options.AsOf)
	for _, w := range s.rp.ws {
		w.w.retire(model.Stamp(bound), s.keep, limit)
	}
	if cl := s.rp.lists; cl != nil {
		cl.each(func(l *candList) { l.forget(model.Stamp(bound)) })
	}
}

// Finish ends the session and returns the ledger of the whole replay without its
// records and entries: every package with its periods' totals (Used, ExhaustedAt), its
// Used and, when windows is set, its level windows, as Run's ledger has them, but for
// those a session of RunParts let go of, which Ledger.PastWindows sums (without, the
// windows' memory is freed, and Ledger.Windows panics).
func (s *Session) Finish(windows bool) *Ledger {
	l, rp := s.l, s.rp
	l.wins = &windowTable{dropped: !windows}
	for _, w := range rp.ws {
		if windows {
			l.wins.src = append(l.wins.src, w.w.kept())
		}
		w.w = newWindows(0)
	}
	l.grouped = &entryGroups{}
	totals(l, rp)
	return l
}

// Stream feeds a Session from usage read in file order that is ordered by deduct_time
// only roughly (an export sorted by start_time, or by the hour): it holds up to Hold
// records and, once it holds that many, replays those deducted before the median one,
// keeping the rest for later. A record read after records deducted later than it were
// replayed is out of order: Add returns an *UnorderedError. Memory grows with Hold (and
// with the records sharing one deduct instant, which are replayed together), not with
// the records read.
type Stream struct {
	s     *Session
	base  int         // Hold
	hold  int         // Hold, or more while the held records share their earliest instant
	limit model.Stamp // the last deduct instant replayed (AsOf)
	buf   []model.Record
	cut   model.Stamp // every record deducted before it was replayed (NoStamp: none yet)
	after model.Stamp // the latest deduct instant replayed: a record before it is late
	part  func(*Ledger) error
}

// NewStream streams records into s, holding up to hold of them; part is given the ledger
// of each part replayed, in order.
func NewStream(s *Session, hold int, part func(*Ledger) error) *Stream {
	hold = max(hold, 2)
	return &Stream{s: s, base: hold, hold: hold, limit: asOfLimit(s.l.Options.AsOf), cut: model.NoStamp, part: part,
		buf: make([]model.Record, 0, hold+hold/4)}
}

// Add takes the next records read (copies them: recs may be reused).
func (st *Stream) Add(recs []model.Record) error {
	for i := range recs {
		r := &recs[i]
		_, _, d := r.Stamps()
		if d > st.limit {
			continue // never replayed: its place does not matter
		}
		if st.cut != model.NoStamp && d < st.after { // ties: Session.Replay compares whole keys
			return &UnorderedError{Line: r.Line, ID: r.ID, Deduct: r.Deduct(), After: st.after.Time(st.s.l.Options.Location)}
		}
		st.buf = append(st.buf, *r)
	}
	if len(st.buf) >= st.hold {
		return st.flush(false)
	}
	return nil
}

// Close replays what is held and finishes the session (Finish(windows)).
func (st *Stream) Close(windows bool) (*Ledger, error) {
	if err := st.flush(true); err != nil {
		return nil, err
	}
	return st.s.Finish(windows), nil
}

// flush replays the records deducted before the median held one's deduct instant, or
// all of them.
func (st *Stream) flush(all bool) error {
	cut := model.Stamp(model.NoStamp)
	if !all {
		ds := make([]model.Stamp, len(st.buf))
		for i := range st.buf {
			_, _, ds[i] = st.buf[i].Stamps()
		}
		slices.Sort(ds)
		if cut = ds[len(ds)/2]; cut == ds[0] {
			st.hold = 2 * len(st.buf) // half of them share the earliest instant: wait for more
			return nil
		}
		st.hold = st.base
	}
	n := len(st.buf) // the part's records: all, or those deducted before cut
	if !all {
		n = 0
		for i := range st.buf {
			if _, _, d := st.buf[i].Stamps(); d < cut {
				n++
			}
		}
	}
	part, k := make([]model.Record, 0, n), 0 // its own memory: the part's ledger points into it
	for i := range st.buf {
		if _, _, d := st.buf[i].Stamps(); all || d < cut {
			part = append(part, st.buf[i])
			st.after = max(st.after, d)
		} else {
			st.buf[k] = st.buf[i] // the rest, kept in order
			k++
		}
	}
	clear(st.buf[k:])
	st.buf = st.buf[:k]
	if !all {
		st.cut = cut
	}
	l, err := st.s.Replay(part)
	if err != nil {
		return err
	}
	return st.part(l)
}

// RunParts replays, a part at a time, the records read hands to add in file order
// (a Stream holding up to hold of them), calling part with each part's ledger, and
// returns the ledger of the whole replay without records, and with the level windows
// only when windows (Session.Finish: the overview needs them, deduct and amortize do
// not). read's error, add's (an *UnorderedError) and part's end it.
func RunParts(pkgs []model.Package, opt Options, hold int, windows bool, read func(add func([]model.Record) error) error,
	part func(*Ledger) error) (*Ledger, error) {
	s, err := NewSession(pkgs, opt)
	if err != nil {
		return nil, err
	}
	s.retire, s.keep = true, windows
	st := NewStream(s, hold, part)
	if err := read(st.Add); err != nil {
		return nil, err
	}
	return st.Close(windows)
}
