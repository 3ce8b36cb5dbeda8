package amortize

import (
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

func TestMethod(t *testing.T) {
	after, before := at("2025-07-01 00:00"), at("2025-06-22 23:59")
	cfg := cfgAsOf(time.Time{})
	tests := []struct {
		name    string
		product string
		eff     time.Time
		items   []string
		typ     model.PackageType
		column  model.Method
		want    model.Method
	}{
		{"eligible", "OCR", after, []string{"API calls"}, model.TypeUsage, model.MethodAuto, model.MethodUsage},
		{"at the switch", "cdn", DefaultUsageBasedFrom(sh), []string{"x"}, model.TypeUsage, model.MethodAuto, model.MethodUsage},
		{"before the switch", "OCR", before, []string{"API calls"}, model.TypeUsage, model.MethodAuto, model.MethodLinear},
		{"product spaced and cased", " roma   connect ", after, []string{"x"}, model.TypeUsage, model.MethodAuto, model.MethodUsage},
		{"product not listed", "CCI", after, []string{"CPU"}, model.TypeUsage, model.MethodAuto, model.MethodLinear},
		{"two items", "CDN", after, []string{"a", "b"}, model.TypeUsage, model.MethodAuto, model.MethodLinear},
		{"blank items count as many", "CDN", after, nil, model.TypeUsage, model.MethodAuto, model.MethodLinear},
		{"OBS exempt, two items", "OBS", after, []string{"a", "b"}, model.TypeUsage, model.MethodAuto, model.MethodUsage},
		{"OBS exempt, blank items", "OBS", after, nil, model.TypeUsage, model.MethodAuto, model.MethodUsage},
		{"storage always linear", "OBS", after, []string{"a"}, model.TypeStorage, model.MethodAuto, model.MethodLinear},
		{"RI linear despite column", "ECS", after, nil, model.TypeReservedInstance, model.MethodUsage, model.MethodLinear},
		{"column usage wins", "CCI", before, nil, model.TypeUsage, model.MethodUsage, model.MethodUsage},
		{"column linear wins", "OCR", after, []string{"x"}, model.TypeUsage, model.MethodLinear, model.MethodLinear},
	}
	for _, tt := range tests {
		p := model.Package{Product: tt.product, Effective: tt.eff, DeductibleItems: tt.items, Type: tt.typ, Amortization: tt.column}
		if got := Method(&p, cfg); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
