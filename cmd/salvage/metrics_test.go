package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
)

// TestMetricsDuringCrawl scrapes --metrics while a crawl of the replica runs.
func TestMetricsDuringCrawl(t *testing.T) {
	page := scrapeDuringCrawl(t, nil, `salvage_fetches_total{status="200"}`)
	for _, want := range []string{"salvage_queue_depth ", "salvage_in_flight ", "salvage_seen_urls ",
		"salvage_warc_response_bytes_total ", "salvage_fetch_errors_total ", "salvage_refused_total "} {
		if !strings.Contains(page, want) {
			t.Errorf("metrics lack %q:\n%s", want, page)
		}
	}
}

// TestMetricsHostInFlightOnRedis: with the state on Redis, the per-host
// in-flight gauge is there too (read crawl-wide from the leases).
func TestMetricsHostInFlightOnRedis(t *testing.T) {
	id := requireRedis(t)
	page := scrapeDuringCrawl(t, []string{"--state", testRedisURL, "--crawl-id", id, "--worker-id", "m1"},
		`salvage_host_in_flight{host="minusma.unmissions.org"}`)
	if !strings.Contains(page, "salvage_queue_depth ") {
		t.Errorf("metrics lack the queue depth:\n%s", page)
	}
}

// scrapeDuringCrawl crawls the replica with --metrics (and extra flags),
// scrapes until a page holds want, and returns that page once the crawl
// has ended well.
func scrapeDuringCrawl(t *testing.T, extra []string, want string) string {
	t.Helper()
	r := startReplica(t, crawltest.Config{Latency: 20 * time.Millisecond})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	args := append([]string{"crawl", "--out", t.TempDir(), "--delay", "0", "--progress", "off", "--no-report",
		"--max-stream-time", "1s", "--metrics", addr}, replicaArgs(t, r)...)
	args = append(append(args, extra...), minusmaSeed)
	done := make(chan cliResult, 1)
	go func() { done <- salvage(context.Background(), args...) }()
	var page string
	for !strings.Contains(page, want) {
		select {
		case res := <-done:
			t.Fatalf("crawl ended (exit %d) before metrics showed %s; last scrape:\n%s\n%s", res.code, want, page, res.stderr)
		case <-time.After(50 * time.Millisecond):
		}
		resp, err := http.Get("http://" + addr + "/metrics")
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page = string(b)
	}
	if res := <-done; res.code != 0 {
		t.Errorf("crawl exit %d: %s", res.code, res.stderr)
	}
	return page
}
