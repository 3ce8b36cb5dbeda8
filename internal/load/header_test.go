package load

import (
	"errors"
	"strings"
	"testing"
)

func TestNormHeader(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"package_id", "packageid"},
		{"Package ID", "packageid"},
		{" PACKAGE-ID ", "packageid"},
		{"\ufeffPackage ID", "packageid"},
		{"Total capacity (GB)", "totalcapacity"},
		{"Total capacity(GB)", "totalcapacity"},
		{"总量（GB）", "总量"},
		{"金额（元）", "金额"},
		{"资源包 ID", "资源包id"},
		{"Unit price (USD/GB)", "unitprice"},
		{"(GB)", "(gb)"}, // nothing but a parenthetical: kept
		{"Amount (USD) total", "amount(usd)total"},
		{"", ""},
	} {
		if got := normHeader(tc.in); got != tc.want {
			t.Errorf("normHeader(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAliasesMapToOneColumnPerKind(t *testing.T) {
	for _, s := range []*schema{&packageSchema, &usageSchema, &billSchema} {
		ix, err := newAliasIndex(s, nil)
		if err != nil {
			t.Fatal(err)
		}
		for name, slots := range ix {
			if len(slots) != 1 {
				t.Errorf("%s: built-in alias %q maps to %s", s.kind, name, slotNames(s, slots))
			}
		}
	}
}

func TestHeaderMapping(t *testing.T) {
	for _, tc := range []struct {
		name    string
		csv     string
		aliases map[string][]string
		want    string // error; "" = loads
	}{
		{"user alias", "Record,Service,Item,From,To,Qty\nr1,OBS,x,2024-01-01,2024-01-02,1 GB\n",
			map[string][]string{"record_id": {"Record"}, "product": {"Service"}, "billing_item": {"Item"},
				"start_time": {"From"}, "end_time": {"To"}, "quantity": {"Qty"}}, ""},
		{"unknown canonical in config", "record_id\n", map[string][]string{"recordid": {"x"}},
			`u.csv: columns.usage: unknown column "recordid"`},
		{"two headers one column", "record_id,Record ID,product,billing_item,start_time,end_time,quantity,unit\n", nil,
			`u.csv:1: column "record_id": headers "record_id" and "Record ID" both map to this column`},
		{"one header two columns", "record_id,product,billing_item,start_time,end_time,quantity,unit,Price\n",
			map[string][]string{"unit_price": {"Price"}, "currency": {"price"}},
			`u.csv:1: column "unit_price": header "Price" matches several columns (unit_price, currency)`},
		{"missing columns", "title line\nrecord_id,product,start_time,End Time,Unit\n", nil,
			`u.csv:2: no header row in the first 20 rows: missing required columns billing_item, quantity (closest row has headers "record_id", "product", "start_time", "End Time", "Unit")`},
		{"empty", "", nil, `u.csv: the file is empty: no header row`},
		{"header after 20 title lines", strings.Repeat("title\n", 20) + "record_id,product,billing_item,start_time,end_time,quantity,unit\n", nil,
			`u.csv:1: no header row in the first 20 rows: missing required columns record_id, product, billing_item, start_time, end_time, quantity (closest row has headers "title")`},
		{"old xls", "", nil, `u.xls: the old .xls format is not supported: save it as .xlsx or .csv`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := "u.csv"
			if tc.name == "old xls" {
				file = "u.xls"
			}
			opt := testOptions()
			opt.Aliases = map[string]map[string][]string{KindUsage: tc.aliases}
			_, _, err := Usage(file, strings.NewReader(tc.csv), opt)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var errs Errors
			if !errors.As(err, &errs) || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestFmtKinds(t *testing.T) {
	for _, tc := range []struct {
		code string
		want fmtKind
	}{
		{"General", fmtNumber},
		{"0.00", fmtNumber},
		{"#,##0.00 \"days\"", fmtNumber},
		{"[Red]0.00", fmtNumber},
		{"0.00E+00", fmtNumber},
		{`[$-409]#,##0\d`, fmtNumber},
		{"yyyy-mm-dd", fmtDate},
		{`yyyy"年"m"月"d"日"`, fmtDate},
		{"mmm-yy", fmtDate},
		{"yyyy-mm-dd hh:mm:ss", fmtDateTime},
		{"m/d/yy h:mm AM/PM", fmtDateTime},
		{"hh:mm", fmtTime},
		{"[h]:mm:ss", fmtTime},
		{"mm:ss", fmtTime},
	} {
		if got := customFmtKind(tc.code); got != tc.want {
			t.Errorf("customFmtKind(%q) = %d, want %d", tc.code, got, tc.want)
		}
	}
	for id, want := range map[int]fmtKind{0: fmtNumber, 4: fmtNumber, 14: fmtDate, 17: fmtDate, 20: fmtTime,
		22: fmtDateTime, 31: fmtDate, 32: fmtTime, 46: fmtTime, 49: fmtNumber, 57: fmtDate} {
		if got := builtinFmtKind(id); got != want {
			t.Errorf("builtinFmtKind(%d) = %d, want %d", id, got, want)
		}
	}
}
