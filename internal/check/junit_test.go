package check

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

type parsedSuites struct {
	Suites []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Cases    []struct {
			ClassName string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestWriteJUnit(t *testing.T) {
	bills, _ := fixture()
	exp := asExported(bills, false, false)
	exp[2].Amount = dec("7.02")
	exp = append(exp, row("P9", "2024-01-03", purchase, "4.00", "", "", "", false))
	res := compare(exp, defaultOpt)
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, res); err != nil {
		t.Fatal(err)
	}
	var got parsedSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("not XML: %v\n%s", err, buf.String())
	}
	if len(got.Suites) != 1 || got.Suites[0].Name != "pkgctl check" {
		t.Fatalf("suites: %+v", got.Suites)
	}
	s := got.Suites[0]
	if len(s.Cases) != res.PackagesChecked || s.Tests != 3 || s.Failures != 2 {
		t.Fatalf("%d cases, tests=%d failures=%d; want 3, 3, 2", len(s.Cases), s.Tests, s.Failures)
	}
	names := []string{"P1", "P2", "P9"}
	classes := []string{"OBS", "OBS", "unknown"}
	for i, c := range s.Cases {
		if c.Name != names[i] || c.ClassName != classes[i] {
			t.Errorf("case %d: %s/%s, want %s/%s", i, c.ClassName, c.Name, classes[i], names[i])
		}
		if (c.Failure == nil) != res.Packages[i].Passed() {
			t.Errorf("case %s: failure %v, passed %v", c.Name, c.Failure, res.Packages[i].Passed())
		}
	}
	f := s.Cases[0].Failure
	if f.Message != "2 differences: TOTAL_NOT_FEE, AMOUNT_DIFFERS" || f.Type != CodeTotalNotFee {
		t.Errorf("failure: %+v", f)
	}
	if !strings.Contains(f.Text, "AMOUNT_DIFFERS 2024-01-31 Expenditure-resource packages unused: amount 7.02") {
		t.Errorf("failure text:\n%s", f.Text)
	}
	var again bytes.Buffer
	_ = WriteJUnit(&again, res)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two writes differ")
	}
}
