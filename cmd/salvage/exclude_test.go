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

	"github.com/salvage-archive/salvage/policy"
)

// TestExcludeNotRequested: a URL of the site that --exclude leaves out is
// never requested, not by the crawl and not by the link report checking it
// (no live check, no soft-404 probe of its folder): the report judges it
// from the crawl, not-checked with the rule that refused it.
func TestExcludeNotRequested(t *testing.T) {
	t.Parallel()
	var private atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/private/") {
			private.Add(1)
		}
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><body><a href="/a">a</a> <a href="/private/minutes">minutes</a> <img src="/private/seal.png"></body></html>`)
		case "/a":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><body>a</body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	out := t.TempDir()
	res := salvage(context.Background(), "crawl", "--out", out, "--delay", "0", "--progress", "off", "--no-sitemaps",
		"--exclude", "/private/", srv.URL+"/")
	if res.code != 0 {
		t.Fatalf("crawl: exit %d\n%s", res.code, res.stderr)
	}
	if n := private.Load(); n != 0 {
		t.Errorf("%d requests to the excluded folder", n)
	}
	rep, _ := loadReport(t, filepath.Join(out, "links.json"))
	judged := 0
	for _, l := range rep.Links {
		if !strings.Contains(l.URL, "/private/") {
			continue
		}
		judged++
		if l.Class != policy.ClassNotChecked || !strings.Contains(l.Evidence, "exclude:/private/") || !l.Internal {
			t.Errorf("%s: class %s, evidence %q, internal %v; want not-checked, refused by exclude:/private/, internal",
				l.URL, l.Class, l.Evidence, l.Internal)
		}
	}
	if judged != 2 {
		t.Errorf("%d excluded links in the report, want 2", judged)
	}
}
