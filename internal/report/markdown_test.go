package report

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestMarkdownRowMatchesDisplay checks appendMarkdownRow against what a row's cells
// print for people, one string each (display), escaped (and in bold, for a totals row)
// and joined: random rows of
// every kind, texts with pipes, backslashes and line breaks, times of several zones and
// of years past 9999, in a document with a zone and in one without (each time in its
// own), the same instants again on later rows (the column's memory of times).
func TestMarkdownRowMatchesDisplay(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	shanghai := time.FixedZone("CST", 8*3600)
	odd := time.FixedZone("ODD", 5*3600+30*60+17) // an offset with seconds
	zones := []*time.Location{time.UTC, shanghai, odd}
	texts := []string{"", "OBS", "a|b", `back\slash`, "two\nlines", "cr\rlf\r\n", "||", "北京|一区", "=SUM(A1)", " x ", "*x*", "_y_", "a_b", "<b>", "AT&T", "&amp;", "`c`", "[l](u)", "~~s~~", "$5"}
	instants := make([]time.Time, 12)
	for i := range instants {
		instants[i] = time.Unix(rng.Int64N(4_000_000_000)-500_000_000, int64(rng.IntN(2))*500_000_000)
	}
	instants[0] = time.Date(12000, 3, 4, 5, 6, 7, 0, time.UTC)
	instants[1] = time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, loc := range []*time.Location{nil, shanghai} {
		doc := &Document{Precision: 2, Location: loc}
		memo := make([]timeMemo, 8)
		for range 3000 {
			row := make([]Cell, 8)
			for j := range row {
				switch rng.IntN(9) {
				case 0:
				case 1:
					row[j] = Text(texts[rng.IntN(len(texts))])
				case 2:
					row[j] = NumberText([]string{"20.00", "-5", "1.5", "n/a"}[rng.IntN(4)])
				case 3:
					row[j] = Int(rng.Int64N(1_000_000) - 500_000)
				case 4:
					row[j] = MoneyParts(rng.Int64N(2_000_000)-1_000_000, int32(rng.IntN(5))-3)
				case 5:
					row[j] = Qty(dec("123456789012345678901.25").Mul(dec("1.5")))
				case 6:
					row[j] = Time(instants[rng.IntN(len(instants))].In(zones[rng.IntN(len(zones))]))
				case 7:
					row[j] = Date(instants[2+rng.IntN(len(instants)-2)])
				case 8:
					row[j] = Bool(rng.IntN(2) == 0)
				}
			}
			for _, bold := range []bool{false, true} {
				cells := make([]string, len(row))
				for j, c := range row {
					if cells[j] = mdEscape(c.display(doc.Precision, doc.Location)); bold && cells[j] != "" {
						cells[j] = "**" + cells[j] + "**"
					}
				}
				want := "| " + strings.Join(cells, " | ") + " |\n"
				if got := string(appendMarkdownRow(nil, row, doc, memo, bold)); got != want {
					t.Fatalf("zone %v, bold %v: row\n%q, want\n%q", loc, bold, got, want)
				}
			}
		}
	}
}

// A cell's text renders as written: markup characters are escaped, and the ones no
// renderer reads as markup (an underscore inside a word, an ampersand that starts no
// entity) are left for people reading the file as text.
func TestMdEscape(t *testing.T) {
	for in, want := range map[string]string{
		"bill_date":               "bill_date",
		"_x_ and __y__":           `\_x\_ and \_\_y\_\_`,
		"snake_":                  `snake\_`,
		"中_文":                     "中_文",
		"*bold* GB*hour":          `\*bold\* GB\*hour`,
		"<script>alert</script>":  `\<script\>alert\</script\>`,
		"AT&T R&D & co":           "AT&T R&D & co",
		"&amp; &#60; &x":          `\&amp; \&#60; &x`,
		"`code` [a](b) ~~s~~":     "\\`code\\` \\[a\\](b) \\~\\~s\\~\\~",
		"$5 to $6":                `\$5 to \$6`,
		"a|b\\c":                  `a\|b\\c`,
		"one\r\ntwo\rthree\nfour": "one<br>two<br>three<br>four",
	} {
		if got := mdEscape(in); got != want {
			t.Errorf("mdEscape(%q) = %q, want %q", in, got, want)
		}
		if got := string(mdEscapeFrom([]byte("x"+in), 1)); got != "x"+want {
			t.Errorf("mdEscapeFrom(%q) = %q, want %q", in, got, "x"+want)
		}
	}
}
