package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/verify"
)

// smallSite serves a page linking two others and counts the requests.
func smallSite(name string, hits *atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><body>%s <a href="/a">a</a> <a href="/b">b</a></body></html>`, name)
		case "/a", "/b":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, "<html><body>%s %s</body></html>", name, r.URL.Path)
		default:
			http.NotFound(w, r)
		}
	})
}

func resumeArgs(out string, more ...string) []string {
	args := []string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--retries", "0",
		"--retry-delay", "10ms", "--no-sitemaps", "--offline-report"}
	return append(args, more...)
}

// outputs reads the report files of a crawl folder, by name.
func outputs(t *testing.T, out string) map[string][]byte {
	t.Helper()
	got := make(map[string][]byte)
	for _, name := range []string{"summary.json", "links.json", "index.cdxj", "crawl.log"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got[name] = b
	}
	return got
}

func sameOutputs(t *testing.T, before, after map[string][]byte) {
	t.Helper()
	for name, b := range before {
		if !bytes.Equal(b, after[name]) {
			t.Errorf("%s changed:\nbefore %q\nafter  %q", name, b, after[name])
		}
	}
}

// TestRerunFinishedCrawl: the same command on a finished crawl says so,
// exits 0 and leaves the reports as they were.
func TestRerunFinishedCrawl(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	srv := httptest.NewServer(smallSite("site", &hits))
	defer srv.Close()
	out := t.TempDir()
	args := resumeArgs(out, srv.URL+"/")
	first := salvage(context.Background(), args...)
	if first.code != 0 || !strings.Contains(first.stderr, "starting a new crawl of 1 seed(s) into "+out) {
		t.Fatalf("first run: exit %d\n%s", first.code, first.stderr)
	}
	before, n := outputs(t, out), hits.Load()
	again := salvage(context.Background(), args...)
	if again.code != 0 {
		t.Fatalf("rerun: exit %d\n%s", again.code, again.stderr)
	}
	if want := "the crawl in " + out + " is finished (3 URLs); nothing to do"; !strings.Contains(again.stderr, want) {
		t.Errorf("rerun stderr %q does not say %q", again.stderr, want)
	}
	if hits.Load() != n {
		t.Errorf("rerun made %d requests, want none", hits.Load()-n)
	}
	sameOutputs(t, before, outputs(t, out))
}

// TestOtherSeedSameOut: a seed of another site into a folder holding a
// crawl is refused with the hint, and nothing changes; with --add-seeds it
// is crawled into the same folder.
func TestOtherSeedSameOut(t *testing.T) {
	t.Parallel()
	var hitsA, hitsB atomic.Int64
	a, b := httptest.NewServer(smallSite("A", &hitsA)), httptest.NewServer(smallSite("B", &hitsB))
	defer a.Close()
	defer b.Close()
	out := t.TempDir()
	if res := salvage(context.Background(), resumeArgs(out, a.URL+"/")...); res.code != 0 {
		t.Fatalf("crawl of A: exit %d\n%s", res.code, res.stderr)
	}
	before := outputs(t, out)
	res := salvage(context.Background(), resumeArgs(out, b.URL+"/")...)
	want := "salvage: crawl: " + out + " already holds a crawl of " + a.URL + "/; use a new --out, or --add-seeds to add these seeds to it\n"
	if res.code != 2 || res.stderr != want {
		t.Errorf("crawl of B into A's folder: exit %d, stderr %q; want 2, %q", res.code, res.stderr, want)
	}
	if hitsB.Load() != 0 {
		t.Errorf("the refused crawl made %d requests to B", hitsB.Load())
	}
	sameOutputs(t, before, outputs(t, out))

	res = salvage(context.Background(), resumeArgs(out, "--add-seeds", b.URL+"/")...)
	if res.code != 0 {
		t.Fatalf("--add-seeds: exit %d\n%s", res.code, res.stderr)
	}
	if !strings.Contains(res.stderr, "resuming the crawl in "+out+": 3 done, 0 queued, 0 deferred, 0 failed, 1 seed(s) added") {
		t.Errorf("--add-seeds start line missing: %q", res.stderr)
	}
	log, _ := os.ReadFile(filepath.Join(out, "crawl.log"))
	if hitsB.Load() == 0 || !strings.Contains(string(log), b.URL+"/a") {
		t.Errorf("--add-seeds did not crawl B (%d requests); crawl.log:\n%s", hitsB.Load(), log)
	}
	// The outputs are the whole crawl's: both sites, both in scope.
	if sum := loadSummary(t, out); sum.Pages != 6 || len(sum.Runs) != 2 {
		t.Errorf("summary.json: %d pages in %d runs, want A's 3 and B's 3 in 2 runs", sum.Pages, len(sum.Runs))
	}
	var rep verify.Report
	if err := json.Unmarshal(outputs(t, out)["links.json"], &rep); err != nil {
		t.Fatal(err)
	}
	internal := map[string]bool{}
	for _, l := range rep.Links {
		internal[l.URL] = l.Internal
	}
	if !internal[a.URL+"/a"] || !internal[b.URL+"/a"] || !slices.Contains(rep.Seeds, a.URL+"/") {
		t.Errorf("links.json after --add-seeds: seeds %v; A's /a internal %v, B's /a internal %v (want both sites in scope)",
			rep.Seeds, internal[a.URL+"/a"], internal[b.URL+"/a"])
	}
}

// TestRefusedSeedRetried: a seed on a closed port fails the crawl (exit 3)
// naming "connection refused"; once a server listens there, the same
// command fetches it.
func TestRefusedSeedRetried(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	seed := "http://" + addr + "/"
	out := t.TempDir()
	args := resumeArgs(out, seed)
	res := salvage(context.Background(), args...)
	if want := "salvage: seed " + seed + ": connection refused\n"; res.code != 3 || !strings.HasSuffix(res.stderr, want) {
		t.Fatalf("refused seed: exit %d, stderr %q; want 3 ending %q", res.code, res.stderr, want)
	}
	if strings.Contains(res.stderr, "robots.txt") {
		t.Errorf("the cause is derived, not the network's: %q", res.stderr)
	}

	var hits atomic.Int64
	srv := &http.Server{Handler: smallSite("site", &hits)}
	l = listenAgain(t, addr)
	go srv.Serve(l)
	defer srv.Close()
	res = salvage(context.Background(), args...)
	if res.code != 0 {
		t.Fatalf("rerun: exit %d\n%s", res.code, res.stderr)
	}
	if !strings.Contains(res.stderr, "0 done, 0 queued, 0 deferred, 1 failed") {
		t.Errorf("rerun start line does not count the failed seed: %q", res.stderr)
	}
	log, _ := os.ReadFile(filepath.Join(out, "crawl.log"))
	if hits.Load() == 0 || !strings.Contains(string(log), " 200 ") || !strings.Contains(string(log), seed+"a") {
		t.Errorf("rerun did not fetch the seed (%d requests); crawl.log:\n%s", hits.Load(), log)
	}
}

// listenAgain listens on addr, retrying while the port is still taken.
func listenAgain(t *testing.T, addr string) net.Listener {
	t.Helper()
	var err error
	for range 20 {
		var l net.Listener
		if l, err = net.Listen("tcp", addr); err == nil {
			return l
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Skipf("port %s taken by another process: %v", addr, err)
	return nil
}
