package sample

import (
	"math/rand/v2"
	"strings"
)

// The catalog the generator draws from: products, their billing items and units, the
// package offers sold for them, regions, projects and tags.

var (
	genRegions  = []string{"cn-north-4", "cn-south-1", "cn-east-3", "ap-southeast-1"}
	genProjects = []string{"default", "web", "app", "data", "ml"}
	genPkgTags  = []string{"", "", "team=storage;env=prod", "team=web;env=prod",
		"team=ai;env=prod", "team=data;env=test", "team=ml;env=prod", "team=ops"}
)

// recordTags[project][env] are the usage tags; a blank project has none.
var recordTags = func() [][2]string {
	t := make([][2]string, len(genProjects))
	for i, p := range genProjects {
		t[i] = [2]string{"team=" + p + ";env=prod", "team=" + p + ";env=test"}
	}
	return t
}()

func pick(r *rand.Rand, pct int) bool { return r.IntN(100) < pct }

// joinItems renders an offer's deductible_items.
func joinItems(p *product, o *offer) string {
	names := make([]string, len(o.items))
	for i, it := range o.items {
		names[i] = p.items[it].name
	}
	return strings.Join(names, ";")
}

// item is a billing item of a product, as usage records name it.
type item struct {
	name, unit, price string
	lo, hi            int64 // quantity range of an untargeted record, milli-units
	whole             bool  // whole quantities only (counts, instance hours)
	level             bool  // billed as a level per window (storage, running instances)
}

// offer is a kind of package sold for a product.
type offer struct {
	typ      string  // package_type
	items    []uint8 // covered items, indices into product.items
	blankPct int     // chance deductible_items is left blank (= every item)
	unit     string  // package unit
	scale    int64   // milli record-units per package unit
	caps     []int64 // capacity choices, package units
	num, den int64   // fee: cents per package unit (per month when it resets or levels)
	what     string  // configuration text
}

// product is one service of the catalog; one without offers never has a package.
type product struct {
	name, res string
	items     []item
	offers    []offer
	specs     []string // record specifications; a reserved instance takes one
}

var catalog = []product{
	{name: "OBS", res: "bucket", items: []item{
		{name: "Outbound internet traffic", unit: "GB", price: "0.08", lo: 500, hi: 50_000},
		{name: "Requests", unit: "requests", price: "0.000001", lo: 1_000_000, hi: 200_000_000, whole: true},
		{name: "Standard storage", unit: "GB", price: "0.000033", lo: 50_000, hi: 700_000, level: true},
	}, offers: []offer{
		{typ: "usage", items: []uint8{0}, unit: "GB", scale: 1000, caps: []int64{50, 100, 200, 500}, num: 40, den: 1, what: "outbound traffic"},
		{typ: "usage", items: []uint8{0}, unit: "TB", scale: 1024_000, caps: []int64{1, 2}, num: 40 * 1024, den: 1, what: "outbound traffic"},
		{typ: "usage", items: []uint8{1}, unit: "times", scale: 1000, caps: []int64{10_000_000, 100_000_000}, num: 1, den: 10_000, what: "requests"},
		{typ: "storage", items: []uint8{2}, unit: "TB", scale: 1024_000, caps: []int64{1, 2}, num: 3000, den: 1, what: "standard storage"},
	}},
	{name: "CDN", res: "cdn-domain", items: []item{
		{name: "Outbound internet traffic", unit: "GB", price: "0.11", lo: 200, hi: 80_000},
		{name: "HTTPS requests", unit: "requests", price: "0.000003", lo: 10_000_000, hi: 500_000_000, whole: true},
	}, offers: []offer{
		{typ: "usage", items: []uint8{0}, blankPct: 30, unit: "GB", scale: 1000, caps: []int64{10, 100, 500}, num: 30, den: 1, what: "traffic"},
		{typ: "usage", items: []uint8{1}, unit: "times", scale: 1000, caps: []int64{100_000_000}, num: 1, den: 10_000, what: "HTTPS requests"},
	}},
	{name: "OCR", res: "ocr-app", items: []item{
		{name: "API calls", unit: "calls", price: "0.06", lo: 1000, hi: 200_000, whole: true},
	}, offers: []offer{
		{typ: "usage", items: []uint8{0}, blankPct: 40, unit: "calls", scale: 1000, caps: []int64{1000, 10_000, 100_000}, num: 52, den: 10, what: "API calls"},
	}},
	{name: "VPC", res: "eip", items: []item{
		{name: "Outbound traffic", unit: "GB", price: "0.12", lo: 100, hi: 5000},
	}, offers: []offer{
		{typ: "usage", items: []uint8{0}, unit: "GB", scale: 1000, caps: []int64{10, 50, 100}, num: 280, den: 1, what: "traffic"},
	}},
	{name: "SFS", res: "sfs-share", items: []item{
		{name: "Storage traffic", unit: "GB", price: "0.07", lo: 1000, hi: 90_000},
	}, offers: []offer{
		{typ: "usage", items: []uint8{0}, blankPct: 50, unit: "GB", scale: 1000, caps: []int64{1000, 5000}, num: 70, den: 1, what: "storage traffic"},
	}},
	{name: "APM", res: "apm-agent", items: []item{
		{name: "Agent usage", unit: "hour", price: "0.03", lo: 1000, hi: 20_000, whole: true},
	}, offers: []offer{
		{typ: "usage", items: []uint8{0}, unit: "hour", scale: 1000, caps: []int64{1000, 5000}, num: 5, den: 1, what: "agent hours"},
	}},
	{name: "CCI", res: "cci-ns", items: []item{
		{name: "Memory", unit: "GB*hour", price: "0.0156", lo: 1000, hi: 64_000},
		{name: "CPU", unit: "core*hour", price: "0.11", lo: 500, hi: 16_000},
	}, offers: []offer{
		{typ: "usage", items: []uint8{0}, unit: "GB*hour", scale: 1000, caps: []int64{2920, 10_000}, num: 41, den: 100, what: "memory"},
		{typ: "usage", items: []uint8{1}, unit: "core*hour", scale: 1000, caps: []int64{730, 2000}, num: 3, den: 1, what: "vCPU"},
	}},
	{name: "ECS", res: "ecs", specs: []string{"s6.large.2", "s6.xlarge.2", "c7.large.2"}, items: []item{
		{name: "instance hours", unit: "hour", price: "0.12", lo: 1000, hi: 1000, whole: true, level: true},
	}, offers: []offer{
		{typ: "reserved_instance", items: []uint8{0}, unit: "hour", scale: 1000, caps: []int64{1, 2, 4}, num: 3000, den: 1, what: "reserved instance"},
	}},
	{name: "EVS", res: "evs-vol", items: []item{
		{name: "Capacity", unit: "GB", price: "0.0001", lo: 20_000, hi: 500_000, level: true},
	}, offers: []offer{
		{typ: "storage", items: []uint8{0}, unit: "GB", scale: 1000, caps: []int64{500, 1000}, num: 10, den: 1, what: "disk capacity"},
	}},
	{name: "ROMA Connect", res: "roma-inst", items: []item{
		{name: "API calls", unit: "calls", price: "0.002", lo: 100_000, hi: 10_000_000, whole: true},
	}, offers: []offer{
		{typ: "usage", items: []uint8{0}, blankPct: 50, unit: "calls", scale: 1000, caps: []int64{1_000_000, 10_000_000}, num: 1, den: 1000, what: "API calls"},
	}},
	{name: "LTS", res: "log-group", items: []item{
		{name: "Log read/write traffic", unit: "GB", price: "0.35", lo: 100, hi: 20_000},
	}},
}

// offerRefs lists every (product, offer) pair, the draw for a new package.
var offerRefs = func() [][2]uint8 {
	var refs [][2]uint8
	for p := range catalog {
		for o := range catalog[p].offers {
			refs = append(refs, [2]uint8{uint8(p), uint8(o)})
		}
	}
	return refs
}()
