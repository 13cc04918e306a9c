package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestRevisitAcrossResume: the payload digests live in the crawl state file,
// so a rerun into the same folder writes a revisit record for a payload the
// first run stored in full, pointing at that first run's record.
func TestRevisitAcrossResume(t *testing.T) {
	t.Parallel()
	srv := samePayloadSite(t)
	out := t.TempDir()
	args := []string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--no-report", "--no-sitemaps"}
	for i, seed := range []string{srv.URL + "/one", srv.URL + "/two"} {
		if i > 0 {
			args = append(args, "--add-seeds") // another seed into the same folder
		}
		if res := salvage(context.Background(), append(args, seed)...); res.code != 0 {
			t.Fatalf("crawl of %s: exit %d\n%s", seed, res.code, res.stderr)
		}
	}
	a := readArchive(t, out)
	first, again := a.responses[srv.URL+"/one"], a.responses[srv.URL+"/two"]
	if len(first) != 1 || first[0].Type != "response" {
		t.Fatalf("first run: %d records for /one, want one response", len(first))
	}
	if len(again) != 1 || again[0].Type != "revisit" {
		t.Fatalf("second run: %d records for /two (%v), want one revisit", len(again), again)
	}
	if got := again[0].Get("WARC-Refers-To"); got != first[0].ID {
		t.Errorf("revisit refers to %q, want the first run's record %s", got, first[0].ID)
	}
	if got := again[0].Get("WARC-Refers-To-Target-URI"); got != srv.URL+"/one" {
		t.Errorf("revisit refers to URI %q, want %s/one", got, srv.URL)
	}
}

// samePayloadSite serves one payload at /one and /two, 404 elsewhere.
func samePayloadSite(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/one", "/two":
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte("the same payload under two URLs\n"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}
