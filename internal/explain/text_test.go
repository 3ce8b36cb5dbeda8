package explain

import (
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

// The single-record text names the values, the deductions, every package with its
// checks, the primary reason and the suggestion.
func TestWriteText(t *testing.T) {
	south := pkg("P-SOUTH", "2025-02-01", validity, "100")
	south.Region = "cn-south-1"
	l := ledger(t, []model.Package{pkg("P", "2025-02-01", validity, "5"), south}, []model.Record{
		rec("r1", "2025-02-10 10:00", "2025-02-10 11:00", "3"),
		rec("r2", "2025-02-11 10:00", "2025-02-11 11:00", "3"),
	})
	res, err := Explain(l, Selection{Records: []string{"r2"}})
	if err != nil || len(res.Records) != 1 {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteText(&b, l, &res.Records[0]); err != nil {
		t.Fatal(err)
	}
	want := `Record r2: partially deducted
  product             CDN
  billing item        Outbound internet traffic
  specification       -
  region              cn-north-4
  enterprise project  -
  resource            site-r2
  consumption         2025-02-11 10:00:00 → 2025-02-11 11:00:00
  deducted at         2025-02-11 11:00:00
  quantity            3 GB
  deducted            2 GB
  pay-per-use         1 GB (0.12 USD)

Deducted from:
  P  2 GB

Packages of product CDN:
  P (closest)
    EXHAUSTED: the package ran out of its 5 GB at 2025-02-11 11:00:00 (first used by r1, r2)
  P-SOUTH
    REGION_MISMATCH: region "cn-north-4" ≠ package region "cn-south-1"

Primary reason: EXHAUSTED: the package ran out of its 5 GB at 2025-02-11 11:00:00 (first used by r1, r2)
Suggestion: P ran out at 2025-02-11 11:00:00 (first used by r1, r2): add capacity or buy another package
`
	if got := b.String(); got != want {
		t.Errorf("text:\n%s\nwant\n%s", got, want)
	}
	if got := ShortMessage(&res.Records[0]); !strings.HasPrefix(got, "P: the package ran out") {
		t.Errorf("short message %q", got)
	}
}
