package value

import (
	"fmt"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

var anchorKinds = newEnum("reset anchor", "subscription, natural, a clock time HH:MM or a timestamp",
	map[model.AnchorKind][]string{
		model.AnchorSubscription: {"", "subscription", "subscription time", "订购时间", "订购"},
		model.AnchorNatural:      {"natural", "calendar", "自然周期", "自然"},
	})

// ParseResetAnchor parses reset_anchor: subscription (the default for blank, 订购时间),
// natural (自然周期), a clock time "HH:MM" or "HH:MM:SS" (AnchorClock, offset from
// midnight), or a timestamp of ParseTime (AnchorTimestamp, in loc).
func ParseResetAnchor(s string, loc *time.Location) (model.ResetAnchor, error) {
	if k, err := anchorKinds.parse(s); err == nil {
		return model.ResetAnchor{Kind: k}, nil
	}
	t := strings.TrimSpace(s)
	if d, ok := parseClock(t); ok {
		return model.ResetAnchor{Kind: model.AnchorClock, Clock: d}, nil
	}
	if at, _, err := ParseTime(t, loc); err == nil {
		return model.ResetAnchor{Kind: model.AnchorTimestamp, At: at}, nil
	}
	return model.ResetAnchor{}, fmt.Errorf("unknown reset anchor %s (want %s)", Quote(t), anchorKinds.accepted)
}

// parseClock reads "H:MM" or "HH:MM[:SS]" as an offset from midnight below 24h.
func parseClock(s string) (time.Duration, bool) {
	p := scanner{s: s}
	h, ok := p.num(1, 2)
	if !ok || !p.lit(":") {
		return 0, false
	}
	m, ok := p.num(2, 2)
	if !ok {
		return 0, false
	}
	sec := 0
	if p.lit(":") {
		if sec, ok = p.num(2, 2); !ok {
			return 0, false
		}
	}
	if !p.done() || h > 23 || m > 59 || sec > 59 {
		return 0, false
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second, true
}
