package present

import (
	"bytes"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

// A listing of more groups than it holds is written as the bills are walked, and is
// byte for byte the listing holding them in every format but xlsx, whose streamed sheet
// holds the same cells (its layout is that of the streamed sheets: the column widths of
// the first rows, no dimension). Each writing walks the bills again: the text table,
// which measures its columns first, twice.
func TestGroupsStreamedAsHeld(t *testing.T) {
	loc := testkit.Shanghai
	asOf := time.Date(2025, 1, 1, 0, 0, 0, 0, loc)
	res, err := amortize.RunLazy(generatedLedger(t, 60, 3000, 5, asOf), amortize.Config{Location: loc, Precision: 2, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	s := &Settings{Location: loc, Precision: 2, AsOf: asOf}
	for _, keys := range [][]string{{"day", "package", "tag:team"}, {"product", "day"}} {
		seq, err := amortize.Groups(res.WalkExact(time.Time{}, time.Time{}), keys)
		if err != nil {
			t.Fatal(err)
		}
		walks := 0
		counted := iter.Seq[*amortize.GroupRow](func(yield func(*amortize.GroupRow) bool) {
			walks++
			seq(yield)
		})
		held := Groups(s, keys, counted)
		if ht := held.Tables[0]; ht.Stream != nil || len(ht.Rows) < 1000 || len(ht.Rows) > heldGroups {
			t.Fatalf("%v: %d groups held: want a listing of them all", keys, len(ht.Rows))
		}
		func() {
			defer func(n int) { heldGroups = n }(heldGroups)
			heldGroups = 100
			walks = 0
			streamed := Groups(s, keys, counted)
			if st := streamed.Tables[0]; st.Stream == nil || st.Rows != nil {
				t.Fatalf("%v: %d groups held by a listing of more than %d", keys, len(st.Rows), heldGroups)
			}
			for _, f := range []report.Format{report.FormatCSV, report.FormatJSON, report.FormatTable,
				report.FormatMarkdown, report.FormatParquet} {
				before := walks
				if got, want := render(t, streamed, f), render(t, held, f); !bytes.Equal(got, want) {
					t.Errorf("%v %s: the streamed listing differs (%d bytes, held %d)", keys, f, len(got), len(want))
				}
				if want := 1 + btoi(f == report.FormatTable); walks-before != want {
					t.Errorf("%v %s: %d walks, want %d", keys, f, walks-before, want)
				}
			}
			if got, want := sheetRows(t, render(t, streamed, report.FormatXLSX)), sheetRows(t, render(t, held, report.FormatXLSX)); !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%v xlsx: the streamed sheet's cells differ", keys)
			}
		}()
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sheetRows is the cells of a workbook's first sheet as Excel shows them.
func sheetRows(t *testing.T, b []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
