package check

import (
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// statusNames maps the Norm form of console status labels (English and Chinese) to
// the rules.md §2.5 status names.
var statusNames = map[string]string{
	"created": replay.StatusCreated, "not effective": replay.StatusCreated, "pending": replay.StatusCreated,
	"未生效": replay.StatusCreated, "待生效": replay.StatusCreated, "已创建": replay.StatusCreated, "未使用": replay.StatusCreated,
	"active": replay.StatusActive, "in use": replay.StatusActive, "effective": replay.StatusActive,
	"生效中": replay.StatusActive, "使用中": replay.StatusActive, "已生效": replay.StatusActive,
	"expired": replay.StatusExpired, "已过期": replay.StatusExpired, "过期": replay.StatusExpired, "已失效": replay.StatusExpired,
	"exhausted": replay.StatusExhausted, "used up": replay.StatusExhausted,
	"已用完": replay.StatusExhausted, "已耗尽": replay.StatusExhausted, "已用尽": replay.StatusExhausted,
	"destroyed": replay.StatusDestroyed, "unsubscribed": replay.StatusDestroyed,
	"已销毁": replay.StatusDestroyed, "已退订": replay.StatusDestroyed, "已删除": replay.StatusDestroyed,
	"arrears": replay.StatusArrears, "欠费": replay.StatusArrears, "已欠费": replay.StatusArrears,
}

// CanonicalStatus maps an exported status label to its rules.md §2.5 name, case-insensitively
// ("ACTIVE", "生效中" → "Active"). known is false for a label it does not know; then
// the label itself is returned.
func CanonicalStatus(s string) (name string, known bool) {
	if n, ok := statusNames[model.Norm(s)]; ok {
		return n, true
	}
	return s, false
}
