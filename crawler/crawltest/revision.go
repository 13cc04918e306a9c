package crawltest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// The site a month later (Config.Version 2): what a records office finds
// when it comes back to archive the site again. The revision is data, applied
// to the page tables' indexes when the site is built, so the router, the
// layout's listings, the translations and the manifest all follow it.
// Everything whose bytes differ from the first version (the revised pages,
// and the section pages whose listings changed) carries the revision's
// Last-Modified, as Drupal's page cache would, so conditional requests get
// 304 only for what did not change.

// LatestVersion is the newest Config.Version.
const LatestVersion = 2

// revision is one version's changes to the site before it.
type revision struct {
	Date     time.Time         // Last-Modified of everything that changed
	Edited   []string          // pages whose text was revised (a paragraph added)
	Removed  []string          // pages deleted: 404, listed nowhere
	Moved    map[string]string // old path -> new path: the old answers 301, listings and translations link the new
	Unlinked []string          // pages still served unchanged, listed nowhere
	Added    []pageSpec        // new pages, listed on their Parent
	Replaced []string          // files replaced by a new edition at the same URL
}

// monthLater is version 2. Its pages are undated (news listings, the
// calendars, the facets and the feed, which list dated pages, are untouched)
// and linked only by their section's listing, so a removed or unlinked page
// is reachable from nowhere but an earlier crawl.
var monthLater = revision{
	Date:     seedModified.AddDate(0, 1, 0), // a month after the seed was captured
	Edited:   []string{"/en/procurement", "/en/police"},
	Removed:  []string{"/en/archives-2015"},
	Moved:    map[string]string{"/en/jobs": "/en/careers"},
	Unlinked: []string{"/en/archives-2016"},
	Added: []pageSpec{
		{Path: "/en/archives-2024", Title: "Archives 2024", Parent: "/en/bimonthly-bulletin"},
		{Path: "/en/liquidation", Title: "Liquidation of MINUSMA", Parent: "/en/about-minusma", Body: liquidationBody},
	},
	Replaced: []string{"/sites/default/files/s_2023_236-en.pdf"},
}

const liquidationBody = `<p>The liquidation team completes the mission's administrative closure from Bamako and Entebbe.</p>`

// revisionFor returns the revision a version applies, nil for the first.
func revisionFor(version int) *revision {
	if version >= 2 {
		return &monthLater
	}
	return nil
}

// apply revises s's indexes (built from the first version's tables).
func (rv *revision) apply(s *site) {
	next := len(s.nid)
	for i := range rv.Added {
		p := rv.Added[i]
		s.addPage(&p, 117000+next+i)
	}
	for _, p := range rv.Edited {
		if pg := s.byHref(p); pg != nil {
			pg.Body += `<p class="revision">Updated on ` + rv.Date.Format("2 January 2006") + `.</p>`
		}
	}
	for _, p := range rv.Removed {
		s.dropPage(p)
	}
	for _, p := range rv.Unlinked {
		s.unlist(p)
	}
	for from, to := range rv.Moved {
		s.movePage(from, to)
	}
	s.seed = rv.reviseMenu(s.seed)
}

// reviseMenu edits the seed homepage's menu as Drupal does when pages go:
// a removed or unlinked page's entry is deleted, a moved page's links
// point to its new path.
func (rv *revision) reviseMenu(seed []byte) []byte {
	for _, p := range slices.Concat(rv.Removed, rv.Unlinked) {
		entry := regexp.MustCompile(`<li[^>]*><a href="` + regexp.QuoteMeta(p) + `"[^>]*>[^<]*</a></li>`)
		seed = entry.ReplaceAll(seed, nil)
	}
	for from, to := range rv.Moved {
		seed = bytes.ReplaceAll(seed, []byte(`href="`+from+`"`), []byte(`href="`+to+`"`))
	}
	return seed
}

// replaces reports whether the file at decoded path p has a new edition.
func (rv *revision) replaces(p string) bool {
	return rv != nil && slices.ContainsFunc(rv.Replaced, func(r string) bool {
		key, _ := url.PathUnescape(r)
		return key == p
	})
}

// pagePaths maps the first version's linked page paths to this one's.
func (rv *revision) pagePaths(paths []string) []string {
	if rv == nil {
		return paths
	}
	var out []string
	for _, p := range paths {
		switch {
		case slices.Contains(rv.Removed, p), slices.Contains(rv.Unlinked, p):
		case rv.Moved[p] != "":
			out = append(out, rv.Moved[p])
		default:
			out = append(out, p)
		}
	}
	for _, p := range rv.Added {
		out = append(out, p.Path)
	}
	return out
}

// unlinked are the pages served but linked from nowhere.
func (rv *revision) unlinked() []string {
	if rv == nil {
		return nil
	}
	return rv.Unlinked
}

// addPage indexes a page with node id nid.
func (s *site) addPage(p *pageSpec, nid int) {
	key, _ := url.PathUnescape(p.Path)
	s.pages[key] = p
	s.nid[p] = nid
	if p.Parent != "" {
		s.children[p.Parent] = append(s.children[p.Parent], p)
	}
}

// dropPage deletes a page: it answers 404 and is listed nowhere.
func (s *site) dropPage(path string) {
	s.unlist(path)
	key, _ := url.PathUnescape(path)
	delete(s.pages, key)
}

// unlist takes a page out of its section's listing.
func (s *site) unlist(path string) {
	pg := s.byHref(path)
	if pg == nil {
		return
	}
	s.children[pg.Parent] = slices.DeleteFunc(s.children[pg.Parent], func(c *pageSpec) bool { return c == pg })
}

// movePage serves the page at to, with a 301 from from; its translation
// follows it.
func (s *site) movePage(from, to string) {
	pg := s.byHref(from)
	if pg == nil {
		return
	}
	oldKey, _ := url.PathUnescape(from)
	newKey, _ := url.PathUnescape(to)
	delete(s.pages, oldKey)
	pg.Path = to
	s.pages[newKey] = pg
	s.redirect[oldKey] = redirectSpec{From: from, To: to, Status: http.StatusMovedPermanently}
	if twin, ok := s.twinOf[from]; ok {
		delete(s.twinOf, from)
		s.twinOf[to] = twin
		if fr := s.byHref(twin); fr != nil {
			fr.Twin = to
		}
	}
}

// stamp gives resp the revision's Last-Modified when its bytes differ from
// the first version's answer to r.
func (s *site) stamp(resp response, r *http.Request) response {
	if s.before == nil || resp.status != http.StatusOK || resp.modified.IsZero() {
		return resp
	}
	old := s.before.route(r)
	if old.status != resp.status || !bytes.Equal(old.body, resp.body) {
		resp.modified = s.revision.Date
	}
	return resp
}

// revisedPDF is the new edition of the document at decoded path p.
func revisedPDF(p string) []byte {
	doc := documentPDF(p)
	doc.Title += " (revised edition)"
	doc.Lines = append(doc.Lines, "Revised edition, "+monthLater.Date.Format("January 2006")+".")
	return pdfBytes(doc)
}

// Changes is the replica's own list of what changed between versions from
// and to (Config.Version; 0 is 1) of the site, for every page, file and PDF
// a complete crawl of either finds: each URL's policy.ChangeKind, from the
// responses themselves (status and bytes, asked without gzip). A page the
// later version still serves but links from nowhere is orphaned, and so
// are the files only it embeds (no link from the seeds reaches them). The
// session mazes and the trap families are left out: their pages
// differ on every view.
func Changes(cfg Config, from, to int) (map[string]policy.ChangeKind, error) {
	before, after := cfg, cfg
	before.Version, after.Version = from, to
	before.MediaThrottle, after.MediaThrottle = -1, -1
	a, err := New(before)
	if err != nil {
		return nil, err
	}
	b, err := New(after)
	if err != nil {
		return nil, err
	}
	ma, mb := a.Manifest(), b.Manifest()
	out := map[string]policy.ChangeKind{}
	for _, u := range crawled(mb) {
		out[u] = policy.ChangeNew
	}
	for _, u := range crawled(ma) {
		out[u] = compare(a.site, b.site, u)
	}
	for _, u := range mb.Unlinked {
		if k := out[u]; k == policy.ChangeUnchanged || k == policy.ChangeChanged {
			out[u] = policy.ChangeOrphaned
		}
	}
	return out, nil
}

// crawled are the URLs of m a complete crawl fetches and compares.
func crawled(m Manifest) []string {
	return slices.Concat(m.Pages, m.Requisites, m.PDFs)
}

// compare classes one URL of the earlier version by both versions' answers.
func compare(a, b *site, u string) policy.ChangeKind {
	ra, rb := answer(a, u), answer(b, u)
	switch {
	case rb.status >= 300 && rb.status < 400:
		return policy.ChangeMoved
	case rb.status >= 400:
		return policy.ChangeGone
	case ra.status != rb.status || !bytes.Equal(ra.body, rb.body):
		return policy.ChangeChanged
	}
	return policy.ChangeUnchanged
}

// answer is s's response to a plain GET of u.
func answer(s *site, u string) response {
	req := httptest.NewRequest(http.MethodGet, u, nil)
	if hostOnly(req.Host) == mediaHost {
		return s.mediaRoute(req)
	}
	return s.route(req)
}
