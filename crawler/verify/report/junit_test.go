package report

import (
	"bytes"
	"encoding/xml"
	"testing"
)

func TestJUnit(t *testing.T) {
	r := fixtureReport()
	var buf bytes.Buffer
	if err := Write(&buf, JUnit, r); err != nil {
		t.Fatal(err)
	}
	var got junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("output is not XML: %v\n%s", err, buf.String())
	}
	if len(got.Suites) != 1 || got.Suites[0].Name != "salvage links" {
		t.Fatalf("suites = %+v, want one named salvage links", got.Suites)
	}
	suite := got.Suites[0]
	if suite.Tests != len(r.Links) || len(suite.Cases) != len(r.Links) {
		t.Errorf("%d tests, %d cases, want %d", suite.Tests, len(suite.Cases), len(r.Links))
	}
	failures := 0
	for i, tc := range suite.Cases {
		l := r.Links[i]
		if tc.Name != l.URL || tc.ClassName != hostOf(l.URL) {
			t.Errorf("case %d = %q/%q, want %q/%q", i, tc.ClassName, tc.Name, hostOf(l.URL), l.URL)
		}
		if (tc.Failure != nil) != l.Class.Problem() {
			t.Errorf("%s (%s): failure = %v", l.URL, l.Class, tc.Failure)
			continue
		}
		if tc.Failure != nil {
			failures++
			if tc.Failure.Type != string(l.Class) || tc.Failure.Message != evidenceOrClass(l) {
				t.Errorf("failure = %q %q, want %q %q", tc.Failure.Type, tc.Failure.Message, l.Class, l.Evidence)
			}
		}
		if (tc.Skipped != nil) != (l.Class == "not-checked") {
			t.Errorf("%s (%s): skipped = %v", l.URL, l.Class, tc.Skipped)
		}
	}
	if suite.Failures != failures || got.Failures != failures || failures != 5 {
		t.Errorf("failures: suite %d, total %d, cases %d, want 5", suite.Failures, got.Failures, failures)
	}
}
