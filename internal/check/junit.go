package check

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// JUnitSuite is the name of the one test suite WriteJUnit writes.
const JUnitSuite = "pkgctl check"

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
//
// It is written a test case at a time: a failing package's text is made when its case
// is written, never every package's at once.
func WriteJUnit(w io.Writer, res Result) error {
	failures := 0
	for _, p := range res.Packages {
		if !p.Passed() {
			failures++
		}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	suites := element("testsuites", "name", JUnitSuite, "tests", len(res.Packages), "failures", failures)
	suite := element("testsuite", "name", JUnitSuite, "tests", len(res.Packages), "failures", failures,
		"errors", 0, "skipped", 0)
	for _, t := range []xml.Token{suites, suite} {
		if err := enc.EncodeToken(t); err != nil {
			return err
		}
	}
	testcase := xml.StartElement{Name: xml.Name{Local: "testcase"}}
	for _, p := range res.Packages {
		tc := junitCase{ClassName: p.Product, Name: p.PackageID}
		if tc.ClassName == "" {
			tc.ClassName = "unknown"
		}
		if !p.Passed() {
			tc.Failure = failureOf(res, p)
		}
		if err := enc.EncodeElement(tc, testcase); err != nil {
			return err
		}
	}
	for _, t := range []xml.Token{suite.End(), suites.End()} {
		if err := enc.EncodeToken(t); err != nil {
			return err
		}
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// element is the start of an element named name with the attributes named and valued
// in pairs.
func element(name string, attrs ...any) xml.StartElement {
	e := xml.StartElement{Name: xml.Name{Local: name}}
	for i := 0; i < len(attrs); i += 2 {
		e.Attr = append(e.Attr, xml.Attr{Name: xml.Name{Local: attrs[i].(string)}, Value: fmt.Sprint(attrs[i+1])})
	}
	return e
}

func failureOf(res Result, p PackageResult) *junitFailure {
	var b strings.Builder
	codes := []string{}
	seen := map[string]bool{}
	for i := range p.Differences {
		d := res.Difference(p.First + i)
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
	n := p.Differences
	msg := fmt.Sprintf("%d difference", n)
	if n != 1 {
		msg += "s"
	}
	return &junitFailure{Message: msg + ": " + strings.Join(codes, ", "), Type: codes[0], Text: b.String()}
}
