package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/salvage-archive/salvage/crawler/verify"
)

// The JUnit XML shapes, as Jenkins, GitLab and GitHub test reporters read them.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name      string      `xml:"name,attr"`
		Tests     int         `xml:"tests,attr"`
		Failures  int         `xml:"failures,attr"`
		Errors    int         `xml:"errors,attr"`
		Skipped   int         `xml:"skipped,attr"`
		Timestamp string      `xml:"timestamp,attr,omitempty"`
		Cases     []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		ClassName string        `xml:"classname,attr"`
		Time      string        `xml:"time,attr"`
		Failure   *junitFailure `xml:"failure"`
		Skipped   *junitSkipped `xml:"skipped"`
	}
	junitFailure struct {
		Type    string `xml:"type,attr"`
		Message string `xml:"message,attr"`
		Body    string `xml:",chardata"`
	}
	junitSkipped struct {
		Message string `xml:"message,attr"`
	}
)

// writeJUnit writes one testsuite "salvage links" with a testcase per link;
// problem links fail with the class as type and the evidence as message,
// links that were not checked are skipped.
func writeJUnit(w io.Writer, r *verify.Report) error {
	suite := junitSuite{Name: "salvage links", Timestamp: formatTime(r.Generated)}
	for _, l := range r.Links {
		tc := junitTestCase(l)
		suite.Cases = append(suite.Cases, tc)
		suite.Tests++
		if tc.Failure != nil {
			suite.Failures++
		}
		if tc.Skipped != nil {
			suite.Skipped++
		}
	}
	doc := junitSuites{Name: "salvage", Tests: suite.Tests, Failures: suite.Failures,
		Skipped: suite.Skipped, Suites: []junitSuite{suite}}
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

func junitTestCase(l verify.Link) junitCase {
	tc := junitCase{Name: l.URL, ClassName: hostOf(l.URL),
		Time: strconv.FormatFloat(float64(l.DurationMS)/1000, 'f', 3, 64)}
	switch {
	case l.Class.Problem():
		tc.Failure = &junitFailure{Type: string(l.Class), Message: evidenceOrClass(l), Body: failureBody(l)}
	case l.Class == "not-checked":
		tc.Skipped = &junitSkipped{Message: evidenceOrClass(l)}
	}
	return tc
}

// failureBody tells a CI reader what was seen and where the link is.
func failureBody(l verify.Link) string {
	var b strings.Builder
	fmt.Fprintf(&b, "class: %s\n", l.Class)
	if l.Status != 0 {
		fmt.Fprintf(&b, "status: %d\n", l.Status)
	}
	for _, h := range l.Chain {
		fmt.Fprintf(&b, "hop: %d %s\n", h.Status, h.URL)
	}
	if l.Evidence != "" {
		fmt.Fprintf(&b, "evidence: %s\n", l.Evidence)
	}
	for _, a := range l.Appearances {
		fmt.Fprintf(&b, "on: %s (%s)\n", a.Page, a.Element)
	}
	if l.Captured != nil {
		fmt.Fprintf(&b, "archived: %s in %s at %d\n", formatTime(l.Captured.Date), l.Captured.File, l.Captured.Offset)
	}
	return b.String()
}

// evidenceOrClass is a one-line message for a link: its evidence, or its
// class when there is none.
func evidenceOrClass(l verify.Link) string {
	if l.Evidence != "" {
		return l.Evidence
	}
	return string(l.Class)
}

// hostOf returns the host of a URL, or "(none)" when it has none, as verify counts it.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(none)"
	}
	return u.Host
}
