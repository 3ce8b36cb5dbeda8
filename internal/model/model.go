package model

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/mem"
)

// Source locates a row in an input file, for error messages.
type Source struct {
	File  string // as given by the user
	Sheet string // XLSX sheet name; empty for CSV
	Line  int    // 1-based line (CSV) or row (XLSX)
}

// String renders the location as "file:line" or "file[Sheet]:row".
func (s Source) String() string {
	if s.Sheet != "" {
		return fmt.Sprintf("%s[%s]:%d", s.File, s.Sheet, s.Line)
	}
	return fmt.Sprintf("%s:%d", s.File, s.Line)
}

// PackageType is what a package covers: a running total or a level.
type PackageType int

const (
	TypeUsage            PackageType = iota // a quota used up over time
	TypeStorage                             // a level: covers capacity of each window
	TypeReservedInstance                    // a level, like storage
)

var packageTypeNames = [...]string{"usage", "storage", "reserved_instance"}

func (t PackageType) String() string { return packageTypeNames[t] }

// IsLevel reports whether the package covers a level rather than a running total.
func (t PackageType) IsLevel() bool { return t != TypeUsage }

// ResetCycle is how often a resettable package's capacity is restored.
type ResetCycle int

const (
	ResetNone ResetCycle = iota
	ResetHour
	ResetDay
	ResetWeek
	ResetMonth
	ResetYear
)

var resetCycleNames = [...]string{"none", "hour", "day", "week", "month", "year"}

func (c ResetCycle) String() string { return resetCycleNames[c] }

// AnchorKind says where reset boundaries are anchored.
type AnchorKind int

const (
	AnchorSubscription AnchorKind = iota // at effective_time (the default)
	AnchorNatural                        // calendar boundaries
	AnchorClock                          // a time of day on the effective date
	AnchorTimestamp                      // a given instant
)

// ResetAnchor is a parsed reset_anchor value.
type ResetAnchor struct {
	Kind  AnchorKind
	Clock time.Duration // AnchorClock: offset from midnight, e.g. 16h
	At    time.Time     // AnchorTimestamp
}

// String renders the anchor as it is written in input.
func (a ResetAnchor) String() string {
	switch a.Kind {
	case AnchorNatural:
		return "natural"
	case AnchorClock:
		return fmt.Sprintf("%02d:%02d", int(a.Clock.Hours()), int(a.Clock.Minutes())%60)
	case AnchorTimestamp:
		return a.At.Format(time.RFC3339)
	}
	return "subscription"
}

// OrderType is how a package was bought.
type OrderType int

const (
	OrderNew OrderType = iota
	OrderRenewal
	OrderUpgrade
)

var orderTypeNames = [...]string{"new", "renewal", "upgrade"}

func (o OrderType) String() string { return orderTypeNames[o] }

// Method is an amortization method; MethodAuto means "choose by the rules of rules.md §3.1".
type Method uint8

const (
	MethodAuto Method = iota
	MethodUsage
	MethodLinear
)

var methodNames = [...]string{"", "usage", "linear"}

func (m Method) String() string { return methodNames[m] }

// Tag is one key=value pair.
type Tag struct{ Key, Value string }

// Tags is a tag set sorted by key, keys unique.
type Tags []Tag

// String renders the tags as "k=v;k2=v2" (sorted by key).
func (t Tags) String() string {
	var b strings.Builder
	for i, tag := range t {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(tag.Key)
		b.WriteByte('=')
		b.WriteString(tag.Value)
	}
	return b.String()
}

// Get returns the value of key and whether it is present.
func (t Tags) Get(key string) (string, bool) {
	for _, tag := range t {
		if tag.Key == key {
			return tag.Value, true
		}
	}
	return "", false
}

// CompareOrderTime orders two packages' order times as the deduction order and the
// closest-package ranking do: the earlier first; a blank (zero) order time is unknown,
// not earliest, and sorts after every given one; two blank ones are equal.
func CompareOrderTime(a, b time.Time) int {
	switch za, zb := a.IsZero(), b.IsZero(); {
	case za && zb:
		return 0
	case za:
		return 1
	case zb:
		return -1
	}
	return a.Compare(b)
}

// Package is one resource package row.
type Package struct {
	Src               Source
	ID                string
	OrderID           string
	OrderTime         time.Time // zero when absent
	Product           string
	Type              PackageType
	DeductibleItems   []string // empty = every item of the product
	Specification     string
	Configuration     string
	Region            string
	EnterpriseProject string
	Effective         time.Time
	Expiration        time.Time // exclusive end
	Capacity          decimal.Decimal
	Unit              string // as written, e.g. "GB"
	ResetCycle        ResetCycle
	ResetAnchor       ResetAnchor
	Fee               decimal.NullDecimal
	Currency          string // never empty after loading (config default)
	OrderType         OrderType
	OriginalID        string
	Status            string              // as exported; empty when absent
	Used              decimal.NullDecimal // as exported
	Remaining         decimal.NullDecimal // as exported
	Destroyed         time.Time           // zero when absent
	Refund            decimal.NullDecimal
	Amortization      Method
	Tags              Tags
}

// Resettable reports whether the package's capacity is restored every reset cycle.
func (p *Package) Resettable() bool { return p.ResetCycle != ResetNone }

// Record is one pay-per-use usage record. What many records of an export share (their
// file, product, billing item, specification, region, project, unit, price, currency,
// tags and zone) is one RecordAttrs that loaders intern, and its three instants are
// Stamps: a record is 80 bytes instead of 320, which is most of what a million records
// hold. The shared attributes must never be changed through a record; give a record
// that differs its own RecordAttrs (WithAttrs).
type Record struct {
	*RecordAttrs
	Line       int // 1-based line (CSV) or row (XLSX) of Source
	ID         string
	ResourceID string
	Quantity   exact.Amount
	start      Stamp
	end        Stamp
	deduct     Stamp // end_time when absent
}

// PrefetchDeduct asks the CPU to start loading r's deduction instant (mem.Prefetch).
func (r *Record) PrefetchDeduct() { mem.PrefetchOf(&r.deduct) }

// Start is the start of consumption (start_time), in the record's zone (RecordAttrs.Loc).
func (r *Record) Start() time.Time { return r.start.Time(r.loc()) }

// End is the end of consumption (end_time), in the record's zone.
func (r *Record) End() time.Time { return r.end.Time(r.loc()) }

// Deduct is the deduction time (deduct_time; end_time when absent), in the record's zone.
func (r *Record) Deduct() time.Time { return r.deduct.Time(r.loc()) }

// Stamps returns the record's start, end and deduct instants.
func (r *Record) Stamps() (start, end, deduct Stamp) { return r.start, r.end, r.deduct }

// SetTimes sets the record's start, end and deduct instants; ok is false (nothing set)
// when one is outside what a Stamp holds (StampRange).
func (r *Record) SetTimes(start, end, deduct time.Time) (ok bool) {
	s, ok1 := StampOf(start)
	e, ok2 := StampOf(end)
	d, ok3 := StampOf(deduct)
	if !ok1 || !ok2 || !ok3 {
		return false
	}
	r.start, r.end, r.deduct = s, e, d
	return true
}

// SetStamps sets the record's start, end and deduct instants as given, with no check:
// the caller keeps to what a Stamp holds and to NoStamp for a missing time (the
// loader's fast path, from times it parsed; others use SetTimes).
func (r *Record) SetStamps(start, end, deduct Stamp) { r.start, r.end, r.deduct = start, end, deduct }

// WithTimes returns r with the given start, end and deduct instants, as SetTimes sets
// them; it panics when one is outside what a Stamp holds (records built in code; a
// loader checks with SetTimes).
func (r Record) WithTimes(start, end, deduct time.Time) Record {
	if !r.SetTimes(start, end, deduct) {
		panic(fmt.Sprintf("model: record %q: a time outside %s", r.ID, StampRange))
	}
	return r
}

// SetDeduct sets the record's deduct instant; ok is false (nothing set) when it is
// outside what a Stamp holds.
func (r *Record) SetDeduct(t time.Time) (ok bool) {
	d, ok := StampOf(t)
	if ok {
		r.deduct = d
	}
	return ok
}

// loc is the zone the record's times are given in: RecordAttrs.Loc, else UTC.
// Location is the zone of r's times (Start, End, Deduct).
func (r *Record) Location() *time.Location { return r.loc() }

func (r *Record) loc() *time.Location {
	if r.RecordAttrs == nil || r.Loc == nil {
		return time.UTC
	}
	return r.Loc
}

// Stamp is an instant as nanoseconds since 1970-01-01 UTC, which holds 1677-09-21
// 00:12:44 to 2262-04-11 23:47:16 UTC in whole seconds (StampRange; usage records keep
// to them: the loader refuses others). NoStamp stands for
// the zero time.Time.
type Stamp int64

// NoStamp is the zero time.Time as a Stamp.
const NoStamp Stamp = math.MinInt64

// The instants a Stamp holds.
var (
	minStamp = time.Unix(0, math.MinInt64+1)
	maxStamp = time.Unix(0, math.MaxInt64)
)

// StampRange says, for messages, which instants a Stamp holds: the whole seconds from
// the first to the last.
var StampRange = minStamp.Add(time.Second-1).Truncate(time.Second).UTC().Format(time.DateTime) +
	" to " + maxStamp.UTC().Format(time.DateTime) + " UTC"

// StampOf returns t as a Stamp (the zero time is NoStamp); ok is false when t is outside
// what a Stamp holds.
func StampOf(t time.Time) (Stamp, bool) {
	if t.IsZero() {
		return NoStamp, true
	}
	if t.Before(minStamp) || t.After(maxStamp) {
		return 0, false
	}
	return Stamp(t.UnixNano()), true
}

// Time returns s in loc (NoStamp: the zero time).
func (s Stamp) Time(loc *time.Location) time.Time {
	if s == NoStamp {
		return time.Time{}
	}
	return time.Unix(0, int64(s)).In(loc)
}

// Split returns s as seconds since 1970 and nanoseconds (0 to 999,999,999), as Unix and
// Nanosecond of its time (not for NoStamp, which stands for the zero time).
func (s Stamp) Split() (sec int64, nsec int32) {
	sec, ns := int64(s)/1e9, int64(s)%1e9
	if ns < 0 {
		sec, ns = sec-1, ns+1e9
	}
	return sec, int32(ns)
}

// RecordAttrs are a record's attributes that many records share.
type RecordAttrs struct {
	File              string // as given by the user
	Sheet             string // XLSX sheet name; empty for CSV
	Product           string
	BillingItem       string
	Specification     string
	Region            string
	EnterpriseProject string
	Unit              string
	UnitPrice         decimal.NullDecimal
	Currency          string
	Tags              Tags
	Loc               *time.Location // the zone of the records' times (nil: UTC)
}

// Source is where the record was read.
func (r *Record) Source() Source {
	if r.RecordAttrs == nil {
		return Source{Line: r.Line}
	}
	return Source{File: r.File, Sheet: r.Sheet, Line: r.Line}
}

// WithAttrs returns a copy of r with its own copy of the shared attributes, changed by
// edit: the way to vary one record without changing the others that share them.
func (r Record) WithAttrs(edit func(*RecordAttrs)) Record {
	a := RecordAttrs{}
	if r.RecordAttrs != nil {
		a = *r.RecordAttrs
	}
	edit(&a)
	r.RecordAttrs = &a
	return r
}

// BillRow is one row of an exported amortization bill (input of check).
type BillRow struct {
	Src               Source
	Date              time.Time // midnight of the bill date in the configured zone
	PackageID         string
	BillType          BillType
	Amount            decimal.Decimal
	Quantity          decimal.NullDecimal
	Unit              string
	EnterpriseProject string
	HasProject        bool   // the export has an enterprise_project column
	HasQuantity       bool   // the export has a quantity column
	Currency          string // as written; "" when blank or the export has no currency column
}

// BillType is an amortization bill type (rules.md §3.6).
type BillType uint8

const (
	BillUsed BillType = iota
	BillUnused
	BillPurchase
	BillRenewal
	BillChange
	BillRefund
)

var billTypeLabels = [...]string{
	"Expenditure-resource packages used",
	"Expenditure-resource packages unused",
	"Expenditure-purchase",
	"Expenditure-renewal",
	"Expenditure-change",
	"Refund-unsubscription",
}

// String returns the exact bill type label of rules.md §3.6.
func (b BillType) String() string { return billTypeLabels[b] }

// SortRank orders bill types within a day: used < unused < linear < refund.
func (b BillType) SortRank() int {
	switch b {
	case BillUsed:
		return 0
	case BillUnused:
		return 1
	case BillRefund:
		return 3
	}
	return 2
}

// ParseBillType accepts a rules.md §3.6 label, case-insensitively.
// The exact label (as every export spells it) is found without normalizing anything.
func ParseBillType(s string) (BillType, bool) {
	for i, l := range billTypeLabels {
		if l == s {
			return BillType(i), true
		}
	}
	n := Norm(s)
	for i, l := range billTypeNorms {
		if l == n {
			return BillType(i), true
		}
	}
	return 0, false
}

// billTypeNorms are the Norm forms of billTypeLabels.
var billTypeNorms = func() []string {
	n := make([]string, len(billTypeLabels))
	for i, l := range billTypeLabels {
		n[i] = Norm(l)
	}
	return n
}()

// Norm is the comparison form of a text attribute: trimmed, inner spaces collapsed,
// lower-cased. Two attributes match when their Norm forms are equal.
func Norm(s string) string {
	if normal(s) {
		return s
	}
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// normal reports whether s is its own Norm form without work: ASCII, no upper case, no
// space but single ones between words, and no other white space. (Most attributes are.)
func normal(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80 || ('A' <= c && c <= 'Z') || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			return false
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' '):
			return false
		}
	}
	return true
}
