package load

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzUsageCSV: any bytes read as a usage CSV never panic; a file that loads holds only
// records that obey rules.md §1.5, in valid UTF-8, and skipping keeps every row accounted for.
func FuzzUsageCSV(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("..", "..", "testdata", "load", "usage_three_bad.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("record_id;product;billing_item;start_time;end_time;quantity\nr1;OBS;x;2024-01-01;2024-01-02;5 GB\n"))
	f.Add([]byte("\xff\xfer\x00e\x00c\x00"))
	f.Add([]byte("record_id,product,billing_item,start_time,end_time,quantity,unit\rr1,OBS\xe9,x,2024-01-01,2024-01-02,1,000,GB\r"))
	f.Add([]byte("记录ID,产品名称,计费项,开始时间,结束时间,使用量,单位\n1,OBS,\"x\n\",2024年01月01日,2024-01-02,1,次\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		opt := testOptions()
		recs, _, err := Usage("f.csv", bytes.NewReader(data), opt)
		var errs Errors
		if err != nil && !errors.As(err, &errs) {
			t.Fatalf("non-input error from in-memory data: %v", err)
		}
		for _, r := range recs {
			if r.ID == "" || r.Quantity.Sign() < 0 || r.End().Before(r.Start()) || r.Deduct().Before(r.Start()) || r.Unit == "" {
				t.Fatalf("invalid record loaded: %+v", r)
			}
			for _, s := range []string{r.ID, r.ResourceID, r.Product, r.BillingItem, r.Specification, r.Region, r.EnterpriseProject, r.Unit} {
				if !utf8.ValidString(s) {
					t.Fatalf("text that is not UTF-8 loaded: %q", s)
				}
			}
		}
		opt.SkipInvalid = true
		kept, rep, err := Usage("f.csv", bytes.NewReader(data), opt)
		if err != nil {
			return // no header: nothing to skip
		}
		if len(kept)+rep.Rejected.Len() != rep.Rows {
			t.Fatalf("%d kept + %d rejected != %d rows", len(kept), rep.Rejected.Len(), rep.Rows)
		}
		if recs != nil && (len(kept) != len(recs) || rep.Rejected.Len() != 0) {
			t.Fatalf("skipping changed a valid file: %d vs %d records", len(kept), len(recs))
		}
	})
}
