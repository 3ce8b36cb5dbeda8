package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pkgctl/pkgctl/internal/explain"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/sample"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

// generatedWhy is why's explainer over the sample generator's data (many packages per
// product, every outcome) and every record selected.
func generatedWhy(t *testing.T, packages, records, candidates int) (*GlobalOptions, *explain.Explainer, []int) {
	t.Helper()
	var pb, ub bytes.Buffer
	if err := sample.Generate(sample.GenOptions{Packages: packages, Records: records, Seed: 3}, &pb, &ub); err != nil {
		t.Fatal(err)
	}
	loc := testkit.Shanghai
	pkgs, _, err := load.Packages("packages.csv", &pb, load.Options{Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	recs, _, err := load.Usage("usage.csv", &ub, load.Options{Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	l, err := replay.Run(pkgs, recs, replay.Options{Location: loc, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	x := explain.NewExplainer(l, candidates)
	sel, err := x.Select(explain.Selection{All: true}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return &GlobalOptions{Loc: loc, Config: Config{Precision: 2}}, x, sel
}

// whyJSONDoc is why's JSON, parsed.
type whyJSONDoc struct {
	Records []struct {
		RecordID      string `json:"record_id"`
		PrimaryReason string `json:"primary_reason"`
		Deductions    []struct {
			PackageID string `json:"package_id"`
		} `json:"deductions"`
		Packages []struct {
			PackageID string `json:"package_id"`
			Reasons   []struct{ Code, Message string }
		} `json:"packages"`
		Suggestion    string         `json:"suggestion"`
		OtherPackages map[string]int `json:"other_packages"`
	} `json:"records"`
	Summary []struct {
		Code     string `json:"code"`
		Records  int    `json:"records"`
		Quantity string `json:"quantity"`
		Unit     string `json:"unit"`
		Cost     string `json:"cost"`
	} `json:"summary"`
}

// The streamed JSON holds every selected record once, in replay order, each as its
// explanation says (the packages listed, the others counted: together every package of
// the product), and the summary Summarize gives for them; the concurrent blocks give
// the same bytes every time.
func TestWhyJSONStreamsEveryRecord(t *testing.T) {
	g, x, sel := generatedWhy(t, 300, 6000, explain.DefaultCandidates)
	l := x.Ledger()
	render := func() []byte {
		var b bytes.Buffer
		if err := report.Render(&b, whyDocument(g, x, sel), report.FormatJSON); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	out := render()
	if again := render(); !bytes.Equal(out, again) {
		t.Fatal("two renderings differ")
	}
	var doc whyJSONDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Records) != len(sel) || len(sel) < 5000 {
		t.Fatalf("%d records written, %d selected", len(doc.Records), len(sel))
	}
	var es []explain.Explanation
	for k, i := range sel {
		e, got := x.Explain(i), doc.Records[k]
		es = append(es, e)
		if got.RecordID != e.Rec.ID || got.PrimaryReason != e.Primary.Code || got.Suggestion != e.Suggestion ||
			len(got.Packages) != len(e.Packages) || len(got.Deductions) != len(e.Deductions) {
			t.Fatalf("record %d: %+v\nexplained %s %s, %d packages", k, got, e.Rec.ID, e.Primary.Code, len(e.Packages))
		}
		n := len(got.Packages)
		for _, c := range got.OtherPackages {
			n += c
		}
		if n != len(l.PackagesOfProduct(e.Rec.Product)) {
			t.Fatalf("record %s: %d packages listed and counted, the product has %d", e.Rec.ID, n,
				len(l.PackagesOfProduct(e.Rec.Product)))
		}
	}
	want := explain.Summarize(es)
	if len(doc.Summary) != len(want) || len(want) == 0 {
		t.Fatalf("summary %+v, want %+v", doc.Summary, want)
	}
	for i, s := range want {
		cost := ""
		if s.Cost.Valid {
			cost = s.Cost.Decimal.StringFixed(2)
		}
		if got := doc.Summary[i]; got.Code != s.Code || got.Records != s.Records ||
			got.Quantity != report.QtyString(s.Quantity) || got.Unit != s.Unit || got.Cost != cost {
			t.Errorf("summary row %d: %+v, want %+v", i, got, s)
		}
	}
}

// CSV, markdown and xlsx list every record once; the Reasons rows of a record are its
// listed packages' failing checks and the counts of the others; the text output sums up
// first and lists every record.
func TestWhyListingsInEveryFormat(t *testing.T) {
	g, x, sel := generatedWhy(t, 200, 3000, 2)
	render := func(f report.Format) []byte {
		var b bytes.Buffer
		if err := report.Render(&b, whyDocument(g, x, sel), f); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	rows, err := csv.NewReader(bytes.NewReader(render(report.FormatCSV))).ReadAll()
	if err != nil || len(rows) != len(sel)+1 {
		t.Fatalf("csv: %d rows for %d records (%v)", len(rows), len(sel), err)
	}
	wantReasons, others := 0, 0
	for _, i := range sel {
		e := x.Explain(i)
		for _, pc := range e.Packages {
			wantReasons += len(pc.Failures)
		}
		if e.Primary.Code == replay.CodeNoPackage {
			wantReasons++
		}
		wantReasons += len(e.Others)
		others += e.OtherPackages()
	}
	md := string(render(report.FormatMarkdown))
	if n := strings.Count(md, "\n| U"); n != len(sel)+wantReasons {
		t.Errorf("markdown: %d record and reason lines, want %d + %d", n, len(sel), wantReasons)
	}
	f, err := excelize.OpenReader(bytes.NewReader(render(report.FormatXLSX)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reasons, _ := f.GetRows("Reasons")
	counted := 0
	for _, r := range reasons[1:] {
		if len(r) == 5 && r[4] != "" {
			var n int
			fmt.Sscan(r[4], &n)
			counted += n
		}
	}
	if recs, _ := f.GetRows("Records"); len(recs) != len(sel)+1 || len(reasons) != wantReasons+1 || counted != others {
		t.Errorf("xlsx: %d Records rows, %d Reasons rows (want %d), %d packages counted (want %d)",
			len(recs), len(reasons), wantReasons+1, counted, others)
	}
	txt := string(render(report.FormatTable))
	if !strings.HasPrefix(txt, "Summary\n") || strings.Count(txt, "\n| U") != len(sel) {
		t.Errorf("text: summary first and a line per record expected:\n%.500s", txt)
	}
}
