package explain

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/pkgctl/pkgctl/internal/par"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// DefaultCandidates is how many of the closest packages (besides those the record was
// deducted from) an explanation lists in full unless told otherwise.
const DefaultCandidates = 3

// AllCandidates lists every package of the product in full.
const AllCandidates = -1

// Explainer explains replayed records one at a time, in any order, from several
// goroutines at once: listings of any length are written as they are explained, never
// held. It finds a record's closest packages through the ledger's Nearness index and
// formats messages only for the packages it lists.
type Explainer struct {
	l          *replay.Ledger
	nx         *replay.Nearness
	candidates int
	rankings   sync.Pool // *replay.Ranking
	ids        []string  // the packages' ids, side by side (not behind each package)
}

// NewExplainer returns an Explainer of ledger l listing, per record, the packages it
// was deducted from and the candidates closest others (AllCandidates: every package).
func NewExplainer(l *replay.Ledger, candidates int) *Explainer {
	x := &Explainer{l: l, nx: l.Nearness(), candidates: candidates,
		rankings: sync.Pool{New: func() any { return new(replay.Ranking) }}, ids: make([]string, len(l.Packages))}
	for i := range l.Packages {
		x.ids[i] = l.Packages[i].Pkg.ID
	}
	return x
}

// Ledger is the ledger explained.
func (x *Explainer) Ledger() *replay.Ledger { return x.l }

// Candidates is how many of the closest other packages a record lists (AllCandidates:
// every one of its product).
func (x *Explainer) Candidates() int { return x.candidates }

// Select returns the ledger indices of the records sel selects, in replay order. With a
// reason filter every candidate record's primary reason is found first, on up to
// workers goroutines (0: every core). It fails on an unknown reason code or a named
// record that was not replayed (*UnknownRecordsError).
func (x *Explainer) Select(sel Selection, workers int) ([]int, error) {
	l := x.l
	if sel.Reason != "" {
		c, err := ParseCode(sel.Reason)
		if err != nil {
			return nil, err
		}
		sel.Reason = c
	}
	named, err := namedRecords(l, sel.Records)
	if err != nil {
		return nil, err
	}
	var recs []int
	for i := range l.Records {
		rr := &l.Records[i]
		if (named != nil && !named[i]) || (sel.Resource != "" && rr.Rec.ResourceID != sel.Resource) {
			continue
		}
		if rr.PayPerUse.Sign() == 0 && (sel.Reason != "" || !sel.All && named == nil) {
			continue // fully deducted: no primary reason
		}
		recs = append(recs, i)
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	x.nx.Prepare(recs, workers)
	if sel.Reason == "" {
		return recs, nil
	}
	keep := make([]bool, len(recs))
	parts := max(1, min(workers, len(recs)/1024))
	var wg par.Group
	for p := range parts {
		wg.Go(func() {
			for k := p * len(recs) / parts; k < (p+1)*len(recs)/parts; k++ {
				keep[k] = x.primaryCode(recs[k]) == sel.Reason
			}
		})
	}
	wg.Wait()
	out := recs[:0]
	for k, i := range recs {
		if keep[k] {
			out = append(out, i)
		}
	}
	return out, nil
}

// primaryCode is the primary reason code of replayed record i ("" without a
// pay-per-use part), without formatting a message.
func (x *Explainer) primaryCode(i int) string {
	if x.l.Records[i].PayPerUse.Sign() == 0 {
		return ""
	}
	rk := x.rankings.Get().(*replay.Ranking)
	defer x.rankings.Put(rk)
	x.nx.Rank(i, 1, rk)
	if len(rk.Listed) == 0 {
		return replay.CodeNoPackage
	}
	r := rk.Listed[0]
	return x.l.Code(r.Package, r.Checks.First())
}

// Explain explains replayed record i.
func (x *Explainer) Explain(i int) Explanation {
	var e Explanation
	x.ExplainInto(i, &e)
	return e
}

// ExplainInto explains replayed record i into e, reusing the room of e's lists (the
// explanation e held is gone): a listing explains record after record without making
// garbage of the lists.
func (x *Explainer) ExplainInto(i int, e *Explanation) {
	l := x.l
	rr := &l.Records[i]
	rk := e.ranking
	if rk == nil {
		rk = new(replay.Ranking)
	}
	*e = Explanation{Record: i, Rec: rr.Rec, Outcome: rr.Outcome(), Deducted: rr.Deducted(), PayPerUse: rr.PayPerUse,
		Deductions: e.Deductions[:0], Packages: e.Packages[:0], Others: e.Others[:0], ranking: rk}
	e.Deductions, e.Cost = entries(l, x.ids, rr, e.Deductions)
	x.nx.Rank(i, x.candidates, rk)
	for _, r := range rk.Listed {
		e.Packages = append(e.Packages, PackageCheck{Package: r.Package, PackageID: x.ids[r.Package],
			Failures: l.Failures(r.Package, i, r.Checks), Deducted: r.Deducted})
	}
	for k, n := range rk.Others {
		if n > 0 {
			e.Others = append(e.Others, OtherCount{Code: replay.OtherCodes[k], Packages: n, Index: k})
		}
	}
	if rr.PayPerUse.Sign() > 0 {
		e.Primary = primary(e)
		e.Suggestion = suggest(l, e, rk.AttrMatch)
	}
}

// primary is the record's primary reason: the first failing check of the closest
// package (listed first), or NO_PACKAGE_FOR_PRODUCT when the product has no package.
func primary(e *Explanation) Primary {
	if len(e.Packages) == 0 || len(e.Packages[0].Failures) == 0 {
		f := replay.Failure{Code: replay.CodeNoPackage,
			Message: fmt.Sprintf("no package of product %q", e.Rec.Product)}
		return Primary{Code: f.Code, Message: f.Message, Failure: f}
	}
	pc := &e.Packages[0]
	f := pc.Failures[0]
	return Primary{Code: f.Code, Message: f.Message, PackageID: pc.PackageID, Failure: f}
}
