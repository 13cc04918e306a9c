package crawltest

import (
	"fmt"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
)

// indexDocuments reads the site's own documents (the seed, every static
// page, one of each generated kind, a view of every session maze page, the
// trap families' examples, the 404 page and, through them, the
// stylesheets) and records the files and off-site URLs they reference, so
// the router serves exactly those files and the manifest lists them.
func (s *site) indexDocuments() error {
	for p, body := range s.sampleDocuments() {
		u, err := url.Parse(siteOrigin + p)
		if err != nil {
			return err
		}
		for _, r := range htmlRefs(body, u) {
			s.note(r)
		}
	}
	ext, err := url.Parse(pdfExternalLink)
	if err != nil {
		return err
	}
	s.note(ref{URL: ext})
	return s.indexUnlinked()
}

// indexUnlinked reads the pages a revision unlinked, after the others: the
// files only they reference are served, but not in the manifest (nothing
// a crawl from the seeds fetches links them).
func (s *site) indexUnlinked() error {
	all := func(string) bool { return true }
	known := map[string]bool{}
	for _, u := range s.assets.urls(all) {
		known[u] = true
	}
	for _, p := range s.revision.unlinked() {
		pg := s.byHref(p)
		u, err := url.Parse(siteOrigin + p)
		if pg == nil || err != nil {
			return fmt.Errorf("unlinked page %s: not a page", p)
		}
		for _, r := range htmlRefs(s.renderPage(pg), u) {
			s.note(r)
		}
	}
	s.unlinkedFiles = map[string]bool{}
	for _, u := range s.assets.urls(all) {
		if !known[u] {
			s.unlinkedFiles[u] = true
		}
	}
	return nil
}

// sampleDocuments maps a path (as linked) to its HTML.
func (s *site) sampleDocuments() map[string]string {
	docs := map[string]string{}
	for _, p := range s.pages {
		if !slices.Contains(s.revision.unlinked(), p.Path) {
			docs[p.Path] = s.pageResponseBody(p)
		}
	}
	docs[articleHref(0)] = s.renderArticle(0)
	if s.cfg.Articles > 1 {
		docs[articleHref(1)] = s.renderArticle(1)
	}
	docs[newsPageHref(1)] = string(s.newsIndex("1").body)
	docs[calendarTraps()[1]] = string(must(s.calendarRoute(calendarTraps()[1])).body)
	docs[gonePaths[0]] = string(s.notFound(gonePaths[0]).body)
	s.mazeSamples(docs)
	for _, f := range trapFamilies() {
		for _, u := range f.Example {
			docs[u[len(siteOrigin):]] = string(must(s.familyRoute(mustRequest(u))).body)
		}
	}
	return docs
}

func must(r response, _ bool) response { return r }

// mustRequest is a GET of an absolute URL the replica writes itself.
func mustRequest(u string) *http.Request {
	r, _ := http.NewRequest(http.MethodGet, u, nil)
	return r
}

// pageResponseBody is the HTML of a static page.
func (s *site) pageResponseBody(p *pageSpec) string {
	switch p.Kind {
	case kindSeed:
		return string(s.seed)
	case kindNewsIndex:
		return string(s.newsIndex("0").body)
	}
	return s.renderPage(p)
}

// note records one reference: an off-site URL, a plain-HTTP link to the
// site, a file of the media host, or an asset (whose stylesheet references
// are followed in turn).
func (s *site) note(r ref) {
	host := strings.ToLower(r.URL.Hostname())
	switch {
	case host == radioHost:
	case host == mediaHost:
		if isAssetPath(r.URL.Path) {
			s.media.add(r.URL)
		}
	case host != siteHost:
		c := canonical(r.URL)
		s.offsite[c] = s.offsite[c] || r.Embed
	case r.URL.Scheme == "http":
		s.insecure[canonical(r.URL)] = true
	case isAssetPath(r.URL.Path) && !s.isArticleAsset(r.URL.Path):
		if s.assets.add(r.URL) && strings.EqualFold(path.Ext(r.URL.Path), ".css") {
			for _, cr := range cssRefs(stylesheet(r.URL.Path), r.URL) {
				s.note(cr)
			}
		}
	}
}
