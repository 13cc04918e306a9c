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
