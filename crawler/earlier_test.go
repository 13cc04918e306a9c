package crawler

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// earlierSite is an EarlierPages over a map of HTML bodies.
type earlierSite map[string]string

func (e earlierSite) Open(url string) (io.ReadCloser, string, bool) {
	b, ok := e[url]
	return io.NopCloser(strings.NewReader(b)), "text/html", ok
}

// A recrawl: the earlier crawl's URLs are queued through the scope (one no
// longer linked is fetched; one off-site is refused), and a page answered
// 304 leads to its children through its earlier payload.
func TestEarlierCrawl(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.WriteHeader(http.StatusNotModified)
		case "/child", "/unlinked":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<p>leaf</p>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	log := crawl(t, srv.URL+"/", Config{IgnoreRobots: true,
		EarlierPages: earlierSite{srv.URL + "/": `<a href="/child">child</a>`},
		EarlierURLs: []EarlierURL{{URL: srv.URL + "/unlinked", ContentType: "text/html"},
			{URL: "http://elsewhere.example/", ContentType: "text/html; charset=utf-8"}}})
	root := log.find(EventFetched, srv.URL+"/")
	if len(root) != 1 || root[0].Status != http.StatusNotModified || root[0].ContentType != "text/html" {
		t.Fatalf("root: %+v", root)
	}
	if child := log.find(EventFetched, srv.URL+"/child"); len(child) != 1 || child[0].HopPath != "L" {
		t.Errorf("child of the 304 page: %+v", child)
	}
	if un := log.find(EventFetched, srv.URL+"/unlinked"); len(un) != 1 || un[0].HopPath != "X" {
		t.Errorf("unlinked earlier URL: %+v", un)
	}
	if off := log.find(EventRefused, "http://elsewhere.example/"); len(off) != 1 || off[0].Rule != "offsite" {
		t.Errorf("off-site earlier URL: %+v", off)
	}
}

// earlierTyped is an EarlierPages of payloads with their types.
type earlierTyped map[string][2]string // URL -> body, Content-Type

func (e earlierTyped) Open(url string) (io.ReadCloser, string, bool) {
	b, ok := e[url]
	return io.NopCloser(strings.NewReader(b[0])), b[1], ok
}

// A PDF, a sitemap and a gzipped sitemap answered 304 still lead to what
// they link: their earlier payloads are scanned as the live ones would be.
func TestEarlierPDFAndSitemapNotModified(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<a href="/doc.pdf">doc</a>`))
		case "/doc.pdf", "/sitemap.xml", "/archive.xml.gz":
			w.WriteHeader(http.StatusNotModified)
		case "/from-pdf", "/from-sitemap", "/from-gz":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<p>leaf</p>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	pdf := "%PDF-1.4\n1 0 obj\n<< /Type /Annot /Subtype /Link /A << /S /URI /URI (" + srv.URL + "/from-pdf) >> >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
	urlset := func(u string) string {
		return `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>` + u + `</loc></url></urlset>`
	}
	var gz strings.Builder
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(urlset(srv.URL + "/from-gz")))
	zw.Close()
	log := crawl(t, srv.URL+"/", Config{IgnoreRobots: true,
		EarlierPages: earlierTyped{
			srv.URL + "/doc.pdf":        {pdf, "application/pdf"},
			srv.URL + "/sitemap.xml":    {urlset(srv.URL + "/from-sitemap"), "application/xml"},
			srv.URL + "/archive.xml.gz": {gz.String(), "application/x-gzip"},
		},
		EarlierURLs: []EarlierURL{{URL: srv.URL + "/sitemap.xml", ContentType: "application/xml"},
			{URL: srv.URL + "/archive.xml.gz", ContentType: "application/x-gzip"}}})
	for _, p := range []string{"/from-pdf", "/from-sitemap", "/from-gz"} {
		if got := log.find(EventFetched, srv.URL+p); len(got) != 1 {
			t.Errorf("%s, linked only by a 304's earlier payload: fetched %d times", p, len(got))
		}
	}
}

// What a 304 costs decides which earlier captures are asked conditionally.
func TestRevalidationOf(t *testing.T) {
	for _, tt := range []struct {
		url, ctype string
		want       Revalidation
	}{
		{"http://h/", "text/html; charset=utf-8", RevalidateWithPayload},
		{"http://h/s.css", "text/css", RevalidateWithPayload},
		{"http://h/logo.png", "image/png", RevalidateLeaf},
		{"http://h/app.js", "application/javascript", RevalidateLeaf},
		{"http://h/doc.pdf", "application/pdf", RevalidateWithPayload},
		{"http://h/sitemap.xml", "application/xml", RevalidateWithPayload},
		{"http://h/feed", "application/rss+xml", RevalidateWithPayload},
		{"http://h/robots.txt", "text/plain", RevalidateNever},
		{"http://h/x", "unk", RevalidateNever},
		{"http://h/x", "", RevalidateNever},
	} {
		if got := RevalidationOf(tt.url, tt.ctype); got != tt.want {
			t.Errorf("%s %q: %d, want %d", tt.url, tt.ctype, got, tt.want)
		}
	}
}

// An earlier crawl's URLs carrying an old session id (one token on several
// paths) teach the parameter before they are queued: the page linked now
// with a new id is the same URL, fetched once.
func TestEarlierSessionIDs(t *testing.T) {
	const old, fresh = "k3J9xQ2mW8pL4vN7", "Z8rT5yU1oP6aS3dF"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path == "/" {
			w.Write([]byte(`<a href="/form/1?tk=` + fresh + `">1</a>`))
			return
		}
		w.Write([]byte("<p>step</p>"))
	}))
	defer srv.Close()
	log := crawl(t, srv.URL+"/", Config{IgnoreRobots: true, EarlierURLs: []EarlierURL{
		{URL: srv.URL + "/form/1?tk=" + old, ContentType: "text/html"},
		{URL: srv.URL + "/form/2?tk=" + old, ContentType: "text/html"}}})
	var fetched []string
	for _, ev := range log.events {
		if ev.Kind == EventFetched && strings.HasPrefix(ev.URL, srv.URL+"/form/1") {
			fetched = append(fetched, ev.URL)
		}
	}
	if len(fetched) != 1 {
		t.Errorf("/form/1 fetched as %v, want once", fetched)
	}
}
