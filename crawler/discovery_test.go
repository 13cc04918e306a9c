package crawler

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// discoveryServer: robots.txt names no sitemap; /sitemap.xml lists /hidden;
// the front page links nothing but sends a Link header and a Refresh header.
func discoveryServer(t *testing.T) (*httptest.Server, func() map[string]int) {
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
		case "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			w.Write([]byte(`<urlset><url><loc>/hidden</loc><lastmod>2024-01-02</lastmod></url></urlset>`))
		case "/":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Link", `</next-page>; rel="next", </fr/>; rel="alternate"; hreflang="fr"`)
			w.Header().Set("Refresh", "30; url=/refreshed")
			w.Write([]byte(`<p>nothing linked</p>`))
		default:
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte("ok"))
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]int{}
		for k, v := range hits {
			out[k] = v
		}
		return out
	}
}

// TestSitemapProbeAndHeaderLinks: a seed host whose robots.txt names no
// sitemap is probed at /sitemap.xml; its entries are S hops carrying their
// lastmod; Link and Refresh header targets are followed as L hops.
func TestSitemapProbeAndHeaderLinks(t *testing.T) {
	srv, hits := discoveryServer(t)
	log := crawl(t, srv.URL+"/", Config{})
	h := log.find(EventFetched, srv.URL+"/hidden")
	if len(h) != 1 || h[0].Status != 200 || h[0].HopPath != "PSS" || h[0].Lastmod != "2024-01-02" || h[0].Via != srv.URL+"/sitemap.xml" {
		t.Errorf("/hidden: %+v; want fetched once as PSS via /sitemap.xml with lastmod 2024-01-02", h)
	}
	for _, p := range []string{"/next-page", "/fr/", "/refreshed"} {
		if f := log.find(EventFetched, srv.URL+p); len(f) != 1 || f[0].HopPath != "L" || f[0].Via != srv.URL+"/" {
			t.Errorf("%s: %+v; want fetched once as an L hop from /", p, f)
		}
	}
	if n := hits()["/sitemap.xml"]; n != 1 {
		t.Errorf("/sitemap.xml requested %d times, want 1", n)
	}
}

// TestSitemapsOff: with NoSitemaps, no sitemap is probed or read.
func TestSitemapsOff(t *testing.T) {
	srv, hits := discoveryServer(t)
	crawl(t, srv.URL+"/", Config{NoSitemaps: true})
	got := hits()
	if got["/sitemap.xml"] != 0 || got["/hidden"] != 0 {
		t.Errorf("NoSitemaps: requests %v", got)
	}
	if got["/next-page"] != 1 {
		t.Errorf("header links must still be followed: %v", got)
	}
}
