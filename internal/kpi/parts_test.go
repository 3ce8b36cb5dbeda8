package kpi

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/sample"
)

// A replay in parts (a few hundred records held at a time) gives, part by part, the
// KPIs of the replay in memory, whatever the grouping: the records' coverage added as
// each part is replayed, the packages' utilization at the end. The records spell OBS
// and GB as obs and gb: a row with packages shows the packages' spellings either way.
func TestBuilderInPartsAsCompute(t *testing.T) {
	var pb, ub bytes.Buffer
	if err := sample.Generate(sample.GenOptions{Packages: 150, Records: 12000, Seed: 9}, &pb, &ub); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(ub.String(), "\n")
	for i, line := range lines {
		if strings.Contains(line, ",OBS,") {
			lines[i] = strings.Replace(strings.Replace(line, ",OBS,", ",obs,", 1), ",GB,", ",gb,", 1)
		}
	}
	opt := load.Options{Location: sh}
	pkgs, _, err := load.Packages("packages.csv", &pb, opt)
	if err != nil {
		t.Fatal(err)
	}
	recs, _, err := load.Usage("usage.csv", strings.NewReader(strings.Join(lines, "")), opt)
	if err != nil {
		t.Fatal(err)
	}
	asOf := at("2024-09-01")
	ropt := replay.Options{Location: sh, AsOf: asOf, Precision: 2}
	acfg := amortize.Config{Location: sh, Precision: 2, AsOf: asOf,
		UsageBasedFrom: amortize.DefaultUsageBasedFrom(sh), UsageBasedProducts: amortize.DefaultUsageBasedProducts}
	whole, err := replay.Run(pkgs, recs, ropt)
	if err != nil {
		t.Fatal(err)
	}
	am, err := amortize.RunLazy(whole, acfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, by := range [][]string{{"month", "product"}, {"package"}, {"region", "enterprise_project"}, {"tag:env", "product"}, {"month", "package"}} {
		keys, err := ParseKeys(by)
		if err != nil {
			t.Fatal(err)
		}
		kopt := Options{Location: sh, AsOf: asOf, Precision: 2, Keys: keys}
		want, err := Compute(whole, am, kopt)
		if err != nil {
			t.Fatal(err)
		}
		b, used, parts := New(kopt), amortize.NewUsed(acfg), 0
		last, err := replay.RunParts(pkgs, ropt, 300, true, func(add func([]model.Record) error) error {
			for i := 0; i < len(recs); i += 100 {
				if err := add(recs[i:min(i+100, len(recs))]); err != nil {
					return err
				}
			}
			return nil
		}, func(part *replay.Ledger) error {
			parts++
			used.Add(part)
			b.Add(part)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		pam, err := amortize.RunUsed(last, acfg, used)
		if err != nil {
			t.Fatal(err)
		}
		got, err := b.Finish(last, pam)
		if err != nil {
			t.Fatal(err)
		}
		if parts < 20 || len(want.Rows) < 5 {
			t.Fatalf("--by %v: %d parts, %d rows: the test replays too little", by, parts, len(want.Rows))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("--by %v: in parts\n%v\nin memory\n%v", by, got.Rows, want.Rows)
		}
		spelt := false
		for _, r := range want.Rows {
			if r.Packages == 0 {
				continue
			}
			for _, k := range r.Keys {
				spelt = spelt || k == "OBS"
				if k == "obs" || r.Unit == "gb" {
					t.Errorf("--by %v: row %v (%s) shows a record's spelling where its packages spell OBS, GB", by, r.Keys, r.Unit)
				}
			}
		}
		if by[len(by)-1] == "product" && !spelt {
			t.Errorf("--by %v: no OBS row with packages", by)
		}
	}
}
