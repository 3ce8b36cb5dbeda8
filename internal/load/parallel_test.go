package load

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

// loadBoth loads data as usage twice: in chunks of chunk bytes (their text scribbled
// over once parsed, so that a value pointing into it shows), and row by row without the
// value caches (the reference). hide hides the input's size, so that the records do not
// fit the room estimated for them.
func loadBoth(data []byte, opt Options, chunk int, hide bool) (par, ref loaded[model.Record]) {
	in := func() io.Reader {
		if hide {
			return io.MultiReader(bytes.NewReader(data))
		}
		return bytes.NewReader(data)
	}
	defer func(c int) { chunkSize, scribble, sequentialUsage, uncachedUsage = c, false, false, false }(chunkSize)
	chunkSize, scribble = chunk, true
	par.rows, par.rep, par.err = Usage("p.csv", in(), opt)
	sequentialUsage, uncachedUsage = true, true
	ref.rows, ref.rep, ref.err = Usage("p.csv", in(), opt)
	return par, ref
}

// loaded is what a load gave: its rows (records, bill rows), report and error.
type loaded[T any] struct {
	rows []T
	rep  *Report
	err  error
}

// diff describes how two results differ; "" when they are the same.
func (r loaded[T]) diff(o loaded[T]) string {
	switch {
	case fmt.Sprint(r.err) != fmt.Sprint(o.err) || reflect.TypeOf(r.err) != reflect.TypeOf(o.err):
		return fmt.Sprintf("error %v\nvs %v", r.err, o.err)
	case len(r.rows) != len(o.rows) || (r.rows == nil) != (o.rows == nil):
		return fmt.Sprintf("%d rows vs %d", len(r.rows), len(o.rows))
	case !reflect.DeepEqual(r.rep, o.rep):
		return fmt.Sprintf("report %+v\nvs %+v", r.rep, o.rep)
	}
	for i := range r.rows {
		if !reflect.DeepEqual(r.rows[i], o.rows[i]) {
			return fmt.Sprintf("row %d: %+v\nvs %+v", i, r.rows[i], o.rows[i])
		}
	}
	return ""
}

// TestUsageChunksMatchRowByRow: reading in chunks on every CPU gives exactly the
// records, report and errors of reading row by row with every cell parsed anew, on
// random files with quoted newlines and quotes, BOMs, CRLF, blank and bad rows,
// duplicate ids, any delimiter, with and without SkipInvalid and room for the records.
func TestUsageChunksMatchRowByRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	n := 400
	if testing.Short() {
		n = 50
	}
	for i := range n {
		data := randomUsage(rng)
		opt := testOptions()
		opt.SkipInvalid = rng.IntN(2) == 0
		chunk, hide := 1+rng.IntN(300), rng.IntN(3) == 0
		par, ref := loadBoth(data, opt, chunk, hide)
		if d := par.diff(ref); d != "" {
			t.Fatalf("case %d (chunk %d, skip %v, hide %v): %s\ninput:\n%q", i, chunk, opt.SkipInvalid, hide, d, data)
		}
	}
}

// FuzzUsageChunks: on any bytes, reading in chunks matches reading row by row.
func FuzzUsageChunks(f *testing.F) {
	rng := rand.New(rand.NewPCG(3, 5))
	for range 8 {
		f.Add(randomUsage(rng), uint16(7), true)
	}
	f.Add([]byte("record_id,product,billing_item,start_time,end_time,quantity\n1,a,b,2024-01-01,2024-01-02,\"5\nGB\"\n"), uint16(1), false)
	f.Fuzz(func(t *testing.T, data []byte, chunk uint16, skip bool) {
		opt := testOptions()
		opt.SkipInvalid = skip
		par, ref := loadBoth(data, opt, 1+int(chunk%512), chunk%3 == 0)
		if d := par.diff(ref); d != "" {
			t.Fatalf("chunk %d: %s", 1+chunk%512, d)
		}
	})
}

var usageCols = []string{"record_id", "product", "billing_item", "region", "resource_id",
	"start_time", "end_time", "deduct_time", "quantity", "unit", "unit_price", "currency", "tags"}

// randomUsage writes a small usage CSV whose cells are mostly valid, sometimes not.
func randomUsage(rng *rand.Rand) []byte { return randomCSV(rng, usageCols, randomCell) }

// randomCSV writes a small CSV of the columns cols, each cell drawn by cell, with title
// lines, BOMs, CRLF or CR line ends, quotes, blank, short, long and malformed rows, bytes
// that are not UTF-8, any delimiter.
func randomCSV(rng *rand.Rand, cols []string, cell func(rng *rand.Rand, col string) string) []byte {
	comma := []string{",", ";", "\t"}[rng.IntN(3)]
	nl := []string{"\n", "\r\n", "\r"}[rng.IntN(3)]
	var b strings.Builder
	if rng.IntN(3) == 0 {
		b.WriteString("\ufeff")
	}
	if rng.IntN(4) == 0 {
		b.WriteString("Usage export" + nl + nl)
	}
	b.WriteString(strings.Join(cols, comma) + nl)
	for range rng.IntN(60) {
		switch rng.IntN(12) {
		case 0:
			b.WriteString(nl) // an empty line
			continue
		case 1:
			b.WriteString(strings.Repeat(comma, rng.IntN(3)) + " " + nl) // a blank row
			continue
		}
		cells := make([]string, len(cols))
		for k, col := range cols {
			cells[k] = cell(rng, col)
			if strings.ContainsAny(cells[k], comma+"\"\n\r") || rng.IntN(20) == 0 {
				cells[k] = `"` + strings.ReplaceAll(cells[k], `"`, `""`) + `"`
			}
		}
		if rng.IntN(25) == 0 {
			cells[rng.IntN(len(cells))] += `x"y` // a bare quote: a parse error
		}
		if rng.IntN(25) == 0 {
			cells = cells[:rng.IntN(len(cells))] // a short row
		}
		switch rng.IntN(30) {
		case 0:
			cells = append(cells, "", " ") // blank extra fields (trailing delimiters)
		case 1:
			cells = append(cells, "000") // an extra field: a value split at its delimiter
		case 2:
			k := rng.IntN(len(cells) + 1)
			cells = append(cells[:k:k], append([]string{"caf\xe9"}, cells[k:]...)...) // a stray byte, and an extra field
		}
		b.WriteString(strings.Join(cells, comma) + nl)
	}
	out := []byte(b.String())
	if rng.IntN(4) == 0 {
		out = bytes.TrimRight(out, "\r\n") // no final newline
	}
	if rng.IntN(10) == 0 {
		out = append(out, '"') // an unterminated quote
	}
	return out
}

func randomCell(rng *rand.Rand, col string) string {
	pick := func(vals ...string) string { return vals[rng.IntN(len(vals))] }
	if rng.IntN(30) == 0 {
		return pick("", " ", "\ufeff", "a\nb", `q"q`, "-1", "x;y", "a\x00", "\x00-1", "a\rb", "OBS\xff\xfe")
	}
	switch col {
	case "record_id":
		return fmt.Sprintf("r%d", rng.IntN(40))
	case "product":
		return pick("OBS", " CDN ", "产品A", "ECS")
	case "start_time", "end_time", "deduct_time":
		if col == "deduct_time" && rng.IntN(3) == 0 {
			return ""
		}
		return pick("2024-01-01 00:00:00", "2024-01-01 01:00:00", "2024-01-01 01:05:00", "2024-01-01",
			"2024/1/2 3:04", "2024-01-01 25:00:00", fmt.Sprintf("2024-03-%02d %02d:%02d:00", 1+rng.IntN(28), rng.IntN(24), rng.IntN(60)))
	case "quantity":
		return pick("5", "1.25", "12 GB", "1,000", "-3", "1e3", "7GB", fmt.Sprint(rng.IntN(1000)))
	case "unit":
		return pick("GB", "", "hour", "gb", "次")
	case "unit_price":
		return pick("", "0.02", "1,234.5", "-1", "abc")
	case "currency":
		return pick("", "USD", "CNY")
	case "tags":
		return pick("", "team=a", "team=a;env=prod", "k=v;k=w", "=x", "noval")
	}
	return pick("cn-north-4", "", "ap-southeast-1", "res-1")
}

// TestBillsChunksMatchRowByRow: an exported bill read in chunks (their text scribbled
// over once read, so that a value pointing into it shows) gives exactly the rows, report
// and errors of reading it through encoding/csv alone, on random files with quoted
// newlines and quotes, BOMs, CRLF, blank and bad rows, any delimiter, with and without
// SkipInvalid.
func TestBillsChunksMatchRowByRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 17))
	n := 400
	if testing.Short() {
		n = 50
	}
	for i := range n {
		data := randomBills(rng)
		opt := testOptions()
		opt.SkipInvalid = rng.IntN(2) == 0
		chunk := 1 + rng.IntN(300)
		got, want := loadBillsBoth(data, opt, chunk)
		if d := got.diff(want); d != "" {
			t.Fatalf("case %d (chunk %d, skip %v): %s\ninput:\n%q", i, chunk, opt.SkipInvalid, d, data)
		}
	}
}

// FuzzBillsChunks: on any bytes, reading a bill in chunks matches reading it row by row.
func FuzzBillsChunks(f *testing.F) {
	rng := rand.New(rand.NewPCG(5, 7))
	for range 8 {
		f.Add(randomBills(rng), uint16(7), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, chunk uint16, skip bool) {
		opt := testOptions()
		opt.SkipInvalid = skip
		got, want := loadBillsBoth(data, opt, 1+int(chunk%512))
		if d := got.diff(want); d != "" {
			t.Fatalf("chunk %d: %s", 1+chunk%512, d)
		}
	})
}

// loadBillsBoth loads data as bills in chunks of chunk bytes, and through encoding/csv.
func loadBillsBoth(data []byte, opt Options, chunk int) (chunked, ref loaded[model.BillRow]) {
	defer func(c int) { chunkSize, scribble, sequentialBills = c, false, false }(chunkSize)
	chunkSize, scribble = chunk, true
	chunked.rows, chunked.rep, chunked.err = Bills("b.csv", bytes.NewReader(data), opt)
	scribble, sequentialBills = false, true
	ref.rows, ref.rep, ref.err = Bills("b.csv", bytes.NewReader(data), opt)
	return chunked, ref
}

var billCols = []string{"bill_date", "package_id", "bill_type", "amount", "quantity", "unit", "enterprise_project", "currency"}

// randomBills writes a small bills CSV whose cells are mostly valid, sometimes not.
func randomBills(rng *rand.Rand) []byte { return randomCSV(rng, billCols, randomBillCell) }

func randomBillCell(rng *rand.Rand, col string) string {
	pick := func(vals ...string) string { return vals[rng.IntN(len(vals))] }
	if rng.IntN(30) == 0 {
		return pick("", " ", `q"q`, "a\x00", "x;y", "a\nb")
	}
	switch col {
	case "bill_date":
		return pick("2024-01-01", "2024-01-02 13:00:00", "2024/1/3", "2024-02-30", "")
	case "package_id":
		return pick(fmt.Sprintf("PKG%d", rng.IntN(5)), " PKG1 ", "资源包", "")
	case "bill_type":
		return pick("Expenditure-resource packages used", "Expenditure-purchase", "Refund", "nope")
	case "amount":
		return pick("1.25", "-3", "$4", "0.9900000000000001", "1,234.5", "x", fmt.Sprint(rng.IntN(100)))
	case "quantity":
		return pick("", "5", "12 GB", "-1", "1e3")
	case "unit":
		return pick("", "GB", "gb", "MB", "次")
	case "enterprise_project":
		return pick("", "default", " Web  Team ", "a\nb")
	}
	return pick("", "USD", "CNY")
}
