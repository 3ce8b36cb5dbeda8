package present

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pkgctl/pkgctl/internal/explain"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/sample"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

// generatedWhy is why's explainer over the sample generator's data (many packages per
// product, every outcome) and every record selected.
func generatedWhy(t *testing.T, packages, records, candidates int) (*Settings, *explain.Explainer, []int) {
	t.Helper()
	l := generatedLedger(t, packages, records, 3, time.Time{})
	x := explain.NewExplainer(l, candidates)
	sel, err := x.Select(explain.Selection{All: true}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return &Settings{Location: testkit.Shanghai, Precision: 2}, x, sel
}

// generatedLedger replays the sample generator's data (seed, in Asia/Shanghai) as of
// asOf (zero: everything).
func generatedLedger(t *testing.T, packages, records int, seed int64, asOf time.Time) *replay.Ledger {
	t.Helper()
	var pb, ub bytes.Buffer
	if err := sample.Generate(sample.GenOptions{Packages: packages, Records: records, Seed: seed}, &pb, &ub); err != nil {
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
	l, err := replay.Run(pkgs, recs, replay.Options{Location: loc, AsOf: asOf, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	return l
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
		if err := report.Render(&b, Why(g, x, sel), report.FormatJSON); err != nil {
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
		if err := report.Render(&b, Why(g, x, sel), f); err != nil {
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

// writeWhyJSONTokens writes a record token by token with the Encoder: the layout
// writeWhyJSON's text must have.
func writeWhyJSONTokens(enc *report.Encoder, e *explain.Explanation) {
	enc.BeginObject()
	field := func(k, v string) {
		enc.Key(k)
		enc.String(v)
	}
	field("record_id", e.Rec.ID)
	field("outcome", e.Outcome)
	enc.Key("quantity")
	enc.Cell(qtyCell(e.Rec.Quantity), -1)
	enc.Key("deducted")
	enc.Cell(qtyCell(e.Deducted), -1)
	enc.Key("pay_per_use")
	enc.Cell(qtyCell(e.PayPerUse), -1)
	field("unit", e.Rec.Unit)
	field("primary_reason", e.Primary.Code)
	enc.Key("deductions")
	enc.BeginArray()
	for _, d := range e.Deductions {
		enc.BeginObject()
		field("package_id", d.PackageID)
		enc.Key("quantity")
		enc.Cell(qtyCell(d.Quantity), -1)
		enc.EndObject()
	}
	enc.EndArray()
	enc.Key("packages")
	enc.BeginArray()
	for _, pc := range e.Packages {
		enc.BeginObject()
		field("package_id", pc.PackageID)
		enc.Key("reasons")
		enc.BeginArray()
		for _, f := range pc.Failures {
			enc.BeginObject()
			field("code", f.Code)
			field("message", f.Message)
			enc.EndObject()
		}
		enc.EndArray()
		enc.EndObject()
	}
	enc.EndArray()
	field("suggestion", e.Suggestion)
	enc.Key("other_packages")
	enc.BeginObject()
	for _, o := range e.Others {
		enc.Key(o.Code)
		enc.Int(int64(o.Packages))
	}
	enc.EndObject()
	enc.EndObject()
}

// writeWhyJSON's text is what writing the record token by token gives, for every
// record of a generated ledger at several candidate counts, for texts JSON escapes, and
// at other depths of a document.
func TestWhyJSONLayout(t *testing.T) {
	for _, n := range []int{1, 3, explain.AllCandidates} {
		_, x, sel := generatedWhy(t, 120, 1500, n)
		var es []explain.Explanation
		for _, i := range sel {
			es = append(es, x.Explain(i))
		}
		odd := es[len(es)-1]
		odd.Rec = &model.Record{ID: "r\"1\\ <&> \u2028", RecordAttrs: &model.RecordAttrs{Unit: "GB\t"}, Quantity: odd.Rec.Quantity}
		odd.Suggestion, odd.Outcome = "x\ny", "\x01"
		odd.Packages = append(odd.Packages, explain.PackageCheck{PackageID: "é", Failures: []replay.Failure{{Code: "C", Message: "\xff"}}})
		es = append(es, odd)
		for _, depth := range []int{0, 2, 5} {
			doc := func(write func(*report.Encoder, *explain.Explanation)) []byte {
				var v any = &report.Array{N: len(es), Item: func(k int, enc *report.Encoder) error {
					write(enc, &es[k])
					return nil
				}}
				for range depth { // nest the array deeper
					v = report.Object{{Key: "x", Value: v}}
				}
				var b bytes.Buffer
				if err := report.Render(&b, &report.Document{JSON: v}, report.FormatJSON); err != nil {
					t.Fatal(err)
				}
				return b.Bytes()
			}
			pt := &whyPackageText{l: x.Ledger()}
			got, want := doc(func(enc *report.Encoder, e *explain.Explanation) { writeWhyJSON(enc, e, pt) }), doc(writeWhyJSONTokens)
			if !bytes.Equal(got, want) {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Fatalf("candidates %d, depth %d: differs at byte %d:\n%s\nwant\n%s", n, depth, i,
					got[max(0, i-200):min(len(got), i+200)], want[max(0, i-200):min(len(want), i+200)])
			}
		}
	}
}
