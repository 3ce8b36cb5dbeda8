package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // the zone database is embedded: timezone works on any machine

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/pkgctl/pkgctl/internal/config"
	"github.com/pkgctl/pkgctl/internal/value"
)

// resolve reads the configuration for the executing command (defaults < config file <
// PKGCTL_* env < flags) and checks global flags.
func (g *GlobalOptions) resolve(cmd *cobra.Command) error {
	if err := unusedGlobalFlags(cmd); err != nil {
		return &runError{err: err}
	}
	if err := emptyFlags(cmd); err != nil {
		return &runError{err: err}
	}
	if !readsConfig(cmd) {
		return nil
	}
	v := config.New()
	g.warnings(config.UnknownEnv(os.Environ()))
	if err := config.ReadFile(v, g.ConfigFile); err != nil {
		return &runError{err: err}
	}
	g.configUsed = v.ConfigFileUsed()
	binds := map[string]string{"timezone": "timezone", "format": "format", "csv-bom": "csv_bom"}
	for _, ff := range focusFlags {
		binds[ff.flag] = ff.key
	}
	for name, key := range binds {
		if f := cmd.Flags().Lookup(name); f != nil {
			if err := v.BindPFlag(key, f); err != nil {
				return &runError{err: err}
			}
		}
	}
	cfg, err := config.Load(v)
	if err == nil {
		g.Config = cfg
		g.formatSource = config.Source(v, "format")
		err = g.check()
	}
	if err != nil {
		return &runError{err: located(err, v, cmd, binds)}
	}
	return nil
}

// located names, in a configuration error about a key's value, where the value came
// from: the flag, the environment variable or the config file.
func located(err error, v *viper.Viper, cmd *cobra.Command, binds map[string]string) error {
	var ce *config.Error
	if !errors.As(err, &ce) || ce.Key == "" {
		return err
	}
	for name, key := range binds {
		if f := cmd.Flags().Lookup(name); key == ce.Key && f != nil && f.Changed {
			return &config.Error{Msg: "--" + name + ": " + ce.Msg, Hint: ce.Hint}
		}
	}
	if src := config.Source(v, ce.Key); src != "" {
		return &config.Error{Msg: src + ": " + ce.Msg, Hint: ce.Hint}
	}
	return err
}

// emptyFlags refuses a flag given with an empty value (--as-of "$ASOF" or --record "$ID"
// with the variable unset): leaving the flag out has a meaning (--as-of: now; --out:
// stdout; --record: every record), an empty value is almost always a script's mistake,
// and a finance run must not quietly fall back to the default. A repeatable flag is
// refused when one of its values is blank.
func emptyFlags(cmd *cobra.Command) error {
	hints := map[string]string{
		"as-of":                "write a date (2024-12-31) or a time (2024-12-31 18:00:00), or leave --as-of out for now",
		"out":                  "name a file, or leave --out out to write to stdout",
		"format":               "use table, csv, json, xlsx, markdown or parquet (amortize also focus), or leave --format out",
		"timezone":             "use an IANA name such as Asia/Shanghai, or leave --timezone out",
		"config":               "name a file, or leave --config out",
		"provider":             "name the provider (Huawei Cloud, Baidu AI Cloud), or leave --provider out",
		"publisher":            "name the publisher, or leave --publisher out for the provider",
		"invoice-issuer":       "name who invoices you, or leave --invoice-issuer out for the provider",
		"billing-account-id":   "give your account id, or set focus.billing_account_id in pkgctl.yaml",
		"billing-account-name": "give the account's name, or leave --billing-account-name out for its id",
		"packages":             "name the exported packages file (CSV or XLSX), - for stdin, or use --sample",
		"usage":                "name the exported usage file (CSV or XLSX), - for stdin, or use --sample",
		"bills":                "name the exported amortization bill (CSV or XLSX), or - for stdin",
	}
	var err error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if err != nil || !f.Changed {
			return
		}
		blank := false
		switch v, ok := f.Value.(pflag.SliceValue); {
		case f.Value.Type() == "string":
			blank = strings.TrimSpace(f.Value.String()) == ""
		case ok && f.Value.Type() == "stringArray": // one value a flag (a comma list, --by, says what is wrong itself)
			for _, s := range v.GetSlice() {
				blank = blank || strings.TrimSpace(s) == ""
			}
		}
		if blank {
			hint, ok := hints[f.Name]
			if !ok {
				hint = fmt.Sprintf("give a value, or leave --%s out", f.Name)
			}
			err = &usageError{msg: fmt.Sprintf("--%s is empty", f.Name), hint: hint}
		}
	})
	return err
}

// check resolves the configuration and --as-of.
func (g *GlobalOptions) check() error {
	r, err := g.Config.Resolve()
	if err != nil {
		return err
	}
	g.Loc, g.Limits, g.usageBasedFrom, g.streamFrom = r.Location, r.Limits, r.UsageBasedFrom, r.StreamUsageFrom
	g.inMemoryTo = r.InMemoryUsageTo
	g.AsOfTime = g.Now().In(g.Loc)
	if g.AsOf != "" {
		t, err := value.ParseAsOf(g.AsOf, g.Loc)
		if err != nil {
			return &usageError{msg: fmt.Sprintf("--as-of: %v", err), hint: "write a date (2024-12-31) or a time (2024-12-31 18:00:00)"}
		}
		if !t.After(time.Time{}) { // the zero time means "no as-of" to the engines
			return &usageError{msg: fmt.Sprintf("--as-of: %s is too early: pkgctl takes instants after 0001-01-01T00:00:00Z", g.AsOf),
				hint: "write a date (2024-12-31) or a time (2024-12-31 18:00:00)"}
		}
		g.AsOfTime = t
	}
	return nil
}
