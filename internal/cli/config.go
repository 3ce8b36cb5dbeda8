package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // the zone database is embedded: timezone works on any machine

	"github.com/spf13/cast"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/pkgctl/pkgctl/internal/amortize"
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
}

func setDefaults(v *viper.Viper) {
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
}

// focusKeys are the text keys under focus: (FocusSettings).
var focusKeys = []string{"provider", "publisher", "invoice_issuer", "billing_account_id", "billing_account_name"}

// resolve reads the configuration for the executing command and checks global flags.
func (g *GlobalOptions) resolve(cmd *cobra.Command) error {
	if err := emptyFlags(cmd); err != nil {
		return &runError{err: err}
	}
	v := viper.New()
	setDefaults(v)
	v.SetEnvPrefix("PKGCTL")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	v.AutomaticEnv()
	if err := readConfigFile(v, g.ConfigFile); err != nil {
		return &runError{err: err}
	}
	for _, name := range []string{"timezone", "format"} {
		if f := cmd.Flags().Lookup(name); f != nil {
			if err := v.BindPFlag(name, f); err != nil {
				return &runError{err: err}
			}
		}
	}
	for _, ff := range focusFlags {
		if f := cmd.Flags().Lookup(ff.flag); f != nil {
			if err := v.BindPFlag(ff.key, f); err != nil {
				return &runError{err: err}
			}
		}
	}
	if err := checkFocusKeys(v); err != nil {
		return &runError{err: err}
	}
	if _, err := cast.ToInt32E(v.Get("precision")); err != nil {
		return &runError{err: &usageError{msg: fmt.Sprintf("precision %q is not a whole number", fmt.Sprint(v.Get("precision"))),
			hint: "set precision (config file or PKGCTL_PRECISION) to the number of decimals of money, e.g. 2"}}
	}
	var cfg Config
	if err := v.Unmarshal(&cfg); err != nil {
		return &runError{err: &usageError{msg: fmt.Sprintf("config: %v", err)}}
	}
	g.Config = cfg
	if err := g.check(); err != nil {
		return &runError{err: err}
	}
	return nil
}

func readConfigFile(v *viper.Viper, explicit string) error {
	path := explicit
	if path == "" {
		candidates := []string{"pkgctl.yaml"}
		if x := os.Getenv("XDG_CONFIG_HOME"); x != "" {
			candidates = append(candidates, filepath.Join(x, "pkgctl", "config.yaml"))
		} else if h, err := os.UserHomeDir(); err == nil {
			candidates = append(candidates, filepath.Join(h, ".config", "pkgctl", "config.yaml"))
		}
		for _, c := range candidates {
			if _, err := os.Stat(c); err == nil {
				path = c
				break
			}
		}
	}
	if path == "" {
		return nil
	}
	v.SetConfigFile(path)
	v.SetConfigType("yaml")
	if err := v.ReadInConfig(); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return &usageError{msg: fmt.Sprintf("config file %s: %v", path, pe.Err)}
		}
		return &usageError{msg: fmt.Sprintf("config file %s: %v", path, err)}
	}
	return checkConfigKeys(v, path)
}

// configKeys are the keys of the config file; columns.<kind>.<column> holds aliases.
var configKeys = []string{"timezone", "currency", "precision", "usage_based_from", "usage_based_products", "columns", "format"}

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
		case parts[0] == "focus" && len(parts) >= 3 && (parts[1] == "service_categories" || parts[1] == "region_names"):
			continue
		}
		return &usageError{msg: fmt.Sprintf("config file %s: unknown key %q", path, k),
			hint: "the keys are " + strings.Join(configKeys, ", ") + "; columns.<packages|usage|bills>.<column>: [aliases]; focus." + strings.Join(focusKeys, ", focus.") + ", focus.service_categories.<product>, focus.region_names.<region>"}
	}
	return nil
}

// emptyFlags refuses a global flag given with an empty value (--as-of "$ASOF" with the
// variable unset): leaving the flag out has a meaning (--as-of: now; --out: stdout), an
// empty value is almost always a script's mistake, and a finance run must not quietly
// fall back to the default.
func emptyFlags(cmd *cobra.Command) error {
	for _, fl := range []struct{ name, hint string }{
		{"as-of", "write a date (2024-12-31) or a time (2024-12-31 18:00:00), or leave --as-of out for now"},
		{"out", "name a file, or leave --out out to write to stdout"},
		{"format", "use table, csv, json, xlsx or markdown, or leave --format out"},
		{"timezone", "use an IANA name such as Asia/Shanghai, or leave --timezone out"},
		{"config", "name a file, or leave --config out"},
		{"provider", "name the provider (Huawei Cloud, Baidu AI Cloud), or leave --provider out"},
		{"publisher", "name the publisher, or leave --publisher out for the provider"},
		{"invoice-issuer", "name who invoices you, or leave --invoice-issuer out for the provider"},
		{"billing-account-id", "give your account id, or set focus.billing_account_id in pkgctl.yaml"},
		{"billing-account-name", "give the account's name, or leave --billing-account-name out for its id"},
	} {
		if f := cmd.Flags().Lookup(fl.name); f != nil && f.Changed && strings.TrimSpace(f.Value.String()) == "" {
			return &usageError{msg: fmt.Sprintf("--%s is empty", fl.name), hint: fl.hint}
		}
	}
	return nil
}

func (g *GlobalOptions) check() error {
	loc, err := time.LoadLocation(g.Config.Timezone)
	if err != nil {
		return &usageError{msg: fmt.Sprintf("timezone %q: unknown zone", g.Config.Timezone),
			hint: "use an IANA name such as Asia/Shanghai or UTC"}
	}
	g.Loc = loc
	if g.Config.Precision < 0 || g.Config.Precision > 8 {
		return usageErrorf("precision %d: must be between 0 and 8", g.Config.Precision)
	}
	if !amortize.ISO4217(g.Config.Currency) {
		return &usageError{msg: fmt.Sprintf("currency %q is not an ISO 4217 currency code", g.Config.Currency),
			hint: "set currency (config file or PKGCTL_CURRENCY) to a code such as USD, CNY or EUR"}
	}
	if _, _, err := value.ParseTime(g.Config.UsageBasedFrom, loc); err != nil {
		return usageErrorf("usage_based_from: %v", err)
	}
	g.AsOfTime = g.Now().In(loc)
	if g.AsOf != "" {
		t, err := value.ParseAsOf(g.AsOf, loc)
		if err != nil {
			return &usageError{msg: fmt.Sprintf("--as-of: %v", err), hint: "write a date (2024-12-31) or a time (2024-12-31 18:00:00)"}
		}
		g.AsOfTime = t
	}
	return nil
}

// usageBasedFrom is the parsed usage_based_from (validated in check).
func (g *GlobalOptions) usageBasedFrom() time.Time {
	t, _, _ := value.ParseTime(g.Config.UsageBasedFrom, g.Loc)
	return t
}

// checkFocusKeys refuses a focus key set to blank in the config file (or the
// environment): FOCUS forbids an empty provider, publisher, invoice issuer or account.
func checkFocusKeys(v *viper.Viper) error {
	for _, k := range focusKeys {
		key := "focus." + k
		_, inEnv := os.LookupEnv("PKGCTL_FOCUS_" + strings.ToUpper(k))
		if (v.InConfig(key) || inEnv) && strings.TrimSpace(v.GetString(key)) == "" {
			return &usageError{msg: fmt.Sprintf("%s is empty: a FOCUS file needs a value there", key),
				hint: "give it a value, or remove the key to use its default (docs/focus.md)"}
		}
	}
	return nil
}
