package config

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/mem"
)

func TestParseSize(t *testing.T) {
	for _, c := range []struct {
		in    string
		units bool
		want  int64
		bad   bool
	}{
		{"64MiB", true, 64 << 20, false}, {"2 gb", true, 2 << 30, false}, {"1024", true, 1024, false},
		{"7", false, 7, false}, {"7MB", false, 0, true}, {"0", true, 0, true}, {"-1", true, 0, true},
		{"12 parsecs", true, 0, true}, {"9999999999999TB", true, 0, true}, {"", true, 0, true},
	} {
		got, err := parseSize(c.in, c.units)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("parseSize(%q, %v) = %d, %v; want %d, bad=%v", c.in, c.units, got, err, c.want, c.bad)
		}
	}
}

// The defaults resolve; each bad value is an *Error naming the key.
func TestResolve(t *testing.T) {
	cfg, err := Load(New())
	if err != nil {
		t.Fatal(err)
	}
	r, err := cfg.Resolve()
	if err != nil || r.Location.String() != "Asia/Shanghai" || r.UsageBasedFrom.IsZero() || r.Limits.RowSize <= 0 ||
		r.Limits.LinearDays != load.DefaultLimits().LinearDays {
		t.Fatalf("defaults: %+v, %v", r, err)
	}
	for name, mod := range map[string]func(c *Config){
		"timezone":           func(c *Config) { c.Timezone = "Mars/Olympus" },
		"timezone Local":     func(c *Config) { c.Timezone = "Local" },
		"precision":          func(c *Config) { c.Precision = 9 },
		"currency":           func(c *Config) { c.Currency = "XXQ" },
		"usage_based_from":   func(c *Config) { c.UsageBasedFrom = "yesterday" },
		"limits.row_size":    func(c *Config) { c.Limits.RowSize = "lots" },
		"limits.linear_days": func(c *Config) { c.Limits.LinearDays = "1MB" }, // days, not bytes
		"stream_usage_from":  func(c *Config) { c.StreamUsageFrom = "big" },
		"in_memory_usage_to": func(c *Config) { c.InMemoryUsageTo = "0" },
	} {
		c := cfg
		mod(&c)
		_, err := c.Resolve()
		var ce *Error
		if !errors.As(err, &ce) {
			t.Errorf("%s: err = %v, want a *config.Error", name, err)
		}
	}
}

// stream_usage_from is a size, or auto: a quarter of the machine's memory (1 GiB when
// unknown).
func TestStreamUsageFrom(t *testing.T) {
	cfg, err := Load(New())
	if err != nil {
		t.Fatal(err)
	}
	r, err := cfg.Resolve()
	want := mem.TotalMemory() / 4
	if want <= 0 {
		want = 1 << 30
	}
	if err != nil || cfg.StreamUsageFrom != "auto" || r.StreamUsageFrom != want {
		t.Fatalf("default %q: %d, %v; want %d", cfg.StreamUsageFrom, r.StreamUsageFrom, err, want)
	}
	cfg.StreamUsageFrom = "4GiB"
	if r, err := cfg.Resolve(); err != nil || r.StreamUsageFrom != 4<<30 {
		t.Fatalf("4GiB: %d, %v", r.StreamUsageFrom, err)
	}
}

// in_memory_usage_to is a size, or auto: three eighths of the machine's memory (no bound
// when unknown).
func TestInMemoryUsageTo(t *testing.T) {
	cfg, err := Load(New())
	if err != nil {
		t.Fatal(err)
	}
	r, err := cfg.Resolve()
	want := mem.TotalMemory() / 8 * 3
	if want <= 0 {
		want = math.MaxInt64
	}
	if err != nil || cfg.InMemoryUsageTo != "auto" || r.InMemoryUsageTo != want {
		t.Fatalf("default %q: %d, %v; want %d", cfg.InMemoryUsageTo, r.InMemoryUsageTo, err, want)
	}
	cfg.InMemoryUsageTo = "12GB"
	if r, err := cfg.Resolve(); err != nil || r.InMemoryUsageTo != 12<<30 {
		t.Fatalf("12GB: %d, %v", r.InMemoryUsageTo, err)
	}
}

// A precision that is not a whole number is refused before it could be read as 0, or
// truncated (1.5 is not 1); one out of 0…8 is named as written.
func TestLoadPrecision(t *testing.T) {
	for _, bad := range []any{"two", 1.5, "2.9", true, 2147483648, "-1"} {
		v := New()
		v.Set("precision", bad)
		var ce *Error
		if _, err := Load(v); !errors.As(err, &ce) {
			t.Errorf("%v: err = %v, want a *config.Error", bad, err)
		} else if n, ok := bad.(int); ok && !strings.Contains(err.Error(), "precision 2147483648: must be between 0 and 8") {
			t.Errorf("%d: %v", n, err)
		}
	}
	for _, good := range []any{3, 3.0, "3"} {
		v := New()
		v.Set("precision", good)
		if cfg, err := Load(v); err != nil || cfg.Precision != 3 {
			t.Errorf("%v: %d, %v; want 3", good, cfg.Precision, err)
		}
	}
}

// usage_based_from written unquoted in a YAML file, as it is usually written, is read as
// that wall clock (YAML makes it a time); with an offset, as that instant.
func TestUnquotedTimeInFile(t *testing.T) {
	for text, want := range map[string]string{
		"2023-01-01 00:00:00":       "2023-01-01T00:00:00+08:00",
		"2023-01-01":                "2023-01-01T00:00:00+08:00",
		"2023-03-04 05:06:07":       "2023-03-04T05:06:07+08:00",
		"2023-01-01T00:00:00+09:00": "2022-12-31T23:00:00+08:00",
		"'2023-01-01 00:00:00'":     "2023-01-01T00:00:00+08:00",
	} {
		v := New()
		v.SetConfigType("yaml")
		if err := v.ReadConfig(strings.NewReader("usage_based_from: " + text + "\n")); err != nil {
			t.Fatal(err)
		}
		cfg, err := Load(v)
		if err != nil {
			t.Errorf("%s: %v", text, err)
			continue
		}
		r, err := cfg.Resolve()
		if got := r.UsageBasedFrom.In(r.Location).Format(time.RFC3339); err != nil || got != want {
			t.Errorf("%s: %s, %v; want %s", text, got, err, want)
		}
	}
}

// A value of the wrong type is named by its key and said in words, and Source names
// where a key's value came from: the environment, else the config file.
func TestBadValueNamed(t *testing.T) {
	t.Setenv("PKGCTL_FORMAT", "") // empty: not read, so not where format came from
	for text, want := range map[string]string{
		"limits:\n  periods: [1, 2]\n": "limits.periods: expected a text, got a list",
		"csv_bom: maybe\n":             `csv_bom: expected true or false, got "maybe"`,
		"columns: 3\n":                 "columns: expected keys under it, got 3",
		"focus:\n  service_categories:\n    OBS: Cloud Storage\n": `focus.service_categories.obs: "Cloud Storage" is not a FOCUS service category`,
		"focus:\n  region_names:\n    cn-north-4: \"\"\n":         "focus.region_names.cn-north-4 is empty: a FOCUS file needs a value there",
		"focus:\n  region_names:\n    cn-north-4: \"   \"\n":      "focus.region_names.cn-north-4 is empty: a FOCUS file needs a value there",
		"focus:\n  region_names:\n    cn-north-4: [a]\n":          "focus.region_names.cn-north-4: expected a text, got a list",
		"usage_based_products: [[OBS]]\n":                         "usage_based_products.0: expected a text, got a list",
		"format: yaml\n":                                          `unknown format "yaml" (want one of table, csv, json, xlsx, markdown, focus, parquet)`,
	} {
		path := filepath.Join(t.TempDir(), "pkgctl.yaml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		v := New()
		if err := ReadFile(v, path); err != nil {
			t.Fatal(err)
		}
		_, err := Load(v)
		var ce *Error
		if !errors.As(err, &ce) || ce.Msg != want {
			t.Errorf("%q: %v; want %s", text, err, want)
			continue
		}
		if got := Source(v, ce.Key); got != "config file "+path {
			t.Errorf("%q: source %q", text, got)
		}
	}
	t.Setenv("PKGCTL_LIMITS_ROW_SIZE", "lots")
	v := New()
	if got := Source(v, "limits.row_size"); got != "PKGCTL_LIMITS_ROW_SIZE" {
		t.Errorf("source %q, want the variable", got)
	}
	if got := Source(v, "precision"); got != "" {
		t.Errorf("a default's source %q, want none", got)
	}
}

// A configured region name is trimmed, as a service category is; a blank one is refused
// by Resolve too (FOCUS: a RegionName beside every RegionId).
func TestFocusRegionNames(t *testing.T) {
	fs := FocusSettings{BillingAccountID: "acct", RegionNames: map[string]string{"CN-North-9": "  CN North-Ulanqab1 "}}
	cfg, err := fs.Resolve([]string{"OBS"}, "", time.Time{}, time.Time{})
	if err != nil || cfg.RegionNames["cn-north-9"] != "CN North-Ulanqab1" || len(cfg.RegionNames) != 1 {
		t.Errorf("%q, %v; want cn-north-9: CN North-Ulanqab1", cfg.RegionNames, err)
	}
	fs.RegionNames["cn-north-4"] = "\t"
	var ce *Error
	if _, err := fs.Resolve([]string{"OBS"}, "", time.Time{}, time.Time{}); !errors.As(err, &ce) || ce.Key != "focus.region_names.cn-north-4" {
		t.Errorf("blank name: %v; want an *Error on focus.region_names.cn-north-4", err)
	}
}

// A config file is a regular file of at most MaxFileSize bytes, nested at most maxDepth
// deep, of at most maxEntries keys and list items (aliases counted as what they name):
// anything else is refused by ReadFile, naming the file, before viper flattens it.
func TestReadFileShape(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	deep := "focus: {service_categories: " + strings.Repeat("{k: ", 40) + "x" + strings.Repeat("}", 41) + "\n"
	bomb := "a: &a [" + strings.Repeat("x, ", 99) + "x]\nb: &b [" + strings.Repeat("*a, ", 99) + "*a]\nc: [" + strings.Repeat("*b, ", 99) + "*b]\n"
	var wide strings.Builder
	wide.WriteString("focus:\n  region_names:\n")
	for i := range maxEntries {
		fmt.Fprintf(&wide, "    r%d: R\n", i)
	}
	for name, c := range map[string]struct{ path, want string }{
		"deep":       {write("deep.yaml", deep), "deep.yaml:1: values nested more than 4 deep; no pkgctl key is"},
		"deep lines": {write("lines.yaml", "focus:\n  region_names:\n    r1:\n      x: [a]\n"), "lines.yaml:4: values nested more than 4 deep"},
		"aliases":    {write("bomb.yaml", bomb), "bomb.yaml: more than 10000 keys and list items: not a pkgctl config"},
		"wide":       {write("wide.yaml", wide.String()), "wide.yaml: more than 10000 keys and list items"},
		"large":      {write("large.yaml", "precision: 2\n"+strings.Repeat("#", MaxFileSize)), "large.yaml: larger than 256 KiB: not a pkgctl config"},
		"folder":     {dir, dir + ": not a regular file"},
		"device":     {"/dev/zero", "config file /dev/zero: not a regular file"},
		"focus key":  {write("f4.yaml", "focus:\n  service_categories:\n    OBS:\n      x: Storage\n"), `f4.yaml: unknown key "focus.service_categories.obs.x"`},
	} {
		if name == "device" {
			if _, err := os.Stat(c.path); err != nil {
				continue
			}
		}
		var ce *Error
		if err := ReadFile(New(), c.path); !errors.As(err, &ce) || !strings.Contains(ce.Msg, c.want) || !strings.HasPrefix(ce.Msg, "config file ") {
			t.Errorf("%s: %v; want an *Error with %q", name, err, c.want)
		}
	}
	// The deepest keys pkgctl has, and an alias of a list, are read.
	path := write("ok.yaml", "columns:\n  usage:\n    quantity: [Billed usage]\n    unit: &u [Unit]\n  bills:\n    unit: *u\n")
	v := New()
	if err := ReadFile(v, path); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(v)
	if err != nil || fmt.Sprint(cfg.Columns) != "map[bills:map[unit:[Unit]] usage:map[quantity:[Billed usage] unit:[Unit]]]" {
		t.Errorf("columns %v, %v", cfg.Columns, err)
	}
}

// Two keys of one mapping the same but for case are refused, at any level, naming both
// and their lines: viper lower-cases keys into a map, and which one won changed run to
// run. A merge's key the mapping writes itself, in the same case, is YAML's override.
func TestReadFileSameKeys(t *testing.T) {
	for text, want := range map[string]string{
		"precision: 2\nPrecision: 5\nPRECISION: 3\n":                                       `x.yaml:2: key "Precision" is the key "precision" of line 1: keys are read in any case`,
		"timezone: UTC\nprecision: 2\ncurrency: USD\nPRECISION: 3\n":                       `x.yaml:4: key "PRECISION" is the key "precision" of line 2`,
		"columns:\n  packages:\n    package_id: [a]\n    Package_ID: [b]\n":                `x.yaml:4: key "Package_ID" is the key "package_id" of line 3`,
		"focus:\n  service_categories:\n    OBS: Storage\n    obs: Compute\n":              `x.yaml:4: key "obs" is the key "OBS" of line 3`,
		"columns:\n  Usage: {}\n  usage: {}\n":                                             `x.yaml:3: key "usage" is the key "Usage" of line 2`,
		"columns:\n  usage: &u {Quantity: [a]}\n  bills:\n    <<: *u\n    quantity: [b]\n": `x.yaml:2: key "Quantity" is the key "quantity" of line 5`,
	} {
		path := filepath.Join(t.TempDir(), "x.yaml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		var ce *Error
		if err := ReadFile(New(), path); !errors.As(err, &ce) || !strings.Contains(ce.Msg, want) || ce.Hint != "keep one of them" {
			t.Errorf("%q: %v; want an *Error with %s", text, err, want)
		}
	}
	path := filepath.Join(t.TempDir(), "x.yaml")
	text := "columns:\n  usage: &u {quantity: [a], unit: [u]}\n  bills:\n    <<: *u\n    quantity: [b]\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	v := New()
	if err := ReadFile(v, path); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(v.Get("columns.bills")); got != "map[quantity:[b] unit:[u]]" {
		t.Errorf("merged: %s", got)
	}
}

// A PKGCTL_ variable that sets no key is warned of, with the key it was probably meant
// for; the keys holding one value are set by their variables, the maps are not.
func TestUnknownEnv(t *testing.T) {
	got := UnknownEnv([]string{"PATH=/bin", "PKGCTL_PRECISION=3", "PKGCTL_PRECISON=3", "PKGCTL_TIMEZONE=UTC",
		"PKGCTL_COLUMNS_PACKAGES_PACKAGE_ID=Pkg Ident", "PKGCTL_FOCUS_SERVICE_CATEGORIES_OBS=Bogus", "PKGCTL_LIMITS=x",
		"PKGCTL_LIMITS_ROW_SIZ=2MiB", "PKGCTL_REPO=https://example.com/pkgctl.git", "PKGCTL_EMPTY=", "PKGCTL_FOCUS_PROVIDER=Huawei Cloud"})
	want := []string{
		"PKGCTL_COLUMNS_PACKAGES_PACKAGE_ID is not a pkgctl setting and is ignored: columns is set in the config file only",
		"PKGCTL_FOCUS_SERVICE_CATEGORIES_OBS is not a pkgctl setting and is ignored: focus.service_categories is set in the config file only",
		"PKGCTL_LIMITS is not a pkgctl setting and is ignored; set one of PKGCTL_LIMITS_ROW_SIZE, PKGCTL_LIMITS_XLSX_PART_SIZE, PKGCTL_LIMITS_XLSX_TOTAL_SIZE, PKGCTL_LIMITS_XLSX_STRINGS_SIZE, PKGCTL_LIMITS_XLSX_RATIO, PKGCTL_LIMITS_PERIODS, PKGCTL_LIMITS_TOTAL_PERIODS, PKGCTL_LIMITS_LINEAR_DAYS",
		"PKGCTL_LIMITS_ROW_SIZ is not a pkgctl setting and is ignored; did you mean PKGCTL_LIMITS_ROW_SIZE?",
		"PKGCTL_PRECISON is not a pkgctl setting and is ignored; did you mean PKGCTL_PRECISION?",
		"PKGCTL_REPO is not a pkgctl setting and is ignored",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Every variable UnknownEnv takes is read; PKGCTL_LIMITS is not read for the limits.
	for _, k := range EnvKeys() {
		if w := UnknownEnv([]string{EnvName(k) + "=x"}); len(w) != 0 {
			t.Errorf("%s: %v", k, w)
		}
	}
	t.Setenv("PKGCTL_LIMITS", "x")
	t.Setenv("PKGCTL_LIMITS_PERIODS", "7")
	cfg, err := Load(New())
	if err != nil || cfg.Limits.Periods != "7" || cfg.Limits.RowSize != "1 MiB" {
		t.Errorf("limits %+v, %v; want periods 7, the default row size", cfg.Limits, err)
	}
}

// A limit's value that is not a whole number, or too large, says so; a count's hint asks
// for a count (with its default), a size's for a size.
func TestLimitValueMessages(t *testing.T) {
	for _, tc := range []struct{ key, text, msg, hint string }{
		{"linear_days", "1.5", `limits.linear_days "1.5": not a whole number`, "write a whole number above 0, such as 100000000 (the default)"},
		{"linear_days", "1e8", `limits.linear_days "1e8": not a whole number`, "write a whole number above 0, such as 100000000 (the default)"},
		{"periods", "10 000", `limits.periods "10 000": not a whole number`, "write a whole number above 0, such as 100000 (the default)"},
		{"total_periods", "99999999999999999999", `limits.total_periods "99999999999999999999": too large`, "write a whole number above 0, such as 2000000 (the default)"},
		{"xlsx_ratio", "100x", `limits.xlsx_ratio "100x": a ratio or a count has no unit`, "write a whole number above 0, such as 100 (the default)"},
		{"row_size", "1.5MB", `limits.row_size "1.5MB": not a whole number (1.5MiB is written 1536KiB)`, "write a size such as 64MiB or 2GiB"},
		{"row_size", "0", `limits.row_size "0": not a positive whole number`, "write a size such as 64MiB or 2GiB"},
	} {
		var c LimitsConfig
		c.RowSize, c.XLSXPartSize, c.XLSXTotalSize, c.XLSXStringsSize = "1MiB", "2GiB", "4GiB", "512MiB"
		c.XLSXRatio, c.Periods, c.TotalPeriods, c.LinearDays = "100", "100000", "2000000", "100000000"
		switch tc.key {
		case "linear_days":
			c.LinearDays = tc.text
		case "periods":
			c.Periods = tc.text
		case "total_periods":
			c.TotalPeriods = tc.text
		case "xlsx_ratio":
			c.XLSXRatio = tc.text
		case "row_size":
			c.RowSize = tc.text
		}
		_, err := c.Parse()
		var ce *Error
		if !errors.As(err, &ce) || ce.Msg != tc.msg || ce.Hint != tc.hint || ce.Key != "limits."+tc.key {
			t.Errorf("%s %q: %#v", tc.key, tc.text, err)
		}
	}
}
