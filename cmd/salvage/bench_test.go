package main

import (
	"github.com/salvage-archive/salvage/cmd/internal/folder"

	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/salvage-archive/salvage/crawler/crawltest"
)

// BenchmarkCrawlReplica crawls the whole replica on loopback (WARC writing,
// extraction, logs and all) and reports pages/s and payload MB/s. The radio
// stream is sampled for 100 ms so it does not dominate.
func BenchmarkCrawlReplica(b *testing.B) {
	r := startReplica(b, crawltest.Config{Articles: 200})
	args := append([]string{"--delay", "0", "--progress", "off", "--max-stream-time", "100ms", "--no-report",
		"--workers", "8", "--host-concurrency", "8"}, replicaArgs(b, r)...)
	var pages, bytes, secs float64
	for b.Loop() {
		out := b.TempDir()
		res := salvage(context.Background(), append(append([]string{"crawl", "--out", out}, args...), minusmaSeed)...)
		if res.code != 0 {
			b.Fatalf("exit %d: %s", res.code, res.stderr)
		}
		s := loadSummary(b, out)
		pages, bytes, secs = pages+float64(s.Pages), bytes+float64(s.PayloadBytes), secs+s.Seconds
	}
	b.ReportMetric(pages/secs, "pages/s")
	b.ReportMetric(bytes/1e6/secs, "MB/s")
}

func loadSummary(tb testing.TB, out string) folder.Summary {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var s folder.Summary
	if err := json.Unmarshal(raw, &s); err != nil {
		tb.Fatal(err)
	}
	return s
}
