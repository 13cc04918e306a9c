package crawler

import (
	"fmt"
	"slices"
	"strings"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// RuleTooManyRedirects is the Rule of a redirect target refused because
// the chain that led to it is longer than Config.MaxRedirects.
const RuleTooManyRedirects = "too-many-redirects"

// redirectsInRow is how many redirects in a row end a hop path: each hop
// of a chain is its own frontier item, and the chain's length travels in
// its hop path's trailing Rs.
func redirectsInRow(hopPath string) int {
	return len(hopPath) - len(strings.TrimRight(hopPath, string(policy.HopRedirect)))
}

// chainStart is where the redirect chain that reaches a target found on
// from starts: from itself unless from was reached by a redirect.
func chainStart(from Item) string {
	if !strings.HasSuffix(from.HopPath, string(policy.HopRedirect)) {
		return from.URL
	}
	if from.ChainStart != "" {
		return from.ChainStart
	}
	return from.Via // queued before chains were tracked: the hop before it
}

// refuseLongChain refuses a redirect target one redirect beyond
// MaxRedirects, naming the start of its chain; false when it is within.
// A loop whose URLs change at every turn ends here too (one whose URLs
// repeat ends at the frontier, which queues a URL once).
func (cr *Crawler) refuseLongChain(it Item) bool {
	if redirectsInRow(it.HopPath) <= cr.cfg.MaxRedirects {
		return false
	}
	cr.refuseWith(it, Event{Status: StatusTooManyHops, Rule: RuleTooManyRedirects, Failure: policy.ErrTooManyRedirects,
		Reason: fmt.Sprintf("more than %d redirects in a row from %s (--max-redirects)", cr.cfg.MaxRedirects, it.ChainStart)})
	return true
}

// withoutTarget drops a redirect's body links to its own target ("Found.
// Redirecting to <a href=TARGET>", as net/http and most servers write): the
// target is queued once, as the R hop it is, so the chain's count holds.
func withoutTarget(links []extract.Link, target string) []extract.Link {
	t, err := policy.Canonicalize(target, nil)
	if err != nil {
		return links
	}
	key := policy.CanonicalString(t)
	return slices.DeleteFunc(links, func(l extract.Link) bool {
		u, err := policy.Canonicalize(l.URL, nil)
		return err == nil && policy.CanonicalString(u) == key
	})
}
