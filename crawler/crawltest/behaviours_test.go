package crawltest

import (
	"bytes"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// Tests of the behaviours of other sites the replica has in its own shapes:
// session mazes, more calendars, a trap only by content, a page that says
// "retry in an hour", a rate-limited host, switcher-only translations and
// cache-busting queries.

// pageLinks fetches u and returns the canonical http(s) URLs it references,
// but for fragments of itself.
func pageLinks(t *testing.T, c *http.Client, u string) (fetched, []string) {
	t.Helper()
	f := get(t, c, http.MethodGet, u, ua, "gzip")
	page, _ := url.Parse(u)
	raws, base := docRefs(f.Header.Get("Content-Type"), f.Body, page)
	var out []string
	for _, raw := range raws {
		if strings.HasPrefix(raw, "#") {
			continue // the page itself
		}
		ref, err := base.Parse(strings.TrimSpace(unescapeHTML(raw)))
		if err == nil && (ref.Scheme == "http" || ref.Scheme == "https") {
			out = append(out, canonical(ref))
		}
	}
	return f, out
}

func unescapeHTML(s string) string { return strings.ReplaceAll(s, "&amp;", "&") }

var tokenStyles = map[string]*regexp.Regexp{
	"sid":        regexp.MustCompile(`^[0-9a-f]{32}$`),
	"jsessionid": regexp.MustCompile(`^[0-9A-F]{32}$`),
	"PHPSESSID":  regexp.MustCompile(`^[0-9a-v]{26}$`),
	"visit":      regexp.MustCompile(`^[A-Za-z0-9_-]{20}$`),
}

// sessionID is u's value of the session parameter, "" if none.
func sessionID(u, param string) string {
	if m := regexp.MustCompile(";" + param + "=([^/?]+)").FindStringSubmatch(u); m != nil {
		return m[1]
	}
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Query().Get(param)
}

// mazeView fetches one view of u and returns the maze pages it links, by
// page, and the session ids its maze links carry.
func viewMaze(t *testing.T, c *http.Client, z SessionMaze, u string) (map[string]string, map[string]bool) {
	t.Helper()
	f, links := pageLinks(t, c, u)
	if f.StatusCode != 200 {
		t.Fatalf("%s: %s", u, f.Status)
	}
	pages, ids := map[string]string{}, map[string]bool{}
	for _, l := range links {
		if page, ok := z.Page(l); ok {
			pages[page] = l
			ids[sessionID(l, z.Param)] = true
		}
	}
	return pages, ids
}

func TestSessionMazes(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	m := r.Manifest()
	for _, z := range m.SessionMazes {
		first, ids1 := viewMaze(t, c, z, z.Entry)
		_, ids2 := viewMaze(t, c, z, z.Entry)
		if got := slices.Sorted(maps.Keys(first)); !slices.Equal(got, z.Pages) {
			t.Errorf("%s: the entry links maze pages %v, want %v", z.Entry, got, z.Pages)
		}
		if len(ids1) != 1 || len(ids2) != 1 || ids1[slices.Collect(maps.Keys(ids2))[0]] {
			t.Errorf("%s: session ids %v then %v; want one per view, new on every view", z.Entry, ids1, ids2)
		}
		for id := range ids1 {
			if !tokenStyles[z.Param].MatchString(id) {
				t.Errorf("%s: session id %q is not in the %s style", z.Entry, id, z.Param)
			}
		}
		for page, tokened := range first {
			for _, u := range []string{page, tokened, strings.Replace(tokened, sessionID(tokened, z.Param), "stale", 1)} {
				if f := get(t, c, http.MethodGet, u, ua, ""); f.StatusCode != 200 {
					t.Errorf("%s: %s", u, f.Status)
				}
			}
		}
	}
}

// Each trap family goes on for ever, and its pages link nothing but members
// of the family and URLs the manifest lists already.
func TestTrapFamilies(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	m := r.Manifest()
	known := expectations(m)
	for _, f := range m.TrapFamilies {
		if !slices.Contains(f.Example, f.Entry) || !strings.HasPrefix(f.Entry, f.Prefix) {
			t.Errorf("%s: entry %s not among its examples or not under %s", f.Name, f.Entry, f.Prefix)
		}
		seen := map[string]bool{}
		for u, step := f.Entry, 0; step < 30; step++ {
			seen[u] = true
			checkTrapShape(t, f.Name, u)
			resp, links := pageLinks(t, c, u)
			if resp.StatusCode != 200 {
				t.Fatalf("%s step %d: %s answers %s", f.Name, step, u, resp.Status)
			}
			next := ""
			for _, l := range links {
				switch {
				case strings.HasPrefix(l, f.Prefix):
					if next == "" && !seen[l] {
						next = l
					}
				case known[l] == 0 && m.External[l] == "" && l != m.Stream:
					t.Errorf("%s: %s links %s, which is new", f.Name, u, l)
				}
			}
			if next == "" {
				t.Fatalf("%s step %d: %s links no new member", f.Name, step, u)
			}
			u = next
		}
	}
}

var shapeDateRe = regexp.MustCompile(`/\d{4}/\d{2}(/|$)|\d{4}-\d{2}-\d{2}`)

// checkTrapShape: the families' URLs have none of the shapes an existing
// trap guard reads (/YYYY/MM/, YYYY-MM-DD, repeated segments, long queries).
func checkTrapShape(t *testing.T, name, u string) {
	t.Helper()
	p, _ := url.Parse(u)
	segs := strings.Split(strings.Trim(p.Path, "/"), "/")
	if len(slices.Compact(slices.Sorted(slices.Values(segs)))) != len(segs) || shapeDateRe.MatchString(u) || strings.Count(p.RawQuery, "&") > 1 {
		t.Errorf("%s: %s has a shape trap guards know", name, u)
	}
}

func TestRetryLater(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	m := r.Manifest()
	f := get(t, c, http.MethodGet, m.RetryLater, ua, "gzip")
	checkFraming(t, m.RetryLater, f, false)
	if f.StatusCode != 503 || f.Header.Get("Retry-After") != "3600" {
		t.Errorf("%s: %s, Retry-After %q; want 503 and 3600", m.RetryLater, f.Status, f.Header.Get("Retry-After"))
	}
	if slices.Contains(m.Pages, m.RetryLater) || slices.Contains(m.SwitcherFallback, m.RetryLater) {
		t.Errorf("%s is in Pages or SwitcherFallback while it answers 503", m.RetryLater)
	}
	r.SetRetryLater(false)
	f = get(t, c, http.MethodGet, m.RetryLater, ua, "gzip")
	m = r.Manifest()
	if f.StatusCode != 200 || !strings.Contains(string(f.Body), "Final report") || !slices.Contains(m.Pages, m.RetryLater) || !slices.Contains(m.SwitcherFallback, m.RetryLater) {
		t.Errorf("after SetRetryLater(false): %s; in Pages %v", f.Status, slices.Contains(m.Pages, m.RetryLater))
	}
	r.SetRetryLater(true)
	if f := get(t, c, http.MethodGet, m.RetryLater, ua, "gzip"); f.StatusCode != 503 {
		t.Errorf("after SetRetryLater(true): %s", f.Status)
	}
}

func TestRateLimitedHost(t *testing.T) {
	const window = 300 * time.Millisecond
	r := startReplica(t, Config{MediaThrottle: window})
	c := testClient(t, r)
	m := r.Manifest()
	origin := "https://" + m.RateLimitedHost
	var files []string
	for _, u := range append(slices.Clone(m.Requisites), m.PDFs...) {
		if strings.HasPrefix(u, origin+"/") {
			files = append(files, u)
		}
	}
	if len(files) != 4 {
		t.Fatalf("%d files on %s, want 4: %v", len(files), m.RateLimitedHost, files)
	}
	f := get(t, c, http.MethodGet, files[0], ua, "")
	checkFraming(t, files[0], f, false)
	if f.StatusCode != 429 || f.Header.Get("Retry-After") != "1" {
		t.Errorf("%s in the window: %s, Retry-After %q; want 429 and 1", files[0], f.Status, f.Header.Get("Retry-After"))
	}
	if f := get(t, c, http.MethodGet, origin+"/robots.txt", ua, ""); f.StatusCode != 200 {
		t.Errorf("robots.txt in the window: %s", f.Status)
	}
	if f := get(t, c, http.MethodGet, "http://"+m.RateLimitedHost+"/images/x.jpg", ua, ""); f.Header.Get("Location") != origin+"/images/x.jpg" {
		t.Errorf("http:// media: %s -> %q", f.Status, f.Header.Get("Location"))
	}
	time.Sleep(window)
	for _, u := range files {
		f := get(t, c, http.MethodGet, u, ua, "")
		if f.StatusCode != 200 {
			t.Errorf("%s after the window: %s", u, f.Status)
		}
		checkFile(t, u, f.Header.Get("Content-Type"), f.Body, true)
	}
	if f := get(t, c, http.MethodGet, origin+"/images/missing.jpg", ua, ""); f.StatusCode != 404 {
		t.Errorf("missing media file: %s", f.Status)
	}

	r = startReplica(t, Config{MediaThrottle: -1})
	if f := get(t, testClient(t, r), http.MethodGet, files[0], ua, ""); f.StatusCode != 200 {
		t.Errorf("unthrottled: %s", f.Status)
	}
}

var (
	switcherRe = regexp.MustCompile(`<li class="(en|fr) (?:first|last)( active)?"><a href="([^"]*)" class="language-link( active)?" xml:lang="(en|fr)">`)
	hreflangRe = regexp.MustCompile(`<link rel="alternate" hreflang="(en|fr)" href="([^"]+)"`)
)

// languageLinks returns where a page's switcher and hreflang send each
// language, as canonical URLs.
func languageLinks(t *testing.T, c *http.Client, u string) (switcher, hreflang map[string]string) {
	t.Helper()
	f := get(t, c, http.MethodGet, u, ua, "gzip")
	page, _ := url.Parse(u)
	switcher, hreflang = map[string]string{}, map[string]string{}
	for _, m := range switcherRe.FindAllStringSubmatch(string(f.Body), -1) {
		if m[1] != m[5] || m[2] != m[4] {
			t.Errorf("%s: odd switcher item %q", u, m[0])
		}
		ref, _ := page.Parse(unescapeHTML(m[3]))
		switcher[m[1]] = canonical(ref)
	}
	for _, m := range hreflangRe.FindAllStringSubmatch(string(f.Body), -1) {
		hreflang[m[1]] = m[2]
	}
	if len(switcher) != 2 || !strings.Contains(string(f.Body), "block-language-switcher-fallback") {
		t.Errorf("%s: no Drupal language switcher block (%v)", u, switcher)
	}
	return switcher, hreflang
}

func TestLanguageSwitcher(t *testing.T) {
	r := startReplica(t, Config{Articles: 3})
	c := testClient(t, r)
	m := r.Manifest()
	front := siteOrigin + "/"
	for en, fr := range m.Translations {
		hreflangOnly, switcherOnly := slices.Contains(m.HreflangOnly, fr), slices.Contains(m.SwitcherOnly, fr)
		sw, hl := languageLinks(t, c, en)
		wantSwitch, wantHreflang := fr, fr
		switch {
		case hreflangOnly:
			wantSwitch = front
		case switcherOnly, en == m.Seeds[0]: // the seed names its translation by its switcher only
			wantHreflang = ""
		}
		if sw["en"] != en || sw["fr"] != wantSwitch || hl["fr"] != wantHreflang {
			t.Errorf("%s: switcher %v, hreflang %v; want switcher fr %s, hreflang %q", en, sw, hl, wantSwitch, wantHreflang)
		}
		sw, hl = languageLinks(t, c, fr)
		if wantHreflang = en; switcherOnly {
			wantHreflang = ""
		}
		if sw["fr"] != fr || sw["en"] != en || hl["en"] != wantHreflang {
			t.Errorf("%s: switcher %v, hreflang %v; want switcher en %s, hreflang %q", fr, sw, hl, en, wantHreflang)
		}
	}
	for _, en := range m.SwitcherFallback {
		sw, hl := languageLinks(t, c, en)
		if sw["en"] != en || sw["fr"] != front || (hl["fr"] != "" && !slices.Contains(m.HreflangOnly, hl["fr"])) {
			t.Errorf("%s: switcher %v, hreflang %v; want the switcher to fall back to %s", en, sw, hl, front)
		}
	}
}

// Image style derivatives (?itok=) and cache-busting queries are ordinary
// requisites; one file is linked under two cache-busters.
func TestCacheBusters(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	m := r.Manifest()
	var bodies [][]byte
	for _, u := range []string{
		siteOrigin + "/sites/all/themes/unmpk/css/print.css?s5e2fz",
		siteOrigin + "/sites/all/themes/unmpk/css/print.css?t7k3qa",
		siteOrigin + "/sites/default/files/closure-banner.jpg?1702036800",
		siteOrigin + styledImage("large", "field/image/img_117001.jpeg"),
	} {
		if !slices.Contains(m.Requisites, u) {
			t.Errorf("%s is not a requisite", u)
		}
		f := get(t, c, http.MethodGet, u, ua, "")
		if f.StatusCode != 200 {
			t.Errorf("%s: %s", u, f.Status)
		}
		bodies = append(bodies, f.Body)
	}
	if !bytes.Equal(bodies[0], bodies[1]) {
		t.Error("print.css differs between its two cache-busters")
	}
}

// wget's reject pattern keeps it out of the trap families and the session
// mazes' tokened links, and lets every page and file through.
func TestWgetRejects(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	m := r.Manifest()
	reject := regexp.MustCompile(WgetReject)
	for _, list := range [][]string{m.Pages, m.Requisites, m.PDFs, m.NotFound, m.Redirects} {
		for _, u := range list {
			if reject.MatchString(u) {
				t.Errorf("wget would reject %s", u)
			}
		}
	}
	mustReject := []string{m.Stream, m.Traps[0]}
	for _, f := range m.TrapFamilies {
		mustReject = append(mustReject, f.Example...)
	}
	for _, z := range m.SessionMazes {
		pages, _ := viewMaze(t, c, z, z.Entry)
		mustReject = append(mustReject, slices.Collect(maps.Values(pages))...)
	}
	for _, u := range mustReject {
		if !reject.MatchString(u) {
			t.Errorf("wget would follow %s", u)
		}
	}
}
