// Package benchdata loads the data set of pkgctl's benchmarks: /tmp/bench/packages.csv
// and /tmp/bench/usage.csv (pkgctl sample generate --packages 10000 --records 1000000
// --seed 1 /tmp/bench) when present, else 1,000 packages and 100,000 records generated
// in memory. Only _test files import it.
package benchdata

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/sample"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

// Load returns the data set's packages and records, read in Asia/Shanghai.
func Load(tb testing.TB) ([]model.Package, []model.Record) {
	tb.Helper()
	opt := load.Options{Location: testkit.Shanghai}
	pf, perr := os.Open("/tmp/bench/packages.csv")
	uf, uerr := os.Open("/tmp/bench/usage.csv")
	var pr, ur io.Reader = pf, uf
	if perr != nil || uerr != nil {
		var pb, ub bytes.Buffer
		if err := sample.Generate(sample.GenOptions{Packages: 1000, Records: 100000, Seed: 1}, &pb, &ub); err != nil {
			tb.Fatal(err)
		}
		pr, ur = &pb, &ub
	} else {
		defer pf.Close()
		defer uf.Close()
	}
	pkgs, _, err := load.Packages("packages.csv", pr, opt)
	if err != nil {
		tb.Fatal(err)
	}
	recs, _, err := load.Usage("usage.csv", ur, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return pkgs, recs
}
