package forecast

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// JUnitSuite is the name of the one test suite WriteJUnit writes.
const JUnitSuite = "pkgctl forecast"

type junitSuites struct {
	XMLName  xml.Name   `xml:"testsuites"`
	Name     string     `xml:"name,attr"`
	Tests    int        `xml:"tests,attr"`
	Failures int        `xml:"failures,attr"`
	Suites   []junitSet `xml:"testsuite"`
}

type junitSet struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

// WriteJUnit writes the alerts as JUnit XML, as check does: one <testsuite name="pkgctl
// forecast"> with one <testcase classname="PRODUCT" name="PACKAGE_ID"> per forecast
// package, in package id order; a package that passes a rule carries one <failure>
// whose message names the rules and whose text has a line per rule ("waste>100: waste
// is 1240.00 USD", then the recommendation). No timestamps: the same result gives the
// same bytes.
func WriteJUnit(w io.Writer, res *Result, prec int32) error {
	fs := make([]*Forecast, len(res.Forecasts))
	for i := range res.Forecasts {
		fs[i] = &res.Forecasts[i]
	}
	sortByID(fs)
	set := junitSet{Name: JUnitSuite, Tests: len(fs)}
	for _, f := range fs {
		tc := junitCase{ClassName: f.Product, Name: f.PackageID}
		if len(f.Alerts) > 0 {
			set.Failures++
			tc.Failure = failureOf(f, prec)
		}
		set.Cases = append(set.Cases, tc)
	}
	doc := junitSuites{Name: JUnitSuite, Tests: set.Tests, Failures: set.Failures, Suites: []junitSet{set}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func failureOf(f *Forecast, prec int32) *junitFailure {
	var b strings.Builder
	rules := make([]string, len(f.Alerts))
	for i, a := range f.Alerts {
		rules[i] = a.Rule.Text
		fmt.Fprintf(&b, "%s: %s is %s\n", a.Rule.Text, a.Rule.Metric, AlertValue(f, a, prec))
	}
	b.WriteString(f.Recommendation + "\n")
	n := len(f.Alerts)
	msg := fmt.Sprintf("%d alert", n)
	if n != 1 {
		msg += "s"
	}
	return &junitFailure{Message: msg + ": " + strings.Join(rules, ", "), Type: f.Alerts[0].Rule.Metric, Text: b.String()}
}

// AlertValue prints an alert's value: money with its currency, a percentage with "%",
// days with "days".
func AlertValue(f *Forecast, a Alert, prec int32) string {
	switch a.Rule.Metric {
	case MetricUtilization:
		return a.Value.String() + "%"
	case MetricDaysLeft:
		return a.Value.String() + " days"
	}
	return a.Value.StringFixed(prec) + " " + f.Currency
}
