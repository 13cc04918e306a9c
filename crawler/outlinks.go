package crawler

import (
	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// capOutlinks keeps at most max of a page's links (max <= 0: all): its
// embeds first, then its other links, each in document order; a redirect's
// Location and a sitemap's entries are not outlinks of a page and are
// always kept. It returns the kept links in their order and how many were
// dropped.
func capOutlinks(links []extract.Link, max int) ([]extract.Link, int) {
	if max <= 0 || len(links) <= max {
		return links, 0
	}
	keep := make([]bool, len(links))
	left := max
	for _, pass := range []func(policy.Hop) bool{isEmbed, isNavigation} {
		for i, l := range links {
			if left > 0 && pass(l.Hop) {
				keep[i] = true
				left--
			}
		}
	}
	var kept []extract.Link
	for i, l := range links {
		if keep[i] || !capped(l.Hop) {
			kept = append(kept, l)
		}
	}
	return kept, len(links) - len(kept)
}

// capped: a link of this hop type counts against the outlink cap.
func capped(h policy.Hop) bool { return h != policy.HopRedirect && h != policy.HopSitemap }

func isEmbed(h policy.Hop) bool { return h == policy.HopEmbed }

func isNavigation(h policy.Hop) bool { return capped(h) && !isEmbed(h) }
