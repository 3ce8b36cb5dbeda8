package check

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// JUnitSuite is the name of the one test suite WriteJUnit writes.
const JUnitSuite = "pkgctl check"

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

// WriteJUnit writes res as JUnit XML: one <testsuite name="pkgctl check"> with one
// <testcase classname="PRODUCT" name="PACKAGE_ID"> per package, in package id order;
// a failing package carries one <failure> listing its differences, one per line. A
// package missing from the packages file has classname "unknown". The failure text has one
// line per difference: "CODE [DATE BILL_TYPE]: message". No timestamps: the
// same result gives the same bytes.
func WriteJUnit(w io.Writer, res Result) error {
	set := junitSet{Name: JUnitSuite, Tests: len(res.Packages)}
	for _, p := range res.Packages {
		tc := junitCase{ClassName: p.Product, Name: p.PackageID}
		if tc.ClassName == "" {
			tc.ClassName = "unknown"
		}
		if !p.Passed() {
			set.Failures++
			tc.Failure = failureOf(p)
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

func failureOf(p PackageResult) *junitFailure {
	var b strings.Builder
	codes := []string{}
	seen := map[string]bool{}
	for _, d := range p.Differences {
		b.WriteString(d.Code)
		if !d.BillDate.IsZero() {
			fmt.Fprintf(&b, " %s %s", d.BillDate.Format("2006-01-02"), d.BillType)
		}
		fmt.Fprintf(&b, ": %s\n", d.Message)
		if !seen[d.Code] {
			seen[d.Code] = true
			codes = append(codes, d.Code)
		}
	}
	n := len(p.Differences)
	msg := fmt.Sprintf("%d difference", n)
	if n != 1 {
		msg += "s"
	}
	return &junitFailure{Message: msg + ": " + strings.Join(codes, ", "), Type: codes[0], Text: b.String()}
}
