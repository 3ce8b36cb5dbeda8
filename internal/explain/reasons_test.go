package explain

import (
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

const validity = "2025-03-01"

// One case per reason code of rules.md §2.6: the primary reason, the values its message must
// name, and the suggestion.
func TestEveryReasonCode(t *testing.T) {
	cases := []struct {
		code    string
		setup   func(p *model.Package, r *model.Record) []model.Package // extra packages
		names   []string
		suggest string
	}{
		{replay.CodeBillingItem, func(p *model.Package, r *model.Record) []model.Package {
			p.DeductibleItems = []string{"Requests"}
			return nil
		}, []string{`"Outbound internet traffic"`, `"Requests"`}, buyCDN("cn-north-4")},
		{replay.CodeSpecification, func(p *model.Package, r *model.Record) []model.Package {
			p.Specification, r.Specification = "premium", "standard"
			return nil
		}, []string{`"standard"`, `"premium"`}, "buy a package for product=CDN, billing_item=Outbound internet traffic, region=cn-north-4, enterprise_project=any, specification=standard"},
		{replay.CodeRegion, func(p *model.Package, r *model.Record) []model.Package {
			r.Region = "cn-south-1"
			return nil
		}, []string{`"cn-south-1"`, `"cn-north-4"`}, buyCDN("cn-south-1")},
		{replay.CodeEnterpriseProject, func(p *model.Package, r *model.Record) []model.Package {
			p.EnterpriseProject, r.EnterpriseProject = "finance", "web"
			return nil
		}, []string{`"web"`, `"finance"`}, "buy a package for product=CDN, billing_item=Outbound internet traffic, region=cn-north-4, enterprise_project=web, specification=any"},
		{replay.CodeUnit, func(p *model.Package, r *model.Record) []model.Package {
			p.Unit = "times"
			return nil
		}, []string{`"GB"`, `"times"`}, buyCDN("cn-north-4")},
		{replay.CodeNotYetEffective, func(p *model.Package, r *model.Record) []model.Package {
			*p = daily(*p)
			r.SetTimes(at("2025-01-31 23:00"), r.End(), r.Deduct())
			return nil
		}, []string{"2025-01-31 23:00:00", "2025-02-01 00:00:00"}, "P is valid 2025-02-01 00:00:00 → 2025-03-01 00:00:00; usage outside it needs another package"},
		{replay.CodeExpired, func(p *model.Package, r *model.Record) []model.Package {
			*p = daily(*p)
			r.SetTimes(at("2025-02-28 23:00"), at("2025-03-01 01:00"), at("2025-03-01 01:00"))
			return nil
		}, []string{"2025-03-01 01:00:00", "expired at 2025-03-01 00:00:00"}, "P is valid 2025-02-01 00:00:00 → 2025-03-01 00:00:00; usage outside it needs another package"},
		{replay.CodeDestroyed, func(p *model.Package, r *model.Record) []model.Package {
			p.Destroyed = at("2025-02-10")
			return nil
		}, []string{"2025-02-15 10:00:00", "destroyed at 2025-02-10 00:00:00"}, "P is valid 2025-02-01 00:00:00 → 2025-02-10 00:00:00; usage outside it needs another package"},
		{replay.CodeSuperseded, func(p *model.Package, r *model.Record) []model.Package {
			up := pkg("UP", "2025-02-12", validity, "100")
			up.OrderType, up.OriginalID, up.Region = model.OrderUpgrade, "P", "cn-east-3"
			return []model.Package{up}
		}, []string{"2025-02-15 10:00:00", "superseded by upgrade UP at 2025-02-12 00:00:00"}, "P is valid 2025-02-01 00:00:00 → 2025-02-12 00:00:00; usage outside it needs another package"},
		{replay.CodeCrossesResetPeriod, func(p *model.Package, r *model.Record) []model.Package {
			*p = daily(*p)
			r.SetTimes(at("2025-02-15 15:00"), r.End(), r.Deduct())
			return nil
		}, []string{"2025-02-15 15:00:00 → 2025-02-15 17:00:00", "reset at 2025-02-15 16:00:00"},
			"the consumption crosses P's reset at 2025-02-15 16:00:00: only usage inside one reset period is deducted; report usage split at the reset"},
		{replay.CodeNoPackage, func(p *model.Package, r *model.Record) []model.Package {
			r.Product = "OBS"
			return nil
		}, []string{`"OBS"`}, "buy a package for product=OBS, billing_item=Outbound internet traffic, region=cn-north-4, enterprise_project=any, specification=any"},
	}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			p := pkg("P", "2025-02-01", validity, "100")
			r := rec("x", "2025-02-15 10:00", "2025-02-15 17:00", "4")
			extra := c.setup(&p, &r)
			pkgs := append([]model.Package{p}, extra...)
			e := explainAll(t, ledger(t, pkgs, []model.Record{r}))["x"]
			if e.Primary.Code != c.code || e.Outcome != replay.OutcomeNotDeduct {
				t.Fatalf("primary %q (%s), want %q; packages %+v", e.Primary.Code, e.Outcome, c.code, e.Packages)
			}
			for _, n := range c.names {
				if !strings.Contains(e.Primary.Message, n) {
					t.Errorf("message %q does not name %s", e.Primary.Message, n)
				}
			}
			if e.Suggestion != c.suggest {
				t.Errorf("suggestion %q\nwant       %q", e.Suggestion, c.suggest)
			}
		})
	}
}

func buyCDN(region string) string {
	return "buy a package for product=CDN, billing_item=Outbound internet traffic, region=" + region +
		", enterprise_project=any, specification=any"
}
