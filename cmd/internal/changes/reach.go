package changes

import (
	"net/url"

	"github.com/salvage-archive/salvage/crawler/verify"
)

// reachable are the keys of the URLs a crawl reached through links from its
// seeds (and robots.txt, which names the sitemaps): from each page to the
// links on it, and from a redirecting URL to the hops of its chain. A page
// that only an earlier crawl's frontier brought back, and the pages only it
// links (itself included: a page's language switcher or canonical link
// names the page), are not reached: they are orphaned. Nil without a
// report, or for one that names no seeds (written by another tool).
func (k keyer) reachable(rep *verify.Report) map[string]bool {
	if rep == nil || len(rep.Seeds) == 0 {
		return nil
	}
	out := map[string]bool{}
	next := k.outlinks(rep)
	var queue []string
	visit := func(kk string) {
		if !out[kk] {
			out[kk] = true
			queue = append(queue, kk)
		}
	}
	for _, s := range rep.Seeds {
		visit(k.key(s))
	}
	for _, l := range rep.Links {
		if isRobotsTxt(l.URL) {
			visit(k.key(l.URL))
		}
	}
	for len(queue) > 0 {
		kk := queue[0]
		queue = queue[1:]
		for _, to := range next[kk] {
			visit(to)
		}
	}
	return out
}

// outlinks maps each page's key to the keys it leads to: its links, and
// for a redirecting link, the hops of its chain.
func (k keyer) outlinks(rep *verify.Report) map[string][]string {
	next := map[string][]string{}
	for _, l := range rep.Links {
		to := k.key(l.URL)
		for _, a := range l.Appearances {
			from := k.key(a.Page)
			next[from] = append(next[from], to)
		}
		for _, h := range l.Chain {
			if h.Location != "" {
				next[k.key(h.URL)] = append(next[k.key(h.URL)], k.key(resolve(h.URL, h.Location)))
			}
		}
		if l.FinalURL != "" {
			next[to] = append(next[to], k.key(l.FinalURL))
		}
	}
	return next
}

// isRobotsTxt: u is a site's /robots.txt.
func isRobotsTxt(u string) bool {
	p, err := url.Parse(u)
	return err == nil && p.Path == "/robots.txt"
}
