package load

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// usageBench is a generated 100k-row usage CSV, built once.
var usageBench = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	b.WriteString("record_id,product,billing_item,region,enterprise_project,resource_id,start_time,end_time,deduct_time,quantity,unit,unit_price,tags\n")
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	products := [...]string{"OBS,Standard storage", "CDN,Outbound internet traffic", "OCR,General Text"}
	for i := 0; i < 100_000; i++ {
		s := start.Add(time.Duration(i) * time.Minute)
		fmt.Fprintf(&b, "rec-%07d,%s,cn-north-4,default,res-%04d,%s,%s,%s,%d.%03d,GB,0.02,team=t%d\n",
			i, products[i%3], i%1000, s.Format(time.DateTime), s.Add(time.Hour).Format(time.DateTime),
			s.Add(time.Hour+5*time.Minute).Format(time.DateTime), i%97, i%1000, i%5)
	}
	return b.Bytes()
})

func BenchmarkUsageCSV(b *testing.B) {
	data := usageBench()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		recs, _, err := Usage("bench.csv", bytes.NewReader(data), testOptions())
		if err != nil || len(recs) != 100_000 {
			b.Fatalf("%d records, %v", len(recs), err)
		}
	}
}

// BenchmarkTokenizeCSV is the floor: encoding/csv alone over the same bytes.
func BenchmarkTokenizeCSV(b *testing.B) {
	data := usageBench()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := csv.NewReader(bytes.NewReader(data))
		r.ReuseRecord = true
		n := 0
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 100_001 {
			b.Fatal(n)
		}
	}
}

// usageXLSXBench is the same 100k rows as a workbook (excelize's stream writer: inline
// strings, numbers as numbers), built once.
var usageXLSXBench = sync.OnceValue(func() []byte {
	recs, err := csv.NewReader(bytes.NewReader(usageBench())).ReadAll()
	if err != nil {
		panic(err)
	}
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		panic(err)
	}
	for i, rec := range recs {
		row := make([]any, len(rec))
		for j, v := range rec {
			row[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			panic(err)
		}
	}
	if err := sw.Flush(); err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		panic(err)
	}
	return buf.Bytes()
})

// BenchmarkUsageXLSX reads a 100k-row usage sheet; its B/op is what the XML stream
// allocates (garbage: the sheet itself is never held).
func BenchmarkUsageXLSX(b *testing.B) {
	data := usageXLSXBench()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		recs, _, err := Usage("bench.xlsx", bytes.NewReader(data), testOptions())
		if err != nil || len(recs) != 100_000 {
			b.Fatalf("%d records, %v", len(recs), err)
		}
	}
}

// BenchmarkXLSXMillionEmptyRows reads a sheet of 1,048,575 empty rows under the header
// (three empty cells each; a 10 MB file, 73 MB of XML): streamed, it costs time, not
// memory (B/op is garbage of the XML tokens, none of it kept).
func BenchmarkXLSXMillionEmptyRows(b *testing.B) {
	var sb strings.Builder
	for r := 2; r <= 1_048_576; r++ {
		fmt.Fprintf(&sb, `<row r="%d"><c r="A%d"/><c r="B%d"/><c r="C%d"/></row>`, r, r, r, r)
	}
	data := minimalXLSX(b, sheetXML(sb.String()))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		recs, rep, err := Usage("empty.xlsx", bytes.NewReader(data), testOptions())
		if err != nil || len(recs) != 0 || rep.Rows != 0 {
			b.Fatalf("%d records, %v", len(recs), err)
		}
	}
}
