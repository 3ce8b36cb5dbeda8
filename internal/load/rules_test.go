package load

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

var pkgCols = []string{"package_id", "product", "package_type", "effective_time", "expiration_time", "capacity",
	"unit", "reset_cycle", "reset_anchor", "fee", "refund", "destroyed_time", "order_type", "original_package_id",
	"amortization", "tags", "used", "currency"}

// pkgCSV is a packages file: a valid original P0 (line 2), then one row (line 3) that
// is the base row with the given cells replaced.
func pkgCSV(set map[string]string) string {
	base := map[string]string{"package_id": "P1", "product": "OBS", "effective_time": "2024-02-01",
		"expiration_time": "2024-12-31", "capacity": "100", "unit": "GB", "fee": "120"}
	for k, v := range set {
		base[k] = v
	}
	row := make([]string, len(pkgCols))
	for i, c := range pkgCols {
		row[i] = base[c]
	}
	return strings.Join(pkgCols, ",") + "\n" +
		"P0,OBS,,2024-01-01,2024-12-31,100,GB,month,,480,,,,,,,,\n" +
		strings.Join(row, ",") + "\n"
}

func TestPackageRules(t *testing.T) {
	for _, tc := range []struct {
		name   string
		set    map[string]string
		column string // of the one problem; "" = the row loads
		msg    string // substring of the message
	}{
		{"valid", nil, "", ""},
		{"blank id", map[string]string{"package_id": ""}, "package_id", "required value is blank"},
		{"blank product", map[string]string{"product": " "}, "product", "required value is blank"},
		{"blank effective", map[string]string{"effective_time": ""}, "effective_time", "required value is blank"},
		{"bad timestamp", map[string]string{"effective_time": "Feb 1"}, "effective_time", "Feb 1"},
		{"effective in year 0", map[string]string{"effective_time": "0000-12-30"}, "effective_time",
			"0000-12-30 00:00:00 (0000-12-29 15:54:17 UTC) is before the times pkgctl takes (0002-01-02 00:00:00 UTC and later)"},
		{"effective in January of year 1", map[string]string{"effective_time": "0001-01-15"}, "effective_time",
			"is before the times pkgctl takes"}, // its month would start at the zero time in UTC
		{"destroyed at Go's zero time", map[string]string{"destroyed_time": "0001-01-01T00:00:00Z"}, "destroyed_time",
			"is before the times pkgctl takes"}, // else read as no destruction at all
		{"effective on 0002-01-02 UTC", map[string]string{"effective_time": "0002-01-02T00:00:00Z"}, "", ""},
		{"blank capacity", map[string]string{"capacity": ""}, "capacity", "required value is blank"},
		{"no unit at all", map[string]string{"unit": ""}, "unit", "required value is blank"},
		{"unit from capacity", map[string]string{"unit": "", "capacity": "100 GB"}, "", ""},
		{"capacity unit disagrees", map[string]string{"capacity": "100 MB"}, "unit", `unit "GB" does not match the unit "MB"`},
		{"capacity unit same spelled otherwise", map[string]string{"capacity": "100 gb"}, "", ""},
		{"unknown type", map[string]string{"package_type": "box"}, "package_type", `"box"`},
		{"unknown cycle", map[string]string{"reset_cycle": "fortnight"}, "reset_cycle", `"fortnight"`},
		{"unknown anchor", map[string]string{"reset_anchor": "noonish"}, "reset_anchor", `"noonish"`},
		{"unknown order type", map[string]string{"order_type": "gift"}, "order_type", `"gift"`},
		{"unknown method", map[string]string{"amortization": "straight"}, "amortization", `"straight"`},
		{"bad tags", map[string]string{"tags": "novalue"}, "tags", "novalue"},
		{"negative capacity", map[string]string{"capacity": "-1"}, "capacity", "negative value \"-1\""},
		{"negative fee", map[string]string{"fee": "-5"}, "fee", "negative value \"-5\""},
		{"negative refund", map[string]string{"refund": "-1", "destroyed_time": "2024-03-01"}, "refund", "negative value \"-1\""},
		{"exponent fee", map[string]string{"fee": "1e3"}, "fee", "1e3"},
		{"expiration equals effective", map[string]string{"effective_time": "2025-01-01"}, "expiration_time",
			"expiration_time 2025-01-01 00:00:00 is not after effective_time 2025-01-01 00:00:00"},
		{"destroyed before effective", map[string]string{"destroyed_time": "2024-01-31 23:00:00"}, "destroyed_time",
			"destroyed_time 2024-01-31 23:00:00 is before effective_time 2024-02-01 00:00:00"},
		{"refund above fee", map[string]string{"refund": "120.01", "destroyed_time": "2024-03-01"}, "refund",
			"refund 120.01 is larger than the fee 120"},
		{"refund equal fee", map[string]string{"refund": "120", "destroyed_time": "2024-03-01"}, "", ""},
		{"duplicate id", map[string]string{"package_id": "P0"}, "package_id", `duplicate package_id "P0" (first at line 2)`},
		{"original missing", map[string]string{"order_type": "renewal", "original_package_id": "PX"}, "original_package_id",
			`original package "PX" is not in the packages file`},
		{"original is itself", map[string]string{"order_type": "upgrade", "original_package_id": "P1"}, "original_package_id", "refers to itself"},
		{"renewal unit does not convert", map[string]string{"order_type": "renewal", "original_package_id": "P0", "unit": "calls"},
			"unit", `unit "calls" of the renewal does not convert to unit "GB" of original package "P0"`},
		{"renewal unit converts", map[string]string{"order_type": "renewal", "original_package_id": "P0", "unit": "TB"}, "", ""},
		{"upgrade at original's start", map[string]string{"order_type": "upgrade", "original_package_id": "P0", "effective_time": "2024-01-01"},
			"effective_time", `not after its original "P0"`},
		{"upgrade after original's start", map[string]string{"order_type": "upgrade", "original_package_id": "P0"}, "", ""},
		{"upgrade in another currency", map[string]string{"order_type": "upgrade", "original_package_id": "P0", "currency": "CNY"},
			"currency", `the upgrade is billed in "CNY" but its original "P0" in "USD"`},
		{"upgrade in its original's currency, another case", map[string]string{"order_type": "upgrade", "original_package_id": "P0", "currency": "usd"}, "", ""},
		{"renewal in another currency", map[string]string{"order_type": "renewal", "original_package_id": "P0", "currency": "CNY"}, "", ""},
		{"usage method on storage", map[string]string{"package_type": "storage", "amortization": "usage"}, "amortization", "storage"},
		{"usage method on RI", map[string]string{"package_type": "Reserved instance", "amortization": "usage"}, "amortization", "reserved_instance"},
		{"linear on storage", map[string]string{"package_type": "storage", "amortization": "linear"}, "", ""},
		{"used in another unit", map[string]string{"used": "5 calls"}, "used", `unit "calls"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkgs, _, err := Packages("p.csv", strings.NewReader(pkgCSV(tc.set)), testOptions())
			if tc.column == "" {
				if err != nil || len(pkgs) != 2 {
					t.Fatalf("got %d packages, error %v", len(pkgs), err)
				}
				return
			}
			assertOneProblem(t, err, "p.csv:3", tc.column, tc.msg)
		})
	}
}

func assertOneProblem(t *testing.T, err error, loc, column, msg string) {
	t.Helper()
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("want load.Errors, got %v", err)
	}
	if len(errs.Problems) != 1 || errs.Problems[0].Src.String() != loc || errs.Problems[0].Column != column || !strings.Contains(errs.Problems[0].Msg, msg) {
		t.Errorf("got %v\nwant one problem at %s, column %q, containing %q", err, loc, column, msg)
	}
}

func TestPackageWarnings(t *testing.T) {
	for _, tc := range []struct {
		name, column string
		set          map[string]string
	}{
		{"refund without destroyed_time", "refund", map[string]string{"refund": "10"}},
		{"original on a new order", "original_package_id", map[string]string{"original_package_id": "P0"}},
		{"upgrade without its original", "original_package_id", map[string]string{"order_type": "upgrade"}},
		{"renewal without its original: a package like a new one", "", map[string]string{"order_type": "renewal"}},
		{"no fee is not a load warning", "", map[string]string{"fee": ""}},
		{"capacity 0", "capacity", map[string]string{"capacity": "0"}},
		{"capacity 0 with its unit", "capacity", map[string]string{"capacity": "0 GB"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkgs, rep, err := Packages("p.csv", strings.NewReader(pkgCSV(tc.set)), testOptions())
			if err != nil || len(pkgs) != 2 {
				t.Fatalf("got %d packages, error %v", len(pkgs), err)
			}
			if tc.column == "" {
				if len(rep.Warnings) != 0 {
					t.Errorf("warnings: %v", rep.Warnings)
				}
				return
			}
			if len(rep.Warnings) != 1 || rep.Warnings[0].Column != tc.column || rep.Warnings[0].Src.Line != 3 {
				t.Errorf("warnings %v, want one on column %q at line 3", rep.Warnings, tc.column)
			}
		})
	}
}

// TestSkipInvalidOriginalChains: with SkipInvalid, a renewal or upgrade goes with its
// original whatever set the original aside (a problem of its own row, or one across
// rows), down chains of any length; a cycle of renewals none of which is bad is kept.
// Without it, each problem is listed once, on its own row.
func TestSkipInvalidOriginalChains(t *testing.T) {
	const head = "package_id,product,effective_time,expiration_time,capacity,unit,fee,currency,order_type,original_package_id\n"
	for _, tc := range []struct {
		name, rows string
		kept       []string
		rejected   []string // "line: column: message; …" of each rejected row
		errs       []string // without SkipInvalid
	}{
		{"chain from a row's own problem",
			"P0,OBS,2024-01-01,2024-12-31,-100,GB,100,USD,new,\n" +
				"P1,OBS,2024-02-01,2024-12-31,200,GB,150,USD,upgrade,P0\n" +
				"P2,OBS,2024-03-01,2024-12-31,300,GB,200,USD,upgrade,P1\n" +
				"P3,OBS,2024-04-01,2024-12-31,300,GB,200,USD,renewal,P2\n" +
				"Q0,OBS,2024-01-01,2024-12-31,100,GB,100,USD,new,\n",
			[]string{"Q0"},
			[]string{`2: capacity: negative value "-100"`,
				`3: original_package_id: original package "P0" (line 2) is invalid and was rejected`,
				`4: original_package_id: original package "P1" (line 3) is invalid and was rejected`,
				`5: original_package_id: original package "P2" (line 4) is invalid and was rejected`},
			[]string{`p.csv:2: column "capacity": negative value "-100"`}},
		{"chain from a problem across rows, listed before its original",
			"P2,OBS,2024-03-01,2024-12-31,300,GB,200,USD,upgrade,P1\n" +
				"P1,OBS,2024-02-01,2024-12-31,200,GB,150,USD,renewal,PX\n",
			nil,
			[]string{`2: original_package_id: original package "P1" (line 3) is invalid and was rejected`,
				`3: original_package_id: original package "PX" is not in the packages file`},
			[]string{`p.csv:3: column "original_package_id": original package "PX" is not in the packages file`}},
		{"an upgrade's original that is a duplicate's first row stays",
			"P0,OBS,2024-01-01,2024-12-31,100,GB,100,USD,new,\n" +
				"P0,OBS,2024-01-01,2024-12-31,100,GB,100,USD,new,\n" +
				"P1,OBS,2024-02-01,2024-12-31,200,GB,150,USD,upgrade,P0\n",
			[]string{"P0", "P1"},
			[]string{`3: package_id: duplicate package_id "P0" (first at line 2)`},
			[]string{`p.csv:3: column "package_id": duplicate package_id "P0" (first at line 2)`}},
		{"a cycle of renewals, none bad",
			"R1,OBS,2024-01-01,2024-12-31,100,GB,100,USD,renewal,R2\n" +
				"R2,OBS,2024-01-01,2024-12-31,100,GB,100,USD,renewal,R1\n",
			[]string{"R1", "R2"}, nil, nil},
		{"a cycle with a bad row, and a renewal of it",
			"R1,OBS,2024-01-01,2024-12-31,100,GB,100,USD,renewal,R3\n" +
				"R2,OBS,2024-01-01,2024-12-31,100,GB,100,USD,renewal,R1\n" +
				"R3,OBS,2024-01-01,2024-12-31,100,TB,100,CNY,upgrade,R2\n" +
				"R4,OBS,2024-01-01,2024-12-31,100,GB,100,USD,renewal,R2\n",
			nil,
			[]string{`2: original_package_id: original package "R3" (line 4) is invalid and was rejected`,
				`3: original_package_id: original package "R1" (line 2) is invalid and was rejected`,
				`4: original_package_id: original package "R2" (line 3) is invalid and was rejected; ` +
					`currency: the upgrade is billed in "CNY" but its original "R2" in "USD": the remainder it takes over cannot change currency; ` +
					`effective_time: the upgrade takes effect at 2024-01-01 00:00:00, not after its original "R2" (effective 2024-01-01 00:00:00)`,
				`5: original_package_id: original package "R2" (line 3) is invalid and was rejected`},
			[]string{`p.csv:4: column "currency": the upgrade is billed in "CNY" but its original "R2" in "USD": the remainder it takes over cannot change currency`,
				`p.csv:4: column "effective_time": the upgrade takes effect at 2024-01-01 00:00:00, not after its original "R2" (effective 2024-01-01 00:00:00)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := testOptions()
			opt.SkipInvalid = true
			pkgs, rep, err := Packages("p.csv", strings.NewReader(head+tc.rows), opt)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, p := range pkgs {
				ids = append(ids, p.ID)
			}
			if !reflect.DeepEqual(ids, tc.kept) {
				t.Errorf("kept %q, want %q", ids, tc.kept)
			}
			var got []string
			for _, r := range rowsOf(t, rep) {
				var ps []string
				for _, p := range r.Problems() {
					ps = append(ps, fmt.Sprintf("%s: %s", p.Column, p.Msg))
				}
				got = append(got, fmt.Sprintf("%d: %s", r.Src.Line, strings.Join(ps, "; ")))
			}
			if !reflect.DeepEqual(got, tc.rejected) {
				t.Errorf("rejected\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.rejected, "\n"))
			}
			_, _, err = Packages("p.csv", strings.NewReader(head+tc.rows), testOptions())
			var errs Errors
			if tc.errs == nil {
				if err != nil {
					t.Fatalf("without SkipInvalid: %v", err)
				}
				return
			}
			if !errors.As(err, &errs) {
				t.Fatalf("without SkipInvalid: want load.Errors, got %v", err)
			}
			got = got[:0]
			for _, p := range errs.Problems {
				got = append(got, p.Error())
			}
			if !reflect.DeepEqual(got, tc.errs) {
				t.Errorf("without SkipInvalid\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.errs, "\n"))
			}
		})
	}
}

// TestSkipInvalidLongChain: a chain of 20,000 upgrades from a bad row is set aside
// whole, each row decided once.
func TestSkipInvalidLongChain(t *testing.T) {
	var b strings.Builder
	b.WriteString("package_id,product,effective_time,expiration_time,capacity,unit,fee,currency,order_type,original_package_id\n")
	b.WriteString("P0,OBS,2020-01-01,2099-12-31,-1,GB,1,USD,new,\n")
	const n = 20000
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := n; i >= 1; i-- { // each listed before its original: the worst order for one pass
		fmt.Fprintf(&b, "P%d,OBS,%s,2099-12-31,1,GB,1,USD,upgrade,P%d\n", i, start.Add(time.Duration(i)*time.Hour).Format("2006-01-02 15:04:05"), i-1)
	}
	opt := testOptions()
	opt.SkipInvalid = true
	pkgs, rep, err := Packages("p.csv", strings.NewReader(b.String()), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 0 || rep.Rejected.Len() != n+1 {
		t.Fatalf("kept %d, rejected %d; want 0 and %d", len(pkgs), rep.Rejected.Len(), n+1)
	}
	last := rowsOf(t, rep)[0].Problems() // line 2 is P0; line 3 is P20000, the end of the chain
	if last[0].Src.Line != 2 {
		t.Fatalf("first rejected at line %d", last[0].Src.Line)
	}
	if got := rowsOf(t, rep)[1].Problems()[0].Msg; got != `original package "P19999" (line 4) is invalid and was rejected` {
		t.Errorf("P20000: %s", got)
	}
}
