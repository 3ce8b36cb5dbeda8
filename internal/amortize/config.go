package amortize

import (
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Config is what amortization needs besides the ledger.
type Config struct {
	Location           *time.Location // calendar days; nil = the ledger's zone, else UTC
	Precision          int32          // decimals of amounts (currency precision)
	UsageBasedFrom     time.Time      // packages effective at or after it may be usage-based
	UsageBasedProducts []string       // products eligible for usage-based amortization
	AsOf               time.Time      // rows up to the as-of day; zero = everything final
}

// DefaultUsageBasedProducts are the products of rules.md §3.1 eligible for usage-based
// amortization when the config does not name others.
var DefaultUsageBasedProducts = []string{"OCR", "CDN", "APM", "OBS", "VPC", "SFS", "ROMA Connect"}

// DefaultUsageBasedFrom is the default switch date of rules.md §3.1, 2025-06-23 00:00:00 in loc.
func DefaultUsageBasedFrom(loc *time.Location) time.Time {
	return value.Wall(2025, 6, 23, 0, 0, 0, 0, loc)
}

// ByUsage is byUsage under cfg: what a replay whose ledger is only amortized needs the
// entries of (replay.Options.EntriesOf).
func ByUsage(cfg Config) func(*model.Package) bool {
	return func(p *model.Package) bool { return byUsage(p, cfg) }
}

// Linear is whether a package is amortized linearly under cfg (Method), day by day:
// what the loader counts against limits.linear_days (load.Options.Linear).
func Linear(cfg Config) func(*model.Package) bool {
	return func(p *model.Package) bool { return Method(p, cfg) == model.MethodLinear }
}

// byUsage reports whether p is amortized by usage: it has a fee (one without is not
// amortized at all) and its method is usage. Only those have used rows, made from their
// deductions.
func byUsage(p *model.Package, cfg Config) bool {
	return p.Fee.Valid && Method(p, cfg) == model.MethodUsage
}

// Method chooses a package's amortization method (rules.md §3.1). Storage packages and
// reserved instances are always linear; otherwise the amortization column wins; otherwise
// a package is usage-based when it took effect at or after cfg.UsageBasedFrom, its product
// is in cfg.UsageBasedProducts, it has exactly one deductible item (OBS exempt; blank
// items count as many) and it is a usage package. Everything else is linear.
func Method(p *model.Package, cfg Config) model.Method {
	if p.Type.IsLevel() {
		return model.MethodLinear
	}
	if p.Amortization != model.MethodAuto {
		return p.Amortization
	}
	if p.Effective.Before(cfg.UsageBasedFrom) || !productListed(p.Product, cfg.UsageBasedProducts) {
		return model.MethodLinear
	}
	if model.Norm(p.Product) != "obs" && len(p.DeductibleItems) != 1 {
		return model.MethodLinear
	}
	return model.MethodUsage
}

func productListed(product string, list []string) bool {
	n := model.Norm(product)
	for _, s := range list {
		if model.Norm(s) == n {
			return true
		}
	}
	return false
}
