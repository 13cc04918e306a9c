package report

import (
	"testing"

	"github.com/salvage-archive/salvage/policy"
)

func TestProblemAndLevel(t *testing.T) {
	tests := []struct {
		class   policy.LinkClass
		problem bool
		level   string
	}{
		{"ok", false, ""},
		{"redirected", false, ""},
		{"not-checked", false, ""},
		{"stream", false, ""},
		{"not-found", true, "error"},
		{"server-error", true, "error"},
		{"unreachable", true, "error"},
		{"refused", true, "error"},
		{"empty-reply", true, "error"},
		{"tls-error", true, "error"},
		{"timeout", true, "error"},
		{"soft-404", true, "error"},
		{"malformed", true, "error"},
		{"blocked-private", true, "error"},
		{"login-wall", true, "warning"},
		{"bot-blocked", true, "warning"},
		{"robots-excluded", true, "warning"},
		{"some-future-class", true, "error"},
	}
	for _, tt := range tests {
		if got := tt.class.Problem(); got != tt.problem {
			t.Errorf("%s.Problem() = %v, want %v", tt.class, got, tt.problem)
		}
		if tt.problem {
			if got := sarifLevel(tt.class); got != tt.level {
				t.Errorf("sarifLevel(%s) = %s, want %s", tt.class, got, tt.level)
			}
		}
	}
}

func TestEveryClassDescribed(t *testing.T) {
	unknown := describe("some-future-class")
	seen := make(map[string]bool)
	for _, c := range policy.LinkClasses() {
		d := describe(c)
		if d == unknown || seen[d] {
			t.Errorf("class %q has no description of its own", c)
		}
		seen[d] = true
	}
}

func TestCountClassesOrder(t *testing.T) {
	r := fixtureReport()
	got := countClasses(r)
	for i := 1; i < len(got); i++ {
		if classRank(got[i-1].Class) >= classRank(got[i].Class) {
			t.Errorf("classes out of taxonomy order: %v", got)
		}
	}
	r.Counts = nil
	if fromLinks := countClasses(r); len(fromLinks) != len(got) {
		t.Errorf("counting links gave %v, counts gave %v", fromLinks, got)
	}
}
