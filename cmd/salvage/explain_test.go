package main

import (
	"context"
	"strings"
	"testing"
)

func TestExplain(t *testing.T) {
	t.Parallel()
	cases := []struct {
		url, hops string
		want      []string
	}{
		{"https://MINUSMA.unmissions.org:443/en/../fr/#x", "L", []string{"https://minusma.unmissions.org/fr/", "org,unmissions,minusma)/fr", "scope:domain"}},
		{"https://mikadofm.minusma.unmissions.org:8001/feed1", "L", []string{"scope:domain"}},
		{"https://twitter.com/un_minusma", "L", []string{"offsite"}},
		{"https://platform.twitter.com/widgets.js", "E", []string{"transclusion"}},
		{"https://minusma.unmissions.org/en/a/a/a/a/a", "L", []string{"trap:repeated-segment"}},
		{"https://minusma.unmissions.org/en/subscribe?sid=3f2a9c1e8b7d4e6fa1b2c3d4e5f60718&list=2", "L",
			[]string{"seen key: https://minusma.unmissions.org/en/subscribe?list=2 (session:sid)", "family:   minusma.unmissions.org/en/subscribe?list&sid"}},
		{"https://minusma.unmissions.org/en/calendar/1994-06", "L", []string{"trap:calendar", "year 1994"}},
	}
	for _, tc := range cases {
		res := salvage(context.Background(), "explain", "--seed", minusmaSeed, "--hops", tc.hops, tc.url)
		if res.code != 0 {
			t.Fatalf("%s: exit %d %s", tc.url, res.code, res.stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(res.stdout, w) {
				t.Errorf("explain %s:\n%s\ndoes not say %q", tc.url, res.stdout, w)
			}
		}
	}
}
