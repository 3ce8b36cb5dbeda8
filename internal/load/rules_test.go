package load

import (
	"errors"
	"strings"
	"testing"
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
