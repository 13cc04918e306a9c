package policy

import (
	"strings"
	"testing"
)

func TestExplain(t *testing.T) {
	s := newTestScope(t, nil)
	got := s.Explain(Candidate{
		URL:     mustParse(t, "HTTPS://platform.twitter.com:443/widgets.js#x"),
		HopPath: "LE",
		Via:     mustParse(t, minusmaHome),
	})
	want := `url:      https://platform.twitter.com/widgets.js
surt:     com,twitter,platform)/widgets.js
seen key: https://platform.twitter.com/widgets.js (no session parameter)
family:   platform.twitter.com/widgets.js
hop path: LE (1 link hops, 1 trailing embed hops)
via:      https://minusma.unmissions.org/en
robots:   not known (give --out with the crawl's folder, or --check-robots)
decision: allowed
rule:     transclusion
reason:   off-site requisite 1 embed hop(s) from an in-scope url (limit 1)`
	if got != want {
		t.Errorf("Explain =\n%s\nwant\n%s", got, want)
	}
	refused := s.Explain(Candidate{URL: mustParse(t, "http://www.un.org/"), HopPath: "L"})
	for _, line := range []string{"decision: refused", "rule:     offsite", "surt:     org,un)/"} {
		if !strings.Contains(refused, line) {
			t.Errorf("Explain missing %q:\n%s", line, refused)
		}
	}
	if seed := s.Explain(Candidate{URL: mustParse(t, minusmaHome)}); !strings.Contains(seed, "hop path: - (seed)") {
		t.Errorf("seed explain:\n%s", seed)
	}
	if none := s.Explain(Candidate{HopPath: "L"}); !strings.Contains(none, "url:      (none)") {
		t.Errorf("nil url explain:\n%s", none)
	}
}

func TestExplainRobots(t *testing.T) {
	s := newTestScope(t, nil)
	rules := ParseRobots(200, []byte("User-agent: *\nDisallow: /user/login\nAllow: /user/login/help\n"))
	facts := &RobotsFacts{Rules: rules, UserAgent: "salvage/1.0", Source: "from the crawl's state"}
	cases := []struct {
		url   string
		facts *RobotsFacts
		want  []string
	}{
		{"https://minusma.unmissions.org/user/login", facts, []string{"robots:   disallows it (Disallow: /user/login) for salvage/1.0; from the crawl's state",
			"decision: refused", "rule:     robots", "reason:   disallowed by robots.txt (Disallow: /user/login)"}},
		{"https://minusma.unmissions.org/user/login/help", facts, []string{"allows it (Allow: /user/login/help)", "decision: allowed"}},
		{minusmaHome, facts, []string{"allows it (no rule matches)", "decision: allowed"}},
		{"http://www.un.org/user/login", facts, []string{"disallows it", "rule:     offsite"}},
		{minusmaHome, &RobotsFacts{Rules: ParseRobots(503, nil), Source: "fetched now"},
			[]string{"unavailable: robots.txt answered 503", "rule:     robots-unavailable"}},
		{"https://minusma.unmissions.org/user/login", &RobotsFacts{Ignored: true}, []string{"ignored", "decision: allowed"}},
	}
	for _, tc := range cases {
		got := s.ExplainRobots(Candidate{URL: mustParse(t, tc.url), HopPath: "L"}, tc.facts)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: explain lacks %q:\n%s", tc.url, w, got)
			}
		}
	}
}
