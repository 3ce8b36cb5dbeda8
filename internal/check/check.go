package check

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// Difference codes (rules.md §4.3).
const (
	CodeMissing       = "MISSING_IN_EXPORT"
	CodeUnexpected    = "UNEXPECTED_IN_EXPORT"
	CodeAmount        = "AMOUNT_DIFFERS"
	CodeQuantity      = "QUANTITY_DIFFERS"
	CodeTotalNotFee   = "TOTAL_NOT_FEE"
	CodeUsedDiffers   = "USED_DIFFERS"
	CodeRemainDiffers = "REMAINING_DIFFERS"
	CodeStatusDiffers = "STATUS_DIFFERS"
)

// Options tune the comparison.
type Options struct {
	Tolerance decimal.Decimal // largest accepted |expected − actual| of an amount or quantity
	Precision int32           // decimals of amounts in Expected/Actual and messages
	// Warnings is how many warnings Result.Warnings holds, the first in file order (0:
	// all): an export may have one on every row, and a caller that prints some only
	// need not hold millions.
	Warnings int
	// MaxBytes, when set, is the most an Export holds (Export.Held): past it the
	// export stops being summed and says so (Export.Full), so that an export too large
	// to compare is refused before it takes the machine's memory.
	MaxBytes int64
}

// Difference is one disagreement between the export and pkgctl's computation.
// Package-level differences (TOTAL_NOT_FEE, USED/REMAINING/STATUS_DIFFERS) have a zero
// BillDate and an empty BillType.
type Difference struct {
	Code              string
	PackageID         string
	BillDate          time.Time // midnight of the bill day; zero for package-level codes
	BillType          string    // rules.md §3.6 label; empty for package-level codes
	EnterpriseProject string    // the key's project, when the export has that column
	Expected          string    // pkgctl's value ("" when it has none)
	Actual            string    // the export's value ("" when it has none)
	Message           string    // names the values, e.g. "amount 2.02 differs from the expected 2.00 by 0.02 (tolerance 0.01)"
}

// PackageResult is the verdict for one package: a JUnit test case.
type PackageResult struct {
	PackageID string
	Product   string // from the packages file; empty for a package it lacks
	Rows      int    // exported bill rows of this package
	// Its differences are the result's First … First+Differences-1 (Result.Difference);
	// none = passed.
	First, Differences int
}

// Passed reports whether the package has no difference.
func (p PackageResult) Passed() bool { return p.Differences == 0 }

// Result is the outcome of Compare and Run. Its differences are made when they are
// read (Difference), from the sums they were found in: an export off in every row has
// as many differences as rows, and a result holds each as a finding of 8 bytes, never
// as its texts.
type Result struct {
	Packages        []PackageResult // one per package of the packages file, the bills or the export, by id
	PackagesChecked int             // len(Packages)
	RowsChecked     int             // exported bill rows compared
	Outside         int             // exported bill rows outside the window (Run), not compared
	// Warnings name exported amounts that are not amounts at the precision (beyond
	// float noise): they are compared as written. Sorted by location; the first
	// Options.Warnings of them, of WarningCount in all.
	Warnings     []string
	WarningCount int

	found []finding // every difference, sorted
	c     *comparer // what they are made of
}

// OK reports whether nothing differs.
func (r Result) OK() bool { return len(r.found) == 0 }

// NumDifferences is the number of differences.
func (r Result) NumDifferences() int { return len(r.found) }

// Difference is the difference numbered i, 0 … NumDifferences()-1, in order: made anew
// at every call, and safe to call from several goroutines at once.
func (r Result) Difference(i int) Difference { return r.c.difference(r.found[i], true) }

// Differences is every difference, in order, made at once (a small result's, or a
// test's: a large one's are read one at a time, Difference).
func (r Result) Differences() []Difference {
	out := make([]Difference, len(r.found))
	for i := range out {
		out[i] = r.Difference(i)
	}
	return out
}

// Compare checks the exported bill rows against the expected bills (provisional ones
// included) and totals of the same as-of, and the packages' exported status, used and
// remaining against the overview. See the package doc for the rules.
func Compare(expected []amortize.Bill, totals []amortize.Total, exported []model.BillRow,
	overview []replay.OverviewRow, pkgs []model.Package, opt Options) Result {
	x := NewExport(pkgs, Window{}, opt, len(exported))
	for i := range exported {
		x.Add(&exported[i])
	}
	each := func(yield func(*amortize.Bill, amortize.Exact) bool) {
		for i := range expected {
			if !yield(&expected[i], amortize.Exact{}) {
				return
			}
		}
	}
	return x.c.compare(each, totals, overview)
}

// compare checks the summed export against the expected bills as they are walked, the
// totals and the overview.
func (c *comparer) compare(expected iter.Seq2[*amortize.Bill, amortize.Exact], totals []amortize.Total, overview []replay.OverviewRow) Result {
	found := c.bills(expected)
	c.pkgLevel = append(c.totals(totals), c.packages(overview, c.pkgList)...)
	found = c.inOrder(found)
	res := c.result(found, c.rows)
	res.Warnings, res.WarningCount, res.Outside = c.warnings, c.warningCount, c.outside
	return res
}

// noise is how far from an amount at the precision an exported amount may be and still
// be that amount: a spreadsheet's binary floating point writes 0.99 as
// 0.9900000000000001 and 40 as 39.99999999999999.
var noise = decimal.New(1, -9)

// atPrecision returns the amount of an exported row: when within noise of an amount at
// the precision, that amount; any other amount off the precision as written, named in a
// warning.
func (c *comparer) atPrecision(r *model.BillRow) exact.Amount {
	if r.Amount.Exponent() >= -c.opt.Precision { // at the precision: nothing to round
		return exact.AmountOf(r.Amount)
	}
	switch rounded, off := roundedTo(r.Amount, c.opt.Precision); off {
	case offNone:
		return exact.AmountOf(r.Amount) // as written, trailing zeros and all
	case offNoise:
		return rounded
	}
	if c.warningCount++; c.opt.Warnings > 0 && len(c.warnings) == c.opt.Warnings {
		return exact.AmountOf(r.Amount)
	}
	c.warnings = append(c.warnings, fmt.Sprintf("%s: column \"amount\": %s is not an amount at %d decimals (the precision): compared as written",
		r.Src, r.Amount, c.opt.Precision))
	return exact.AmountOf(r.Amount)
}

// How far an amount is from itself rounded to the precision (roundOff).
const (
	offNone  = iota // not at all: it is at the precision, with zeros after
	offNoise        // within noise
	offMore         // by more
)

// roundedTo is d rounded to prec, and how far d is from it: in int64s where they hold
// it (roundOff), else in decimals.
func roundedTo(d decimal.Decimal, prec int32) (exact.Amount, int) {
	if q, off, ok := roundOff(d, prec); ok {
		return exact.NewAmount(q, -prec), off
	}
	rounded := d.Round(prec)
	switch {
	case rounded.Equal(d):
		return exact.AmountOf(rounded), offNone
	case d.Sub(rounded).Abs().Cmp(noise) <= 0:
		return exact.AmountOf(rounded), offNoise
	}
	return exact.AmountOf(rounded), offMore
}

// roundOff is d.Round(prec)'s coefficient (at exponent -prec) and how far d is from it,
// in int64s, for a d of more decimals than prec: a file may have such an amount on
// every row, and rounding and subtracting decimals makes garbage each time. ok is false
// when d's coefficient or the power of ten is past an int64 (use decimals then).
func roundOff(d decimal.Decimal, prec int32) (q int64, off int, ok bool) {
	k := -prec - d.Exponent() // digits past the precision, > 0
	if d.NumDigits() > 18 || k <= 0 || k > 18 {
		return 0, 0, false
	}
	coef, p := d.CoefficientInt64(), int64(exact.Pow10(int(k)))
	q, rem := coef/p, coef%p
	if rem >= 0 && 2*rem >= p { // half away from zero, as decimal's Round
		q++
	} else if rem < 0 && -2*rem >= p {
		q--
	}
	diff := coef - q*p // at d's exponent; |diff| ≤ p/2, q*p within an int64
	if diff < 0 {
		diff = -diff
	}
	// noise is 10^-9: |diff|·10^exp ≤ 10^-9 when |diff| ≤ 10^e, e = -9 - exp
	switch e := -9 - d.Exponent(); {
	case diff == 0:
		return q, offNone, true
	case e >= 18 || e >= 0 && uint64(diff) <= exact.Pow10(int(e)):
		return q, offNoise, true
	}
	return q, offMore, true
}

// comparer holds what every comparison needs: the options, the packages by number, and
// the numbers the comparison gives package ids and projects.
type comparer struct {
	opt     Options
	tol     exact.Qty
	pkgList []model.Package
	billed  []string // per package number, the product of its expected bills ("": none; a product is never blank)

	ids         numbers                // package ids: the packages file's first, in its order
	byNum       []*model.Package       // the packages file's, by number
	projects    numbers                // model.Norm forms of projects; "" is 0
	projectIDs  map[string]int32       // the numbers of projects (in projects) by their text as written
	projectSeen *mem.StringMemo[int32] // projectIDs' memo by identity (numbers)
	texts       numbers                // projects as written and units, of the sums; "" is 0
	loc         *time.Location         // of the bill days
	dates       map[sideOf]time.Time   // the bill dates of the sides whose date is not midnight(day)
	days        midnights              // midnight(day) of the days of the differences found (bills)

	lastDay      int32 // midnight's memo
	lastMidnight time.Time

	// The export, as Export.Add sums it: the window, the rows outside it and in it,
	// whether a row has a project or a quantity, and the warnings on amounts.
	window             Window
	outside, rows      int
	byProject, withQty bool
	warnings           []string
	warningCount       int
	lastRow            string // the package id of the row added last, and its number
	lastRowPkg         int32

	// Per package number, the exported rows' sum and their number (for totals, result).
	exportSum  []exact.Amount
	exportRows []int32

	idx  keyIndex // the keys' numbers in sums
	sums blocks[sides]

	pkgLevel []Difference // the package-level differences (totals, packages), in the order found
}

func newComparer(pkgs []model.Package, opt Options) *comparer {
	c := &comparer{opt: opt, tol: exact.QtyOf(opt.Tolerance), pkgList: pkgs,
		// the memos: 65,536 entries (1.5 MB) for the package ids of a large account (a bill
		// listing takes every package in turn, day after day), fewer for the other texts
		ids: newNumbers(16), projects: newNumbers(8, ""), projectIDs: map[string]int32{"": 0}, texts: newNumbers(10, ""),
		projectSeen: mem.NewStringMemo[int32](8), sums: blocks[sides]{huge: true}}
	for i := range pkgs {
		p := &pkgs[i]
		if n := c.id(p.ID); int(n) < len(c.byNum) {
			c.byNum[n] = p // a repeated id: the last, as pkgs
		} else {
			c.byNum = append(c.byNum, p)
		}
	}
	return c
}

// pkgAt is the package of number i, nil when the packages file has none.
func (c *comparer) pkgAt(i int32) *model.Package {
	if int(i) < len(c.byNum) {
		return c.byNum[i]
	}
	return nil
}

// beyond reports whether a and b differ by more than the tolerance.
func (c *comparer) beyond(a, b decimal.Decimal) bool {
	return a.Sub(b).Abs().Cmp(c.opt.Tolerance) > 0
}

// beyondExact is beyond on exact amounts, without allocating.
func (c *comparer) beyondExact(a, b exact.Amount) bool {
	d := exact.QtyOfAmount(a).Sub(exact.QtyOfAmount(b))
	if d.Sign() < 0 {
		d = exact.Qty{}.Sub(d)
	}
	return d.Cmp(c.tol) > 0
}

// money prints an amount with the precision's decimals, or all of its own when it has
// more (an exported 480.004 prints as such), so two different amounts never print alike.
func (c *comparer) money(d decimal.Decimal) string {
	if d.Exponent() < -c.opt.Precision && !d.Round(c.opt.Precision).Equal(d) {
		return d.String()
	}
	return d.StringFixed(c.opt.Precision)
}

// result files the sorted differences under their packages and counts what was checked.
func (c *comparer) result(found []finding, rows int) Result {
	byID := map[string]*PackageResult{}
	add := func(id, product string) *PackageResult {
		p := byID[id]
		if p == nil {
			p = &PackageResult{PackageID: id, Product: product}
			byID[id] = p
		}
		if p.Product == "" {
			p.Product = product
		}
		return p
	}
	for i, p := range c.byNum {
		add(c.ids.list[i], p.Product)
	}
	for n, product := range c.billed {
		if product != "" {
			add(c.ids.list[n], product)
		}
	}
	for i, n := range c.exportRows {
		if n > 0 {
			add(c.ids.list[i], "").Rows += int(n)
		}
	}
	for lo := 0; lo < len(found); { // a package's differences are together
		id, hi := c.packageOf(found[lo]), lo+1
		for hi < len(found) && c.packageOf(found[hi]) == id {
			hi++
		}
		p := add(id, "")
		p.First, p.Differences = lo, hi-lo
		lo = hi
	}
	res := Result{found: found, c: c, RowsChecked: rows}
	for _, p := range byID {
		res.Packages = append(res.Packages, *p)
	}
	sort.Slice(res.Packages, func(i, j int) bool { return res.Packages[i].PackageID < res.Packages[j].PackageID })
	res.PackagesChecked = len(res.Packages)
	return res
}

// inOrder merges the package-level differences into the bill-level ones found (in the
// order of the sums, sortedSides: by package id, then nearly in order), and orders each
// package's by (package_id, bill_date, bill_type, enterprise_project, code), package-level
// ones (zero date) first within their package; alike ones keep the order they were found
// in, bill-level before package-level. Only one package's differences are sorted at a
// time, and only when they are out of order.
func (c *comparer) inOrder(found []finding) []finding {
	level := make([]int32, len(c.pkgLevel)) // the package-level ones, by package id
	for i := range level {
		level[i] = int32(i)
	}
	slices.SortStableFunc(level, func(i, j int32) int {
		return strings.Compare(c.pkgLevel[i].PackageID, c.pkgLevel[j].PackageID)
	})
	out := make([]finding, 0, len(found)+len(level))
	var heads []Difference
	var order []int32
	for lo, j := 0, 0; lo < len(found) || j < len(level); {
		var id string
		if lo < len(found) {
			id = c.packageOf(found[lo])
		}
		if j < len(level) && (lo == len(found) || c.pkgLevel[level[j]].PackageID < id) {
			id = c.pkgLevel[level[j]].PackageID
		}
		start := len(out)
		for lo < len(found) && c.packageOf(found[lo]) == id {
			out, lo = append(out, found[lo]), lo+1
		}
		for j < len(level) && c.pkgLevel[level[j]].PackageID == id {
			out, j = append(out, finding{i: level[j], code: foundPackage}), j+1
		}
		group := out[start:]
		if len(group) < 2 {
			continue
		}
		// In order as found, most often: seen two at a time, nothing held (a package of
		// 2.9 million missing rows held 2 GB of heads to find that).
		var pair [2]Difference
		sorted := true
		for k, f := range group {
			pair[k%2] = c.difference(f, false)
			if k > 0 && compareDifferences(&pair[(k-1)%2], &pair[k%2]) > 0 {
				sorted = false
				break
			}
		}
		if sorted {
			continue
		}
		heads, order = slices.Grow(heads[:0], len(group)), slices.Grow(order[:0], len(group))
		for k, f := range group {
			heads, order = append(heads, c.difference(f, false)), append(order, int32(k))
		}
		slices.SortFunc(order, func(x, y int32) int {
			if c := compareDifferences(&heads[x], &heads[y]); c != 0 {
				return c
			}
			return cmp.Compare(x, y) // as a stable sort
		})
		was := slices.Clone(group)
		for k, x := range order {
			group[k] = was[x]
		}
	}
	return out
}

func compareDifferences(x, y *Difference) int {
	if c := strings.Compare(x.PackageID, y.PackageID); c != 0 {
		return c
	}
	if c := x.BillDate.Compare(y.BillDate); c != 0 {
		return c
	}
	if c := cmp.Compare(typeRank(x.BillType), typeRank(y.BillType)); c != 0 {
		return c
	}
	if c := strings.Compare(x.BillType, y.BillType); c != 0 {
		return c
	}
	if c := strings.Compare(x.EnterpriseProject, y.EnterpriseProject); c != 0 {
		return c
	}
	return strings.Compare(x.Code, y.Code)
}

// typeRank orders bill types as rules.md §3.6 does (used < unused < linear < refund); the empty
// type of a package-level difference first.
func typeRank(label string) int {
	if label == "" {
		return -1
	}
	t, _ := model.ParseBillType(label)
	return t.SortRank()
}
