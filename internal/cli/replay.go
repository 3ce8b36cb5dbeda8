package cli

import (
	"fmt"
	"time"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/value"
)

// amortize amortizes a replayed ledger with the configured method rules: the one call
// of the amortization of every command, which prints its warnings (a package without a
// fee has no money).
func (g *GlobalOptions) amortize(l *replay.Ledger) (*amortize.Result, error) {
	mem.Collect() // the replay's scratch, for the amortization to reuse
	res, err := amortize.Run(l, g.amortizeConfig())
	if err != nil {
		return nil, err
	}
	g.warnings(res.Warnings)
	return res, nil
}

// warnings prints warnings on stderr, with or without --quiet (which hides notes only).
func (g *GlobalOptions) warnings(ws []string) {
	for _, w := range ws {
		fmt.Fprintf(g.IO.ErrOut, "pkgctl: warning: %s\n", w)
	}
}

// replay loads packages and usage and replays them as of --as-of.
func (g *GlobalOptions) replay(in *inputFlags) (*replay.Ledger, *loaded, error) {
	res, err := g.readInputs(in, true, true, false)
	if err != nil {
		return nil, nil, err
	}
	l, err := g.run(res)
	if err != nil {
		return nil, nil, err
	}
	return l, res, nil
}

// run replays loaded inputs as of --as-of, in the configured zone and precision: the one
// call of the replay of every command.
func (g *GlobalOptions) run(in *loaded) (*replay.Ledger, error) {
	mem.Collect() // the loader's scratch, for the replay to reuse
	return replay.Run(in.Packages, in.Records, replay.Options{
		Location: g.Loc, AsOf: g.AsOfTime, Precision: g.Config.Precision,
	})
}

// dayRange parses --from/--to days into [from, to) instants; to is the end of its day.
func (g *GlobalOptions) dayRange(fromS, toS string) (from, to time.Time, err error) {
	if fromS != "" {
		if from, _, err = value.ParseTime(fromS, g.Loc); err != nil {
			return from, to, usageErrorf("--from: %v", err)
		}
	}
	if toS != "" {
		if to, err = value.ParseAsOf(toS, g.Loc); err != nil {
			return from, to, usageErrorf("--to: %v", err)
		}
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return from, to, usageErrorf("--from %s is not before --to %s", fromS, toS)
	}
	return from, to, nil
}
