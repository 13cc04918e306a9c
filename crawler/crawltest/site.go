package crawltest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
)

const (
	siteHost   = "minusma.unmissions.org"
	siteOrigin = "https://" + siteHost
)

var (
	// siteEpoch is the day the mission closed: the newest Last-Modified of
	// generated content.
	siteEpoch = time.Date(2023, 12, 31, 12, 0, 0, 0, time.UTC)
	// seedModified is when the seed homepage was captured.
	seedModified = time.Date(2025, 4, 8, 10, 11, 0, 0, time.UTC)
)

// site is minusma.unmissions.org: the page tables indexed for routing, and
// the assets and off-site URLs its documents reference.
type site struct {
	cfg      Config
	seed     []byte
	theme    theme
	pages    map[string]*pageSpec // decoded path -> page (English, French, user)
	redirect map[string]redirectSpec
	nid      map[*pageSpec]int
	children map[string][]*pageSpec // parent path as linked -> children in table order
	twinOf   map[string]string      // English path -> French path
	assets   *assetIndex
	offsite  map[string]bool // canonical off-site URLs referenced -> embed?
	insecure map[string]bool // canonical http://minusma.unmissions.org URLs referenced
	pictures *pictures

	media      *assetIndex   // files of the rate-limited media host (mediahost.go)
	throttle   *throttle     // the media host's 429 window
	retryLater atomic.Bool   // the retry-later page answers 503 (retrylater.go)
	views      atomic.Uint64 // session-maze page views, for fresh tokens (sessions.go)

	revision *revision // what this version changed (revision.go); nil for the first
	before   *site     // the first version, whose answers tell what changed
	// unlinkedFiles are the canonical URLs of files only the revision's
	// unlinked pages reference: served, not in the manifest.
	unlinkedFiles map[string]bool
}

// newSite indexes the tables and then the site's own documents.
func newSite(cfg Config, seed []byte) (*site, error) {
	s := &site{
		cfg: cfg, seed: seed, theme: seedTheme(seed),
		pages: map[string]*pageSpec{}, redirect: map[string]redirectSpec{}, nid: map[*pageSpec]int{},
		children: map[string][]*pageSpec{}, twinOf: map[string]string{},
		assets: newAssetIndex(), offsite: map[string]bool{}, insecure: map[string]bool{}, pictures: newPictures(),
		media: newAssetIndex(), throttle: newThrottle(cfg.MediaThrottle),
	}
	s.retryLater.Store(true)
	if err := s.indexTables(); err != nil {
		return nil, err
	}
	if rv := revisionFor(cfg.Version); rv != nil {
		first := cfg
		first.Version = 1
		before, err := newSite(first, seed)
		if err != nil {
			return nil, err
		}
		s.revision, s.before = rv, before
		rv.apply(s)
	}
	if err := s.indexDocuments(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *site) indexTables() error {
	all := append(append(append(pagePtrs(enPages), pagePtrs(frPages)...), pagePtrs(userPages)...), discoveryPages()...)
	retry := retryLaterPage
	all = append(all, &retry)
	for i, p := range all {
		key, err := url.PathUnescape(p.Path)
		if err != nil || s.pages[key] != nil {
			return fmt.Errorf("page table: bad or duplicate path %q", p.Path)
		}
		s.pages[key] = p
		s.nid[p] = nodeID(p.Path, i)
		if p.Parent != "" {
			s.children[p.Parent] = append(s.children[p.Parent], p)
		}
		if p.Twin != "" {
			s.twinOf[p.Twin] = p.Path
		}
	}
	for _, r := range redirects {
		key, _ := url.PathUnescape(r.From)
		s.redirect[key] = r
	}
	return nil
}

// pagePtrs copies a table, so that a revision's edits stay in its site.
func pagePtrs(ps []pageSpec) []*pageSpec {
	out := make([]*pageSpec, len(ps))
	for i := range ps {
		p := ps[i]
		out[i] = &p
	}
	return out
}

// nodeID is the Drupal node id: the one in a /node/N path, else one drawn
// from the table position.
func nodeID(path string, i int) int {
	var n int
	if _, err := fmt.Sscanf(path, "/node/%d", &n); err == nil {
		return n
	}
	return 117000 + i
}

var (
	seedStyleRe  = regexp.MustCompile(`<link type="text/css" rel="stylesheet" href="([^"]+)"`)
	seedScriptRe = regexp.MustCompile(`<script src="(/sites/default/files/advagg_js/[^"]+)"`)
)

// seedTheme reads the seed's stylesheets and first aggregated script, which
// every generated page loads too.
func seedTheme(seed []byte) theme {
	var t theme
	for _, m := range seedStyleRe.FindAllSubmatch(seed, -1) {
		t.Styles = append(t.Styles, string(m[1]))
	}
	if m := seedScriptRe.FindSubmatch(seed); m != nil {
		t.Script = string(m[1])
	}
	return t
}

// ServeHTTP answers for https://minusma.unmissions.org and its media host.
func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Server", "Apache")
	if hostOnly(r.Host) == mediaHost {
		s.mediaRoute(r).write(w, r)
		return
	}
	s.route(r).write(w, r)
}

// route finds the response for r, dated by the revision (stamp).
func (s *site) route(r *http.Request) response {
	return s.stamp(s.find(r), r)
}

// find finds the response for r; Drupal matches the decoded path, so
// "%c2%a0" and "%C2%A0" are the same page.
func (s *site) find(r *http.Request) response {
	p := r.URL.Path
	switch p {
	case "/robots.txt":
		return textResponse(http.StatusOK, "text/plain; charset=utf-8", robotsTxt(s.cfg.CrawlDelay))
	}
	if resp, ok := s.discoveryRoute(p); ok {
		return resp
	}
	if rd, ok := s.redirect[p]; ok {
		return redirectResponse(rd.Status, siteOrigin+rd.To)
	}
	if pg, ok := s.pages[p]; ok {
		return s.pageResponse(pg, r)
	}
	if resp, ok := s.familyRoute(r); ok {
		return resp
	}
	for _, dyn := range []func(string) (response, bool){s.articleRoute, s.calendarRoute, s.articleAssetRoute, s.assetRoute} {
		if resp, ok := dyn(p); ok {
			return resp
		}
	}
	return s.notFound(p)
}

func (s *site) assetRoute(p string) (response, bool) {
	if _, ok := s.assets.byPath[p]; !ok {
		return response{}, false
	}
	return s.generated(p)
}

// generated serves a generated file; a generator failure is a 500, as a
// broken server would send.
func (s *site) generated(p string) (response, bool) {
	resp, err := assetResponse(p, modifiedFor(p), s.pictures)
	if err != nil {
		return textResponse(http.StatusInternalServerError, "text/plain; charset=utf-8", err.Error()+"\n"), true
	}
	if s.revision.replaces(p) {
		resp.body = revisedPDF(p)
	}
	return resp, true
}

// pageResponse renders a static page.
func (s *site) pageResponse(p *pageSpec, r *http.Request) response {
	switch p.Kind {
	case kindSeed:
		return htmlResponse(http.StatusOK, string(s.seed), "en", siteOrigin+p.Path, seedModified)
	case kindNewsIndex:
		return s.newsIndex(r.URL.Query().Get("page"))
	case kindRetryLater:
		if s.retryLater.Load() {
			return serviceUnavailable()
		}
	}
	return htmlResponse(http.StatusOK, s.renderPage(p), langOf(p.Path), siteOrigin+p.Path, s.pageModified(p))
}

func langOf(path string) string {
	if path == "/en" || strings.HasPrefix(path, "/en/") || strings.HasPrefix(path, "/user/") {
		return "en"
	}
	return "fr"
}

func (s *site) pageModified(p *pageSpec) time.Time {
	if t, err := time.Parse("2006-01-02", p.Date); err == nil {
		return t.Add(12 * time.Hour)
	}
	return siteEpoch.AddDate(0, 0, -(s.nid[p] % 97))
}

// modifiedFor is a file's Last-Modified: a stable date in 2023 drawn from
// its path.
func modifiedFor(p string) time.Time {
	return siteEpoch.AddDate(0, 0, -int(filler(p, 2)[0]))
}

// renderPage renders a static page in the site layout.
func (s *site) renderPage(p *pageSpec) string {
	lang, nid := langOf(p.Path), s.nid[p]
	v := pageView{Path: p.Path, Title: p.Title, Lang: lang, NID: nid, Head: p.Head, Crumbs: s.crumbs(p)}
	v.Twin, v.TwinVia = s.translation(p)
	if lang == "en" {
		v.Head += feedHead
	}
	if p.Kind == kindForm || p.Kind == kindRetryLater {
		v.Content = p.Body
		return s.theme.render(v)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<div class=\"field field-name-field-image\"><img typeof=\"foaf:Image\" src=\"%s\" width=\"480\" height=\"320\" alt=\"\" /></div>\n", htmlEscape(pageImage(nid)))
	if p.Date != "" {
		fmt.Fprintf(&b, "<div class=\"field field-name-post-date\"><span class=\"date-display-single\">%s</span></div>\n", p.Date)
	}
	fmt.Fprintf(&b, "<div class=\"field field-name-body\">\n%s%s\n</div>\n", paragraphs(lang, nid, 2+nid%2), p.Body)
	b.WriteString(listing(s.listed(p)))
	v.Content = b.String()
	return s.theme.render(v)
}

// crumbs are p's ancestors, from the front page of its language.
func (s *site) crumbs(p *pageSpec) []link {
	c := chromes[langOf(p.Path)]
	var out []link
	for parent := p.Parent; parent != ""; {
		pp := s.byHref(parent)
		if pp == nil {
			break
		}
		out = append([]link{{pp.Path, pp.Title}}, out...)
		parent = pp.Parent
	}
	if p.Path == c.Home {
		return nil
	}
	return append([]link{{c.Home, c.HomeText}}, out...)
}

// listed are the pages p lists: its children, then its List.
func (s *site) listed(p *pageSpec) []link {
	var out []link
	for _, c := range s.children[p.Path] {
		out = append(out, link{c.Path, c.Title})
	}
	for _, href := range p.List {
		if q := s.byHref(href); q != nil {
			out = append(out, link{q.Path, q.Title})
		}
	}
	return out
}

// byHref finds a page by its path as linked.
func (s *site) byHref(href string) *pageSpec {
	key, err := url.PathUnescape(href)
	if err != nil {
		return nil
	}
	return s.pages[key]
}

// pageImage is the node's "large" style image.
func pageImage(nid int) string {
	return styledImage("large", fmt.Sprintf("field/image/img_%d.jpeg", nid))
}

// styledImage is a Drupal image-style URL with its itok token.
func styledImage(style, file string) string {
	return fmt.Sprintf("/sites/default/files/styles/%s/public/%s?itok=%s", style, file, itok(style, "public://"+file))
}

// itok is Drupal 7's image derivative token: 8 characters of an HMAC of
// style and URI (here with a fixed key).
func itok(style, uri string) string {
	m := hmac.New(sha256.New, []byte("minusma-private-key"))
	m.Write([]byte(style + ":" + uri))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))[:8]
}

// notFound is Drupal's answer for an unknown path: its fast 404 for
// files, the themed "Page not found" page for everything else.
func (s *site) notFound(p string) response {
	if strings.HasPrefix(p, "/sites/") || strings.HasPrefix(p, "/misc/") || strings.HasPrefix(p, "/modules/") {
		body := `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">` + "\n" +
			`<html xmlns="http://www.w3.org/1999/xhtml"><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL "` +
			htmlEscape(p) + `" was not found on this server.</p></body></html>` + "\n"
		return textResponse(http.StatusNotFound, "text/html; charset=utf-8", body)
	}
	lang := langOf(p)
	v := pageView{Path: (&url.URL{Path: p}).EscapedPath(), Title: "Page not found", Lang: lang, Crumbs: []link{{chromes[lang].Home, chromes[lang].HomeText}}}
	v.Content = "<p>The requested page \"" + htmlEscape(p) + "\" could not be found.</p>\n"
	return htmlResponse(http.StatusNotFound, s.theme.render(v), lang, "", siteEpoch)
}
