package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/salvage-archive/salvage/warc/wacz"
)

// TestResumedCrawlOutputsWholeCrawl: a crawl that ends with a deferred page
// and is run again: summary.json counts the URLs of both runs and lists the
// runs, and the WACZ holds the WARC files of both.
func TestResumedCrawlOutputsWholeCrawl(t *testing.T) {
	t.Parallel()
	var later atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt", "/sitemap.xml":
			http.NotFound(w, r)
		case "/later":
			if !later.Load() {
				w.Header().Set("Retry-After", "3600")
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			fallthrough
		default:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<p>%s</p><a href="/a">a</a> <a href="/b">b</a> <a href="/later">later</a>`, r.URL.Path)
		}
	}))
	t.Cleanup(srv.Close)
	out := t.TempDir()
	args := []string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--no-report", "--wacz", srv.URL + "/"}
	if res := salvage(context.Background(), args...); res.code != 0 {
		t.Fatalf("first run: exit %d\n%s", res.code, res.stderr)
	}
	first := loadSummary(t, out)
	later.Store(true)
	if res := salvage(context.Background(), args...); res.code != 0 {
		t.Fatalf("rerun: exit %d\n%s", res.code, res.stderr)
	}
	sum := loadSummary(t, out)
	// The crawl's counts take each URL once (robots.txt, fetched by both
	// runs, counts once); each run lists the fetches it made.
	if len(sum.Runs) != 2 || sum.Runs[0].Fetches != first.Fetches || sum.Runs[1].Fetches != 2 || sum.Fetches != first.Fetches+1 {
		t.Errorf("runs %+v, fetches %d; want two runs, the second fetching robots.txt and /later, the crawl %d URLs",
			sum.Runs, sum.Fetches, first.Fetches+1)
	}
	if sum.Pages != 4 || len(sum.Deferred) != 0 {
		t.Errorf("whole crawl: %d pages (want 4: /, /a, /b, /later), deferred %v", sum.Pages, sum.Deferred)
	}
	files, err := wacz.ExtractWARCs(filepath.Join(out, "salvage.wacz"), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if warcs := folderWARCs(out); len(files) != len(warcs) || len(warcs) < 2 {
		t.Errorf("WACZ holds %d WARC files, the folder %d (want every run's, at least 2)", len(files), len(warcs))
	}
	for _, f := range files {
		if !strings.HasSuffix(f, ".warc.gz") {
			t.Errorf("WACZ entry %s", f)
		}
	}
}
