package crawler

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/salvage-archive/salvage/policy"
)

// earlierSite is an EarlierPages over a map of HTML bodies.
type earlierSite map[string]string

func (e earlierSite) Payload(url string) ([]byte, string, bool) {
	b, ok := e[url]
	return []byte(b), "text/html", ok
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
		EarlierURLs: []EarlierURL{{URL: srv.URL + "/unlinked", Hop: policy.HopLink},
			{URL: "http://elsewhere.example/", Hop: policy.HopLink}}})
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
