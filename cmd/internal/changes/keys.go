package changes

import (
	"net/url"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
)

// keyer names URLs for the comparison: canonical, with session ids folded
// out (policy.DefaultSessionParams and the parameters learned from both
// crawls' URLs, as the crawl's frontier folds them), so that a page a
// session maze serves under a new id in every crawl is one URL, not one
// orphaned and one new.
type keyer struct{ rules policy.SessionRules }

// newKeyer learns the session parameters of the URLs in lists.
func newKeyer(lists ...[]string) keyer {
	var us []*url.URL
	for _, l := range lists {
		for _, raw := range l {
			if u, err := url.Parse(raw); err == nil {
				us = append(us, u)
			}
		}
	}
	rules := policy.NewSessionRules(policy.DefaultSessionParams).WithLearned(policy.LearnSessionParams(us))
	return keyer{rules: rules}
}

// key is raw's canonical form without session ids; raw as written when it
// does not parse.
func (k keyer) key(raw string) string {
	u, err := policy.Canonicalize(raw, nil)
	if err != nil {
		return raw
	}
	s, _ := k.rules.SeenKey(u)
	return s
}

// fold maps captures by key; of two URLs with one key the later capture
// wins, and urls keeps which URL it was.
func (k keyer) fold(caps map[string]*Capture, urls map[string]string) map[string]*Capture {
	out := make(map[string]*Capture, len(caps))
	for u, c := range caps {
		kk := k.key(u)
		if old, ok := out[kk]; ok && (old.Date.After(c.Date) || old.Date.Equal(c.Date) && urls[kk] < u) {
			continue
		}
		out[kk] = c
		urls[kk] = u
	}
	return out
}

// linked maps a link report's targets by key; nil without a report.
func (k keyer) linked(rep *verify.Report) map[string]*verify.Link {
	if rep == nil {
		return nil
	}
	m := make(map[string]*verify.Link, len(rep.Links))
	for i := range rep.Links {
		m[k.key(rep.Links[i].URL)] = &rep.Links[i]
	}
	return m
}

func captureURLs(s *Source) []string {
	out := make([]string, 0, len(s.Captures))
	for u := range s.Captures {
		out = append(out, u)
	}
	return out
}

func linkURLs(rep *verify.Report) []string {
	if rep == nil {
		return nil
	}
	out := make([]string, 0, len(rep.Links))
	for _, l := range rep.Links {
		out = append(out, l.URL)
	}
	return out
}
