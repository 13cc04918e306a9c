package changes

import (
	"slices"
	"strings"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
)

// CompareLinks compares the link targets of two link reports: the links
// that worked (ok, redirected) and are now a problem, the targets no page
// links to any more, and the new ones. Each list is sorted by URL.
func CompareLinks(prev, cur *verify.Report) LinkRot {
	rot := LinkRot{Broken: []Link{}, Disappeared: []string{}, Appeared: []string{}}
	k := newKeyer(linkURLs(prev), linkURLs(cur))
	before, now := k.linked(prev), k.linked(cur)
	for _, l := range cur.Links {
		old := before[k.key(l.URL)]
		if old != nil && policy.LinkRegressed(old.Class, l.Class) {
			rot.Broken = append(rot.Broken, Link{URL: l.URL, Before: old.Class, After: l.Class, Status: l.Status, Evidence: l.Evidence, Pages: pagesOf(l.Appearances)})
		}
		if len(l.Appearances) > 0 && (old == nil || len(old.Appearances) == 0) {
			rot.Appeared = append(rot.Appeared, l.URL)
		}
	}
	for _, l := range prev.Links {
		if n := now[k.key(l.URL)]; len(l.Appearances) > 0 && (n == nil || len(n.Appearances) == 0) {
			rot.Disappeared = append(rot.Disappeared, l.URL)
		}
	}
	slices.SortFunc(rot.Broken, func(a, b Link) int { return strings.Compare(a.URL, b.URL) })
	slices.Sort(rot.Disappeared)
	slices.Sort(rot.Appeared)
	return rot
}

// ClosedFeeds is the feeds (by platform and URL) that were live and are now
// closed, sorted by URL.
func ClosedFeeds(prev, cur *verify.Report) []Feed {
	type id struct{ platform, url string }
	k := newKeyer()
	before := map[id]policy.FeedState{}
	for _, f := range prev.Feeds {
		before[id{f.Platform, k.key(f.URL)}] = f.State
	}
	out := []Feed{}
	for _, f := range cur.Feeds {
		if old, ok := before[id{f.Platform, k.key(f.URL)}]; ok && policy.FeedWasClosed(old, f.State) {
			out = append(out, Feed{Platform: f.Platform, Kind: f.Kind, URL: f.URL, Before: old, After: f.State, Evidence: orEmpty(f.Evidence), Pages: orEmpty(f.Pages)})
		}
	}
	slices.SortFunc(out, func(a, b Feed) int { return strings.Compare(a.URL, b.URL) })
	return out
}

// pagesOf is the distinct pages of appearances, in the order found.
func pagesOf(apps []verify.Appearance) []string {
	pages := []string{}
	for _, a := range apps {
		if !slices.Contains(pages, a.Page) {
			pages = append(pages, a.Page)
		}
	}
	return pages
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
