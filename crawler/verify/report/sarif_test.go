package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/salvage-archive/salvage/policy"
)

func TestSARIF(t *testing.T) {
	r := fixtureReport()
	var buf bytes.Buffer
	if err := Write(&buf, SARIF, r); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if log.Version != "2.1.0" || log.Schema != sarifSchema || len(log.Runs) != 1 {
		t.Fatalf("version %q, schema %q, %d runs", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "salvage" {
		t.Errorf("driver = %q", run.Tool.Driver.Name)
	}
	for _, rule := range run.Tool.Driver.Rules {
		if !policy.LinkClass(rule.ID).Problem() || rule.ShortDescription.Text == "" {
			t.Errorf("rule %+v", rule)
		}
	}
	problems := slices.DeleteFunc(policy.LinkClasses(), func(c policy.LinkClass) bool { return !c.Problem() })
	if len(run.Tool.Driver.Rules) != len(problems) {
		t.Errorf("%d rules, want one per problem class (%d)", len(run.Tool.Driver.Rules), len(problems))
	}
	checkSARIFResults(t, run)
}

func checkSARIFResults(t *testing.T, run sarifRun) {
	t.Helper()
	want := map[[2]string]string{ // (link, page) -> level
		{"https://example.org/en/gone", "https://example.org/en"}:                "error",
		{"https://example.org/en/gone", "https://example.org/en/news"}:           "error", // twice on the page, one result
		{"https://example.org/en/removed", "https://example.org/en/news"}:        "error",
		{"https://other.example/ünïcode?q=" + lineSep, "https://example.org/en"}: "error",
		{"http://bad host/", "javascript:alert(1)"}:                              "error",
		{"https://social.example/page", "https://example.org/en"}:                "warning",
	}
	if len(run.Results) != len(want) {
		t.Errorf("%d results, want %d", len(run.Results), len(want))
	}
	for _, res := range run.Results {
		loc := res.Locations[0]
		key := [2]string{loc.LogicalLocations[0].FullyQualifiedName, loc.PhysicalLocation.ArtifactLocation.URI}
		level, ok := want[key]
		if !ok || res.Level != level {
			t.Errorf("result %v level %q, want present with %q", key, res.Level, level)
		}
		if rules := run.Tool.Driver.Rules; res.RuleIndex < 0 || rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %v: ruleIndex %d does not point at %s", key, res.RuleIndex, res.RuleID)
		}
		if res.Message.Text == "" {
			t.Errorf("result %v has no message", key)
		}
		delete(want, key)
	}
	if len(want) > 0 {
		t.Errorf("missing results %v", want)
	}
}
