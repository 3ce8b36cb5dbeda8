package config

import (
	"errors"
	"time"
	_ "time/tzdata" // the zone database is embedded: timezone works on any machine

	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/viper"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Config is pkgctl's configuration: defaults < config file < PKGCTL_* env < flags.
type Config struct {
	Timezone           string                         `mapstructure:"timezone"`
	Currency           string                         `mapstructure:"currency"`
	Precision          int32                          `mapstructure:"precision"`
	UsageBasedFrom     string                         `mapstructure:"usage_based_from"`
	UsageBasedProducts []string                       `mapstructure:"usage_based_products"`
	Columns            map[string]map[string][]string `mapstructure:"columns"`
	Format             string                         `mapstructure:"format"`
	Focus              FocusSettings                  `mapstructure:"focus"`
	CSVBOM             bool                           `mapstructure:"csv_bom"`
	Limits             LimitsConfig                   `mapstructure:"limits"`
	// StreamUsageFrom is the size from which a usage CSV is replayed as it is read,
	// when the command and its output allow (rules.md §2.9); auto: a quarter of the
	// machine's memory (1 GiB where that is unknown).
	StreamUsageFrom string `mapstructure:"stream_usage_from"`
	// InMemoryUsageTo is the largest usage file replayed in memory after all when it could
	// not be replayed as it is read (out of deduct order: rules.md §2.9); auto: three
	// eighths of the machine's memory (no bound where that is unknown).
	InMemoryUsageTo string `mapstructure:"in_memory_usage_to"`
}

// LimitsConfig raises (or lowers) the limits on what one input file may make pkgctl
// read (load.Limits). Sizes are bytes, or a number with KB, MB, GB or TB (also KiB…TiB;
// each ×1024); the ratio, the periods and the days are whole numbers.
type LimitsConfig struct {
	RowSize         string `mapstructure:"row_size"`
	XLSXPartSize    string `mapstructure:"xlsx_part_size"`
	XLSXTotalSize   string `mapstructure:"xlsx_total_size"`
	XLSXStringsSize string `mapstructure:"xlsx_strings_size"`
	XLSXRatio       string `mapstructure:"xlsx_ratio"`
	Periods         string `mapstructure:"periods"`       // reset periods of one package
	TotalPeriods    string `mapstructure:"total_periods"` // reset periods of all the packages
	LinearDays      string `mapstructure:"linear_days"`   // days of all the packages amortized linearly
}

// limitKeys are the keys under limits:.
var limitKeys = []string{"row_size", "xlsx_part_size", "xlsx_total_size", "xlsx_strings_size", "xlsx_ratio", "periods", "total_periods", "linear_days"}

func Defaults(v *viper.Viper) {
	v.SetDefault("timezone", "Asia/Shanghai")
	v.SetDefault("currency", "USD")
	v.SetDefault("precision", 2)
	v.SetDefault("usage_based_from", "2025-06-23 00:00:00")
	v.SetDefault("usage_based_products", []string{"OCR", "CDN", "APM", "OBS", "VPC", "SFS", "ROMA Connect"})
	v.SetDefault("columns", map[string]any{})
	v.SetDefault("format", "")
	for _, k := range focusKeys {
		v.SetDefault("focus."+k, "")
	}
	v.SetDefault("focus.service_categories", map[string]any{})
	v.SetDefault("focus.region_names", map[string]any{})
	v.SetDefault("csv_bom", true)
	v.SetDefault("stream_usage_from", "auto")
	v.SetDefault("in_memory_usage_to", "auto")
	d := load.DefaultLimits()
	v.SetDefault("limits.row_size", load.Size(d.RowSize))
	v.SetDefault("limits.xlsx_part_size", load.Size(d.XLSXPartSize))
	v.SetDefault("limits.xlsx_total_size", load.Size(d.XLSXTotalSize))
	v.SetDefault("limits.xlsx_strings_size", load.Size(d.XLSXStringsSize))
	v.SetDefault("limits.xlsx_ratio", strconv.FormatInt(d.XLSXRatio, 10))
	v.SetDefault("limits.periods", strconv.FormatInt(d.Periods, 10))
	v.SetDefault("limits.total_periods", strconv.FormatInt(d.TotalPeriods, 10))
	v.SetDefault("limits.linear_days", strconv.FormatInt(d.LinearDays, 10))
}

// focusKeys are the text keys under focus: (FocusSettings).
var focusKeys = []string{"provider", "publisher", "invoice_issuer", "billing_account_id", "billing_account_name"}

// configKeys are the keys of the config file; columns.<kind>.<column> holds aliases,
// limits.<limit> the limits on input.
var configKeys = []string{"timezone", "currency", "precision", "usage_based_from", "usage_based_products", "columns", "format", "csv_bom", "limits", "stream_usage_from", "in_memory_usage_to"}

// checkConfigKeys refuses a key pkgctl does not know: a typo ("precison: 3") would
// otherwise be ignored and money printed at the default precision without a word.
func checkConfigKeys(v *viper.Viper, path string) error {
	for _, k := range v.AllKeys() {
		parts := strings.Split(k, ".")
		switch {
		case len(parts) == 1 && slices.Contains(configKeys, k):
			continue
		case parts[0] == "columns" && len(parts) == 3 && slices.Contains([]string{"packages", "usage", "bills"}, parts[1]):
			continue // the column name itself is checked by the loader
		case parts[0] == "focus" && len(parts) == 2 && slices.Contains(focusKeys, parts[1]):
			continue
		case parts[0] == "focus" && len(parts) == 3 && (parts[1] == "service_categories" || parts[1] == "region_names"):
			continue
		case parts[0] == "limits" && len(parts) == 2 && slices.Contains(limitKeys, parts[1]):
			continue
		}
		return &Error{Msg: fmt.Sprintf("config file %s: unknown key %q", path, k),
			Hint: "the keys are " + strings.Join(configKeys, ", ") + "; columns.<packages|usage|bills>.<column>: [aliases]; focus." +
				strings.Join(focusKeys, ", focus.") + ", focus.service_categories.<product>, focus.region_names.<region>; limits." +
				strings.Join(limitKeys, ", limits.")}
	}
	return nil
}

// CheckFocus refuses a focus key set to blank in the config file (or to spaces in the
// environment): FOCUS forbids an empty provider, publisher, invoice issuer or account.
// A variable set to nothing sets nothing, as for every key (UnknownEnv).
func CheckFocus(v *viper.Viper) error {
	for _, k := range focusKeys {
		key := "focus." + k
		inEnv := os.Getenv("PKGCTL_FOCUS_"+strings.ToUpper(k)) != ""
		if (v.InConfig(key) || inEnv) && strings.TrimSpace(v.GetString(key)) == "" {
			return &Error{Msg: fmt.Sprintf("%s is empty: a FOCUS file needs a value there", key),
				Hint: "give it a value, or remove the key to use its default (docs/focus.md)", Key: key}
		}
	}
	return nil
}

// parse reads the limits; each must be a positive size (the ratio, the periods and the
// days a positive whole number).
func (c LimitsConfig) Parse() (load.Limits, error) {
	var l load.Limits
	d := load.DefaultLimits()
	for _, f := range []struct {
		key, text string
		dst, def  *int64
	}{
		{"row_size", c.RowSize, &l.RowSize, &d.RowSize}, {"xlsx_part_size", c.XLSXPartSize, &l.XLSXPartSize, &d.XLSXPartSize},
		{"xlsx_total_size", c.XLSXTotalSize, &l.XLSXTotalSize, &d.XLSXTotalSize},
		{"xlsx_strings_size", c.XLSXStringsSize, &l.XLSXStringsSize, &d.XLSXStringsSize},
		{"xlsx_ratio", c.XLSXRatio, &l.XLSXRatio, &d.XLSXRatio}, {"periods", c.Periods, &l.Periods, &d.Periods},
		{"total_periods", c.TotalPeriods, &l.TotalPeriods, &d.TotalPeriods}, {"linear_days", c.LinearDays, &l.LinearDays, &d.LinearDays},
	} {
		count := slices.Contains([]string{"xlsx_ratio", "periods", "total_periods", "linear_days"}, f.key)
		n, err := parseSize(f.text, !count)
		if err != nil {
			hint := "write a size such as 64MiB or 2GiB"
			if count {
				hint = "write a whole number above 0, such as " + strconv.FormatInt(*f.def, 10) + " (the default)"
			}
			return l, &Error{Msg: fmt.Sprintf("limits.%s %s: %v", f.key, value.Quote(f.text), err), Hint: hint, Key: "limits." + f.key}
		}
		*f.dst = n
	}
	return l, nil
}

// parseSize reads a positive whole number, with a size unit (B, KB…TB, KiB…TiB, any
// case; K = 1024) when units is set.
func parseSize(s string, units bool) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	n, err := strconv.ParseInt(t[:i], 10, 64)
	switch {
	case i > 0 && errors.Is(err, strconv.ErrRange):
		return 0, errors.New("too large")
	case err != nil || n <= 0:
		return 0, errors.New("not a positive whole number")
	}
	unit := strings.ToLower(strings.TrimSpace(t[i:]))
	if unit != "" && strings.ContainsAny(unit[:1], ".,e0123456789") {
		if units {
			return 0, errors.New("not a whole number (1.5MiB is written 1536KiB)")
		}
		return 0, errors.New("not a whole number")
	}
	if !units && unit != "" {
		return 0, errors.New("a ratio or a count has no unit")
	}
	shift := map[string]uint{"": 0, "b": 0, "k": 10, "kb": 10, "kib": 10, "m": 20, "mb": 20, "mib": 20,
		"g": 30, "gb": 30, "gib": 30, "t": 40, "tb": 40, "tib": 40}
	sh, ok := shift[unit]
	if !ok {
		return 0, fmt.Errorf("unknown unit %s", value.Quote(t[i:]))
	}
	if n > math.MaxInt64>>sh {
		return 0, errors.New("too large")
	}
	return n << sh, nil
}

// FocusSettings are the config keys under focus: (docs/focus.md): what a FOCUS file
// needs and the exports do not carry.
type FocusSettings struct {
	Provider           string            `mapstructure:"provider"`
	Publisher          string            `mapstructure:"publisher"`
	InvoiceIssuer      string            `mapstructure:"invoice_issuer"`
	BillingAccountID   string            `mapstructure:"billing_account_id"`
	BillingAccountName string            `mapstructure:"billing_account_name"`
	ServiceCategories  map[string]string `mapstructure:"service_categories"` // product: "Category[/Subcategory]"
	RegionNames        map[string]string `mapstructure:"region_names"`       // region id: display name
}

// Error is a problem with the configuration (a file, the environment or a flag bound
// to a key): bad usage, exit 2, with a hint.
type Error struct {
	Msg  string
	Hint string
	// Key is the configuration key whose value is wrong ("precision", "limits.periods"),
	// when there is one: the caller names where that value came from (Source).
	Key string
}

func (e *Error) Error() string { return e.Msg }

// UsageHint is the hint; the method marks the error as bad usage (exit 2).
func (e *Error) UsageHint() string { return e.Hint }

// keyErrorf is a problem with the value of key.
func keyErrorf(key, format string, a ...any) error {
	return &Error{Msg: fmt.Sprintf(format, a...), Key: key}
}

// Source names where v's value of key came from, for an error about it: the environment
// variable ("PKGCTL_PRECISION") or the config file ("config file pkgctl.yaml"), or ""
// (a default, or a flag: the caller knows its flags). A key inside a value (a list's
// item, usage_based_products.0) comes from where the value does.
func Source(v *viper.Viper, key string) string {
	for k := key; k != ""; k, _, _ = cutLast(k, ".") {
		if os.Getenv(EnvName(k)) != "" && slices.Contains(EnvKeys(), k) { // an empty variable is not read (viper)
			return EnvName(k)
		}
		if v.InConfig(k) {
			return "config file " + v.ConfigFileUsed()
		}
	}
	return ""
}

// cutLast is strings.Cut at the last sep.
func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return "", s, false
}

// New is a configuration source with the defaults and the PKGCTL_* environment (the
// variables of EnvKeys); the caller reads a file into it (ReadFile) and binds its flags
// before Load.
func New() *viper.Viper {
	v := viper.New()
	Defaults(v)
	// Each key that holds one value is bound to its variable; viper's AutomaticEnv would
	// also read PKGCTL_LIMITS for the group of limits (and fail on every one of them).
	for _, k := range EnvKeys() {
		if err := v.BindEnv(k, EnvName(k)); err != nil {
			panic(err) // a key and a name given: BindEnv cannot fail
		}
	}
	return v
}

// Load reads the configuration out of v: a blank focus key, a precision that is not a
// whole number or a value of the wrong type is an *Error.
func Load(v *viper.Viper) (Config, error) {
	if err := CheckFocus(v); err != nil {
		return Config{}, err
	}
	p, ok := wholeNumber(v.Get("precision"))
	if !ok {
		return Config{}, &Error{Msg: fmt.Sprintf("precision %q is not a whole number", fmt.Sprint(v.Get("precision"))),
			Hint: "set precision (config file or PKGCTL_PRECISION) to the number of decimals of money, e.g. 2", Key: "precision"}
	}
	if p < 0 || p > 8 { // before it is a Config's int32
		return Config{}, keyErrorf("precision", "precision %d: must be between 0 and 8", p)
	}
	if f := v.GetString("format"); f != "" {
		if _, err := report.ParseFormat(f); err != nil {
			return Config{}, &Error{Msg: err.Error(), Key: "format",
				Hint: "use table, csv, json, xlsx, markdown or parquet (amortize also focus)"}
		}
	}
	var cfg Config
	if err := v.Unmarshal(&cfg, viper.DecodeHook(mapstructure.ComposeDecodeHookFunc(
		mapstructure.StringToTimeDurationHookFunc(), mapstructure.StringToSliceHookFunc(","), // viper's own
		timeText))); err != nil {
		return Config{}, decodeError(err)
	}
	if _, err := focusServices(cfg.Focus.ServiceCategories); err != nil { // before any work, named by its key
		return Config{}, err
	}
	if _, err := focusRegions(cfg.Focus.RegionNames); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// decodeError is the first of the problems decoding the configuration found, named by
// its key: "limits.periods: expected a text, got a list".
func decodeError(err error) error {
	var de *mapstructure.DecodeError
	if !errors.As(err, &de) {
		return &Error{Msg: fmt.Sprintf("config: %v", err)}
	}
	msg := de.Unwrap().Error()
	var ut *mapstructure.UnconvertibleTypeError
	var pe *mapstructure.ParseError
	switch {
	case errors.As(de, &ut):
		msg = fmt.Sprintf("expected %s, got %s", kindName(ut.Expected.Type()), valueName(ut.Value))
	case errors.As(de, &pe):
		msg = fmt.Sprintf("expected %s, got %s", kindName(pe.Expected.Type()), valueName(pe.Value))
	}
	// mapstructure names a map's key and a list's item in brackets
	// (focus.region_names[cn-north-4], usage_based_products[0]); the configuration's
	// keys are dotted.
	key := strings.NewReplacer("[", ".", "]", "").Replace(de.Name())
	return &Error{Msg: key + ": " + msg, Key: key,
		Hint: "see the keys and their values in the README's configuration section"}
}

// kindName names what a configuration value of type t is written as.
func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "keys under it"
	}
	return t.String()
}

// valueName names what a configuration file wrote: a list, keys, a number….
func valueName(v any) string {
	switch x := v.(type) {
	case []any:
		return "a list"
	case map[string]any, map[any]any:
		return "keys under it"
	case bool:
		return "true or false"
	case nil:
		return "nothing"
	case string:
		return value.Quote(x)
	}
	return fmt.Sprintf("%v", v)
}

// wholeNumber is v as a whole number: an integer, a float without a fraction (YAML's
// 2.0), or a text of one; never a truncated 1.5 or a boolean.
func wholeNumber(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case uint64:
		return int64(n), n <= math.MaxInt64
	case float64:
		return int64(n), n == math.Trunc(n) && math.Abs(n) < 1<<53
	case string:
		i, err := strconv.ParseInt(strings.TrimSpace(n), 10, 64)
		return i, err == nil
	}
	return 0, false
}

// timeText turns a time the YAML of a config file read (an unquoted
// `usage_based_from: 2023-01-01 00:00:00`, as the value is usually written) back into
// text: its wall clock, taken in the configured zone as the text is, or with its offset
// when it has one other than UTC (YAML reads "2023-01-01 00:00:00" and
// "2023-01-01T00:00:00Z" alike, as UTC: the first is meant).
func timeText(from, to reflect.Type, data any) (any, error) {
	t, ok := data.(time.Time)
	if !ok || to.Kind() != reflect.String {
		return data, nil
	}
	if t.Location() == time.UTC {
		return t.Format(time.DateTime), nil
	}
	return t.Format(time.RFC3339Nano), nil
}

// Resolved is what the configuration's texts stand for, checked.
type Resolved struct {
	Location        *time.Location // Timezone, loaded
	Limits          load.Limits    // Limits, parsed
	UsageBasedFrom  time.Time      // UsageBasedFrom in Location
	StreamUsageFrom int64          // StreamUsageFrom, parsed
	InMemoryUsageTo int64          // InMemoryUsageTo, parsed (MaxInt64: no bound)
}

// Resolve checks the values and resolves the zone, the limits and usage_based_from.
func (c *Config) Resolve() (Resolved, error) {
	var r Resolved
	if c.Timezone == "Local" { // the machine's zone: the same files would give other times elsewhere
		return r, &Error{Msg: `timezone "Local" is the zone of the machine pkgctl runs on; the same exports would read and print other times on another machine`,
			Hint: "name the zone, such as Asia/Shanghai or UTC", Key: "timezone"}
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return r, &Error{Msg: fmt.Sprintf("timezone %q: unknown zone", c.Timezone),
			Hint: "use an IANA name such as Asia/Shanghai or UTC", Key: "timezone"}
	}
	r.Location = loc
	if c.Precision < 0 || c.Precision > 8 {
		return r, keyErrorf("precision", "precision %d: must be between 0 and 8", c.Precision)
	}
	if code := value.CurrencyCode(c.Currency); !amortize.ISO4217(code) {
		return r, &Error{Msg: fmt.Sprintf("currency %q is not an ISO 4217 currency code", c.Currency),
			Hint: "set currency (config file or PKGCTL_CURRENCY) to a code such as USD, CNY or EUR", Key: "currency"}
	}
	if r.UsageBasedFrom, _, err = value.ParseTime(c.UsageBasedFrom, loc); err != nil {
		return r, keyErrorf("usage_based_from", "usage_based_from: %v", err)
	}
	if strings.EqualFold(strings.TrimSpace(c.StreamUsageFrom), "auto") {
		// In memory a usage file takes about 1.3 times its size: up to a quarter of the
		// machine's memory leaves room for the rest.
		if r.StreamUsageFrom = mem.TotalMemory() / 4; r.StreamUsageFrom <= 0 {
			r.StreamUsageFrom = 1 << 30
		}
	} else if r.StreamUsageFrom, err = parseSize(c.StreamUsageFrom, true); err != nil {
		return r, &Error{Msg: fmt.Sprintf("stream_usage_from %s: %v", value.Quote(c.StreamUsageFrom), err),
			Hint: "write a size such as 4GiB, or auto", Key: "stream_usage_from"}
	}
	if strings.EqualFold(strings.TrimSpace(c.InMemoryUsageTo), "auto") {
		// In memory a usage file takes up to about twice its size (amortize, check): up to
		// three eighths of the machine's memory leaves a quarter of it to the rest.
		if r.InMemoryUsageTo = mem.TotalMemory() / 8 * 3; r.InMemoryUsageTo <= 0 {
			r.InMemoryUsageTo = math.MaxInt64
		}
	} else if r.InMemoryUsageTo, err = parseSize(c.InMemoryUsageTo, true); err != nil {
		return r, &Error{Msg: fmt.Sprintf("in_memory_usage_to %s: %v", value.Quote(c.InMemoryUsageTo), err),
			Hint: "write a size such as 8GiB, or auto", Key: "in_memory_usage_to"}
	}
	r.Limits, err = c.Limits.Parse()
	return r, err
}
