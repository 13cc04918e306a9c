package main

import (
	"context"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/crawler/crawltest"
)

// TestCrawlPaginationWhole: the replica with 3,000 articles has 300 pages of
// news pagination (/en/news?page=N), one family whose every page lists new
// articles; with default trap settings the crawl takes every page and every
// article, image and PDF (the novelty budget never closes a family that
// keeps adding), while the trap families still stop.
func TestCrawlPaginationWhole(t *testing.T) {
	t.Parallel()
	r := startReplica(t, crawltest.Config{Articles: 3000, MediaThrottle: -1})
	out := t.TempDir()
	args := append([]string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--no-report",
		"--max-stream-time", "1s", "--workers", "8", "--host-concurrency", "4"}, replicaArgs(t, r)...)
	res := salvage(context.Background(), append(args, minusmaSeed)...)
	if res.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	m := r.Manifest()
	fetched := map[string]bool{}
	for _, h := range r.Requests() {
		fetched[h.URL] = true
	}
	pager, missed := 0, 0
	for _, list := range [][]string{m.Pages, m.Requisites, m.PDFs} {
		for _, u := range list {
			if strings.Contains(u, "/en/news?page=") {
				pager++
			}
			if !fetched[u] {
				missed++
				if missed <= 10 {
					t.Errorf("%s never fetched", u)
				}
			}
		}
	}
	if pager < 299 {
		t.Errorf("the manifest has %d pagination pages, want 300", pager+1)
	}
	if missed > 0 {
		t.Errorf("%d manifest URLs never fetched", missed)
	}
	if log := readFileString(t, out+"/crawl.log"); !strings.Contains(log, "trap:no-novelty") {
		t.Error("the trap families were not stopped by the novelty budget")
	}
}
