package load

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/testkit"
	"github.com/shopspring/decimal"
)

var shanghai = mustZone("Asia/Shanghai")

var mustZone = testkit.MustZone

func testOptions() Options { return Options{Location: shanghai, Currency: "USD"} }

var at = testkit.At

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func some(s string) decimal.NullDecimal { return decimal.NullDecimal{Decimal: dec(s), Valid: true} }

// loadPackages reads a testdata file, failing the test on any error.
func loadPackages(t *testing.T, name string) ([]model.Package, *Report) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "load", name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pkgs, rep, err := Packages(name, f, testOptions())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return pkgs, rep
}

func clearSrc(ps []model.Package) []model.Package {
	out := append([]model.Package(nil), ps...)
	for i := range out {
		out[i].Src = model.Source{}
	}
	return out
}

// TestCanonicalPackages pins the values of the canonical file, which every other
// variant must then reproduce.
func TestCanonicalPackages(t *testing.T) {
	pkgs, rep := loadPackages(t, "packages_canonical.csv")
	if len(pkgs) != 7 || rep.Rows != 7 {
		t.Fatalf("got %d packages from %d rows, want 7", len(pkgs), rep.Rows)
	}
	obs := model.Package{
		Src: model.Source{File: "packages_canonical.csv", Line: 2}, ID: "PKG-OBS-1", OrderID: "ORD-1",
		OrderTime: at("2023-12-28 10:15:00"), Product: "OBS", Type: model.TypeUsage,
		DeductibleItems: []string{"Standard storage"}, Configuration: "100 GB/month",
		Region: "cn-north-4", EnterpriseProject: "default",
		Effective: at("2024-01-01 00:00:00"), Expiration: at("2025-01-01 00:00:00"),
		Capacity: dec("100"), Unit: "GB", ResetCycle: model.ResetMonth, Fee: some("480"),
		Currency: "USD", Status: "Active", Used: some("23.2"), Remaining: some("76.8"),
		Amortization: model.MethodUsage, Tags: model.Tags{{Key: "team", Value: "storage"}},
	}
	if !reflect.DeepEqual(pkgs[0], obs) {
		t.Errorf("PKG-OBS-1:\n got %+v\nwant %+v", pkgs[0], obs)
	}
	up := pkgs[1]
	if up.OrderType != model.OrderUpgrade || up.OriginalID != "PKG-OBS-1" || !up.Expiration.Equal(at("2025-01-01 00:00:00")) {
		t.Errorf("PKG-OBS-2: %+v", up)
	}
	if ocr := pkgs[2]; !reflect.DeepEqual(ocr.DeductibleItems, []string{"General Text", "Table"}) ||
		ocr.Tags.String() != "env=prod;team=ai" || ocr.ResetCycle != model.ResetNone {
		t.Errorf("PKG-OCR-1: %+v", ocr)
	}
	if ren := pkgs[3]; ren.Currency != "USD" || ren.OrderType != model.OrderRenewal || ren.Used.Valid {
		t.Errorf("PKG-OCR-2 (default currency, no used): %+v", ren)
	}
	cdn := pkgs[4]
	if cdn.ResetAnchor != (model.ResetAnchor{Kind: model.AnchorClock, Clock: 16 * time.Hour}) ||
		!cdn.Expiration.Equal(at("2025-04-18 16:00:00")) || cdn.ResetCycle != model.ResetDay {
		t.Errorf("PKG-CDN-1: %+v", cdn)
	}
	if cci := pkgs[5]; cci.Unit != "GB*hour" || !cci.Capacity.Equal(dec("2920")) ||
		cci.ResetAnchor.Kind != model.AnchorNatural || cci.Currency != "CNY" {
		t.Errorf("PKG-CCI-1: %+v", cci)
	}
	ecs := pkgs[6]
	if ecs.Type != model.TypeReservedInstance || ecs.Status != "Arrears" || !ecs.Destroyed.Equal(at("2024-06-01 12:00:00")) ||
		!ecs.Refund.Decimal.Equal(dec("100")) || ecs.Amortization != model.MethodLinear {
		t.Errorf("PKG-ECS-1: %+v", ecs)
	}
	if len(rep.Warnings) != 0 || rep.Rejected.Len() != 0 {
		t.Errorf("unexpected warnings %v / rejected %v", rep.Warnings, rep.Rejected)
	}
}

// TestPackageVariants: every spelling of the same export gives the same packages.
func TestPackageVariants(t *testing.T) {
	want, _ := loadPackages(t, "packages_canonical.csv")
	for _, name := range []string{
		"packages_console_en.csv", // English console names, UTF-8 BOM, units in the capacity
		"packages_console_en.tsv", // the same, tab-delimited
		"packages_semicolon.csv",  // canonical names, ';'-delimited
		"packages_zh.csv",         // Chinese names and values, another column order
		"packages_zh_gb18030.csv", // the same in GB18030 with a title line
		"packages_zh_utf16le.csv", // the same in UTF-16 LE with a BOM
		"packages_utf16be.csv",    // canonical in UTF-16 BE with a BOM
	} {
		t.Run(name, func(t *testing.T) {
			got, _ := loadPackages(t, name)
			assertSamePackages(t, got, want)
		})
	}
}

func assertSamePackages(t *testing.T, got, want []model.Package) {
	t.Helper()
	g, w := clearSrc(got), clearSrc(want)
	if len(g) != len(w) {
		t.Fatalf("got %d packages, want %d", len(g), len(w))
	}
	for i := range w {
		if !reflect.DeepEqual(g[i], w[i]) {
			t.Errorf("package %d:\n got %+v\nwant %+v", i, g[i], w[i])
		}
	}
}

// TestEncodingsAreWhatTheyClaim guards the test data: the variants really differ in bytes.
func TestEncodingsAreWhatTheyClaim(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "load", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if b := read("packages_zh_gb18030.csv"); validUTF8(b, true) {
		t.Error("the GB18030 file is valid UTF-8")
	}
	if b := read("packages_zh_utf16le.csv"); b[0] != 0xff || b[1] != 0xfe {
		t.Error("no UTF-16 LE BOM")
	}
	if b := read("packages_utf16be.csv"); b[0] != 0xfe || b[1] != 0xff {
		t.Error("no UTF-16 BE BOM")
	}
}
