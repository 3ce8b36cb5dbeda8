package replay

import "github.com/pkgctl/pkgctl/internal/model"

// cutValidity sets End, EndCause and UpgradedBy of every package (rules.md §2.1): the earliest of
// expiration, destruction (wins ties) and the effective_time of the upgrade that cuts it
// (the earliest upgrade, then the lowest id; it cuts only strictly before the current
// end). states are sorted by id and byID indexes them.
func cutValidity(states []PackageState, byID map[string]int) {
	upgrade := make(map[int]int) // original → its earliest upgrade
	for i := range states {
		p := states[i].Pkg
		if p.OrderType != model.OrderUpgrade || p.OriginalID == "" {
			continue
		}
		orig, ok := byID[p.OriginalID]
		if !ok || orig == i {
			continue
		}
		// states are in id order, so the first of equal effective times has the lowest id
		if u, seen := upgrade[orig]; !seen || p.Effective.Before(states[u].Pkg.Effective) {
			upgrade[orig] = i
		}
	}
	for i := range states {
		ps := &states[i]
		p := ps.Pkg
		ps.End, ps.EndCause = p.Expiration, EndExpired
		if !p.Destroyed.IsZero() && !p.Destroyed.After(ps.End) {
			ps.End, ps.EndCause = p.Destroyed, EndDestroyed
		}
		if u, ok := upgrade[i]; ok {
			if at := states[u].Pkg.Effective; at.Before(ps.End) {
				ps.End, ps.EndCause, ps.UpgradedBy = at, EndUpgraded, states[u].Pkg.ID
			}
		}
		if ps.End.Before(p.Effective) { // invalid input; keep the validity empty
			ps.End = p.Effective
		}
	}
}
