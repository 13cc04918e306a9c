package crawler

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkFrontier1M enqueues 1,000,000 URLs on 8 hosts, then takes and
// finishes every one, and reports URLs (each added, taken and done) per
// second.
func BenchmarkFrontier1M(b *testing.B) {
	const n = 1_000_000
	urls := make([]string, n)
	for i := range urls {
		urls[i] = fmt.Sprintf("https://h%d.example/en/news/article-%d", i%8, i)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		f := newMemFrontier(4, time.Now)
		for _, u := range urls {
			f.Add(Item{URL: u, HopPath: "L"})
		}
		for range n {
			it, err := f.Next(ctx)
			if err != nil {
				b.Fatal(err)
			}
			f.Done(it, 0)
		}
		if _, err := f.Next(ctx); err != ErrFrontierDone {
			b.Fatalf("after %d: %v", n, err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "URLs/s")
}
