package crawltest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// A tiny, deliberately naive crawler that proves the site has no unintended
// dead links: every reference in every served document is a manifest entry
// (or a member of a trap family beyond the manifest's examples, or a view
// of a session maze's page with some session id) or an off-site URL of the
// manifest, and every manifest entry is reachable from the seeds. It stays
// bounded: it fetches a trap family's examples only, and each maze page
// once, under the first URL that views it.

var (
	tAttr    = regexp.MustCompile(`\b(?:href|src|poster|action|data)\s*=\s*(?:"([^"]*)"|'([^']*)')`)
	tSrcset  = regexp.MustCompile(`\bsrcset\s*=\s*"([^"]*)"`)
	tCSSURL  = regexp.MustCompile(`url\(\s*['"]?([^'")]+?)['"]?\s*\)`)
	tImport  = regexp.MustCompile(`@import\s+['"]([^'"]+)['"]`)
	tRefresh = regexp.MustCompile(`http-equiv\s*=\s*"refresh"\s+content\s*=\s*"\d+;\s*url=([^"]+)"`)
	tBase    = regexp.MustCompile(`<base\s+href\s*=\s*"([^"]+)"`)
	tPDFURI  = regexp.MustCompile(`/URI\s*\(([^)]*)\)`)
	tLoc     = regexp.MustCompile(`<(?:loc|link)>([^<]+)</(?:loc|link)>`)
)

// docRefs returns the raw references in a body of the given type, and the
// base to resolve them against.
func docRefs(ctype string, body []byte, page *url.URL) ([]string, *url.URL) {
	s := string(body)
	var raws []string
	switch {
	case strings.HasPrefix(ctype, "text/html"):
		if m := tBase.FindStringSubmatch(s); m != nil {
			page, _ = page.Parse(m[1])
			s = strings.Replace(s, m[0], "<base", 1) // the base is not a link
		}
		for _, m := range tAttr.FindAllStringSubmatch(s, -1) {
			raws = append(raws, m[1]+m[2])
		}
		for _, m := range tSrcset.FindAllStringSubmatch(s, -1) {
			for _, c := range strings.Split(m[1], ",") {
				raws = append(raws, strings.Fields(c)[0])
			}
		}
		for _, m := range tRefresh.FindAllStringSubmatch(s, -1) {
			raws = append(raws, m[1])
		}
		fallthrough
	case strings.HasPrefix(ctype, "text/css"):
		for _, m := range tCSSURL.FindAllStringSubmatch(s, -1) {
			raws = append(raws, m[1])
		}
		for _, m := range tImport.FindAllStringSubmatch(s, -1) {
			raws = append(raws, m[1])
		}
	case ctype == "application/pdf":
		for _, m := range tPDFURI.FindAllStringSubmatch(s, -1) {
			raws = append(raws, m[1])
		}
	case ctype == "application/x-gzip":
		return docRefs("application/xml", gunzip(body), page)
	case strings.HasPrefix(ctype, "application/xml"), strings.HasPrefix(ctype, "application/rss+xml"):
		for _, m := range tLoc.FindAllStringSubmatch(s, -1) {
			raws = append(raws, m[1])
		}
	case strings.HasPrefix(ctype, "text/plain"):
		sc := bufio.NewScanner(bytes.NewReader(body))
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "Sitemap: "); ok {
				raws = append(raws, v)
			}
		}
	}
	return raws, page
}

// expectations maps each internal manifest URL to the status class it must
// answer with.
func expectations(m Manifest) map[string]int {
	want := map[string]int{}
	add := func(urls []string, status int) {
		for _, u := range urls {
			want[u] = status
		}
	}
	add(m.Pages, 200)
	add(m.Requisites, 200)
	add(m.PDFs, 200)
	add(m.RobotsDisallowed, 200)
	add(m.Traps, 200)
	add(m.Discovery, 200)
	add(m.SitemapOnly, 200)
	add(m.FeedOnly, 200)
	add(m.HreflangOnly, 200)
	add(m.Redirects, 300)
	add(m.NotFound, 404)
	for _, f := range m.TrapFamilies {
		add(f.Example, 200)
	}
	if !slices.Contains(m.Pages, m.RetryLater) {
		add([]string{m.RetryLater}, 503)
	}
	return want
}

type crawlResult struct {
	mu       sync.Mutex
	seen     map[string]bool
	mazes    map[string]bool // session maze pages fetched, by URL without the id
	external map[string]bool
	stream   bool
	problems []string
}

func (res *crawlResult) problem(format string, args ...any) {
	res.mu.Lock()
	defer res.mu.Unlock()
	res.problems = append(res.problems, fmt.Sprintf(format, args...))
}

func TestSiteHasNoDeadLinks(t *testing.T) {
	for v := 1; v <= LatestVersion; v++ {
		t.Run(fmt.Sprintf("version %d", v), func(t *testing.T) { checkNoDeadLinks(t, Config{Articles: 25, Version: v}) })
	}
}

func checkNoDeadLinks(t *testing.T, cfg Config) {
	r := startReplica(t, cfg)
	m := r.Manifest()
	res := crawlSite(testClient(t, r), m)
	sort.Strings(res.problems)
	for _, p := range res.problems {
		t.Error(p)
	}
	for u := range expectations(m) {
		if !res.seen[u] {
			t.Errorf("manifest URL never linked: %s", u)
		}
	}
	for _, z := range m.SessionMazes {
		for _, u := range z.Pages {
			if !res.mazes[u] {
				t.Errorf("session maze page never linked: %s", u)
			}
		}
	}
	if !res.stream {
		t.Error("the stream is never linked")
	}
	checkExternalReached(t, r, m, res.external)
	for _, u := range m.Unlinked {
		if res.seen[u] {
			t.Errorf("unlinked page is linked: %s", u)
		}
	}
}

// crawlSite fetches, level by level and 8 at a time, every internal
// manifest URL it finds from the seeds and the discovery files.
func crawlSite(c *http.Client, m Manifest) *crawlResult {
	want := expectations(m)
	res := &crawlResult{seen: map[string]bool{}, mazes: map[string]bool{}, external: map[string]bool{}}
	level := append(slices.Clone(m.Seeds), m.Discovery...)
	for _, u := range level {
		res.seen[u] = true
	}
	for len(level) > 0 {
		var next []string
		var mu sync.Mutex
		var wg sync.WaitGroup
		sem := make(chan struct{}, 8)
		for _, u := range level {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				found := res.visit(c, u, want, m)
				mu.Lock()
				next = append(next, found...)
				mu.Unlock()
			})
		}
		wg.Wait()
		level = res.unseen(next)
	}
	return res
}

// unseen returns the URLs not seen yet, marking them seen.
func (res *crawlResult) unseen(urls []string) []string {
	var out []string
	for _, u := range urls {
		if !res.seen[u] {
			res.seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// visit fetches u, checks it and returns the internal URLs it references.
func (res *crawlResult) visit(c *http.Client, u string, want map[string]int, m Manifest) []string {
	f, err := fetchPatiently(c, u)
	if err != nil {
		res.problem("%v", err)
		return nil
	}
	if p := framingProblem(f, false); p != "" {
		res.problem("%s: %s", u, p)
	}
	status, ok := want[u]
	if !ok {
		status = 200 // a view of a session maze's page
	}
	if got := f.StatusCode / 100 * 100; got != status && f.StatusCode != status {
		res.problem("%s: status %s", u, f.Status)
	}
	page, _ := url.Parse(u)
	raws, base := docRefs(f.Header.Get("Content-Type"), f.Body, page)
	if loc := f.Header.Get("Location"); loc != "" {
		raws = append(raws, loc)
	}
	var next []string
	for _, raw := range raws {
		if n, ok := res.follow(u, raw, base, want, m); ok {
			next = append(next, n)
		}
	}
	return next
}

// follow classifies one reference; it returns the URL when it is an
// internal manifest URL to fetch.
func (res *crawlResult) follow(from, raw string, base *url.URL, want map[string]int, m Manifest) (string, bool) {
	ref, err := base.Parse(strings.TrimSpace(html.UnescapeString(raw)))
	if err != nil {
		res.problem("%s: unparsable link %s", from, raw)
		return "", false
	}
	if ref.Scheme != "http" && ref.Scheme != "https" {
		return "", false // mailto:, tel:, javascript:, data:
	}
	c := canonical(ref)
	res.mu.Lock()
	defer res.mu.Unlock()
	host := strings.ToLower(ref.Hostname())
	internal := host == siteHost || host == m.RateLimitedHost
	switch page, inMaze := mazeView(m, c); {
	case c == m.Stream:
		res.stream = true
	case internal && want[c] != 0:
		return c, true
	case internal && inMaze:
		if !res.mazes[page] {
			res.mazes[page] = true
			return c, true
		}
	case internal && inTrapFamily(m, c):
	case internal:
		res.problems = append(res.problems, from+": dead or unlisted link "+raw+" -> "+c)
	case m.External[c] != "":
		res.external[c] = true
	default:
		res.problems = append(res.problems, from+": off-site link not in manifest "+c)
	}
	return "", false
}

// mazeView returns the session maze page u views, if any.
func mazeView(m Manifest, u string) (string, bool) {
	for _, z := range m.SessionMazes {
		if page, ok := z.Page(u); ok {
			return page, true
		}
	}
	return "", false
}

// inTrapFamily reports whether u is in the calendar of Traps or in one of
// the TrapFamilies.
func inTrapFamily(m Manifest, u string) bool {
	if strings.HasPrefix(u, m.TrapPrefix) {
		return true
	}
	return slices.ContainsFunc(m.TrapFamilies, func(f TrapFamily) bool { return strings.HasPrefix(u, f.Prefix) })
}

// fetchPatiently GETs u, waiting out a 429's Retry-After (the rate-limited
// media host) up to three times.
func fetchPatiently(c *http.Client, u string) (fetched, error) {
	for try := 0; ; try++ {
		f, err := fetch(c, http.MethodGet, u, "salvage-test/1.0", "gzip")
		if err != nil || f.StatusCode != http.StatusTooManyRequests || try == 3 {
			return f, err
		}
		secs, err := strconv.Atoi(f.Header.Get("Retry-After"))
		if err != nil || secs > 5 {
			return f, fmt.Errorf("%s: 429 with Retry-After %q", u, f.Header.Get("Retry-After"))
		}
		time.Sleep(time.Duration(secs) * time.Second)
	}
}

// checkExternalReached: the off-site URLs the pages reference, plus the
// targets of their login redirects and redirect loops, are exactly
// Manifest.External.
func checkExternalReached(t *testing.T, r *Replica, m Manifest, found map[string]bool) {
	c := testClient(t, r)
	for u := range found {
		if b := m.External[u]; b != ExternalLoginRedirect && b != ExternalRedirectLoop {
			continue
		}
		f := get(t, c, http.MethodGet, u, "salvage-test/1.0", "")
		found[canonicalString(f.Header.Get("Location"))] = true
	}
	var missing []string
	for u := range m.External {
		if !found[u] {
			missing = append(missing, u)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("External entries never referenced: %v", missing)
	}
	for _, u := range m.OffsiteRequisites {
		if m.External[u] == "" {
			t.Errorf("offsite requisite %s missing from External", u)
		}
	}
}

func gunzip(b []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	out, _ := io.ReadAll(zr)
	return out
}
