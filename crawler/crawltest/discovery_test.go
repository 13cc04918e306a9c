package crawltest

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var tAnchor = regexp.MustCompile(`<a\s[^>]*\bhref\s*=\s*"([^"]*)"`)

// TestDiscoveryOnlyPagesAreNotLinked: no page links a sitemap-only,
// feed-only or hreflang-only page with <a href>, so only discovery finds them.
func TestDiscoveryOnlyPagesAreNotLinked(t *testing.T) {
	r := startReplica(t, Config{Articles: 3})
	m := r.Manifest()
	hidden := map[string]bool{}
	for _, list := range [][]string{m.SitemapOnly, m.FeedOnly, m.HreflangOnly} {
		if len(list) < 2 {
			t.Fatalf("discovery-only list too short: %v", list)
		}
		for _, u := range list {
			hidden[u] = true
		}
	}
	c := testClient(t, r)
	for _, page := range append(append(append(m.Pages, m.SitemapOnly...), m.FeedOnly...), m.HreflangOnly...) {
		f := get(t, c, http.MethodGet, page, ua, "")
		if f.StatusCode != http.StatusOK {
			t.Errorf("%s: %s", page, f.Status)
			continue
		}
		base, _ := url.Parse(page)
		for _, a := range tAnchor.FindAllStringSubmatch(string(f.Body), -1) {
			ref, err := base.Parse(strings.TrimSpace(html.UnescapeString(a[1])))
			if err == nil && hidden[canonical(ref)] && canonical(ref) != page {
				t.Errorf("%s links %s with <a href>", page, canonical(ref))
			}
		}
	}
}
