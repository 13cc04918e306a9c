package crawler

import (
	"net/url"
	"strings"
	"sync"

	"github.com/salvage-archive/salvage/policy"
)

// learnedSessions folds session parameters nobody listed: a page whose
// links to several paths carry the same token-shaped value of one query
// parameter (policy.LearnSessionParams) teaches its host that parameter.
// From then on the host's links are deduplicated without it, as the listed
// ones are. Learned again from the first such page after a resume.
type learnedSessions struct {
	base   policy.SessionRules
	mu     sync.Mutex
	byHost map[string]hostSessions
}

type hostSessions struct {
	names map[string]bool
	rules policy.SessionRules
}

func newLearnedSessions(base policy.SessionRules) *learnedSessions {
	return &learnedSessions{base: base, byHost: map[string]hostSessions{}}
}

// learn reads a page's links and returns the parameters it newly learned.
func (ls *learnedSessions) learn(page *url.URL, links []*url.URL) []string {
	var same []*url.URL
	for _, u := range links {
		if u.Host == page.Host && u.RawQuery != "" {
			same = append(same, u)
		}
	}
	names := policy.LearnSessionParams(same)
	if len(names) == 0 {
		return nil
	}
	ls.mu.Lock()
	defer ls.mu.Unlock()
	hs := ls.byHost[page.Host]
	if hs.names == nil {
		hs.names = map[string]bool{}
	}
	var added []string
	for _, n := range names {
		if !hs.names[n] {
			hs.names[n] = true
			added = append(added, n)
		}
	}
	if len(added) > 0 {
		all := make([]string, 0, len(hs.names))
		for n := range hs.names {
			all = append(all, n)
		}
		hs.rules = ls.base.WithLearned(all)
		ls.byHost[page.Host] = hs
	}
	return added
}

// seenKey is u's seen key with its host's listed and learned parameters folded.
func (ls *learnedSessions) seenKey(u *url.URL) (key, rule string) {
	ls.mu.Lock()
	hs, ok := ls.byHost[u.Host]
	ls.mu.Unlock()
	if !ok {
		return ls.base.SeenKey(u)
	}
	return hs.rules.SeenKey(u)
}

// queryLinks parses the links of a page whose query could carry a session
// id (a run of token characters as long as policy.IsToken asks), for
// learning: the page's other links are not canonicalized a second time.
func queryLinks(raws []string) []*url.URL {
	var out []*url.URL
	for _, raw := range raws {
		_, q, ok := strings.Cut(raw, "?")
		if !ok || !hasTokenRun(q) {
			continue
		}
		if u, err := policy.Canonicalize(raw, nil); err == nil {
			out = append(out, u)
		}
	}
	return out
}

// hasTokenRun reports a run of 16 or more letters, digits, '-' or '_'.
func hasTokenRun(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' {
			if run++; run >= 16 {
				return true
			}
			continue
		}
		run = 0
	}
	return false
}
