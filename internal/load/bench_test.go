package load

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"
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
