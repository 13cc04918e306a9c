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
	r := startReplica(t, crawltest.Config{Latency: 20 * time.Millisecond})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	args := append([]string{"crawl", "--out", t.TempDir(), "--delay", "0", "--progress", "off", "--no-report",
		"--max-stream-time", "1s", "--metrics", addr}, replicaArgs(t, r)...)
	done := make(chan cliResult, 1)
	go func() { done <- salvage(context.Background(), append(args, minusmaSeed)...) }()
	var page string
	for page == "" || !strings.Contains(page, `salvage_fetches_total{status="200"}`) {
		select {
		case res := <-done:
			t.Fatalf("crawl ended (exit %d) before metrics showed a fetch; last scrape:\n%s\n%s", res.code, page, res.stderr)
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
	for _, want := range []string{"salvage_queue_depth ", "salvage_in_flight ", "salvage_seen_urls ",
		"salvage_warc_response_bytes_total ", "salvage_fetch_errors_total ", "salvage_refused_total "} {
		if !strings.Contains(page, want) {
			t.Errorf("metrics lack %q:\n%s", want, page)
		}
	}
	if res := <-done; res.code != 0 {
		t.Errorf("crawl exit %d: %s", res.code, res.stderr)
	}
}
