package frontier

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/salvage-archive/salvage/crawler"
)

// Run with: go test -run '^$' -bench . -benchtime 1x ./crawler/frontier/
// (the Million benchmarks queue 1,000,000 URLs whatever b.N is).

const million = 1_000_000

func benchURL(i int) string {
	return fmt.Sprintf("https://host%d.example.org/section/%d/article-%d?page=%d", i%1000, i%97, i, i%7)
}

// peakRSSMB is the process's peak resident set (VmHWM) in MB.
func peakRSSMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return -1
}

func benchBolt(b *testing.B) *Bolt {
	return benchBoltGroup(b, 0)
}

// benchBoltGroup opens a Bolt frontier whose group commit takes settled
// URLs (0: the default).
func benchBoltGroup(b *testing.B, settled int) *Bolt {
	f, err := OpenBolt(BoltConfig{Path: filepath.Join(b.TempDir(), "state.db"), HostConcurrency: 1 << 20, GroupSettled: settled})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return f
}

func BenchmarkBoltEnqueue(b *testing.B) {
	f := benchBolt(b)
	b.ResetTimer()
	for i := range b.N {
		f.Add(crawler.Item{URL: benchURL(i), HopPath: "LL"})
	}
}

// BenchmarkBoltDequeue is Next then Done, with group commits of 1 (a
// commit per Done, as before group commits), 16, 64 (the default) and 256
// settled URLs. Commits do not fsync (a timer does).
func BenchmarkBoltDequeue(b *testing.B) {
	for _, settled := range []int{1, 16, DefaultGroupSettled, 256} {
		b.Run(fmt.Sprintf("group=%d", settled), func(b *testing.B) { benchDequeue(b, settled) })
	}
}

func benchDequeue(b *testing.B, settled int) {
	f := benchBoltGroup(b, settled)
	for i := range b.N {
		f.Add(crawler.Item{URL: benchURL(i), HopPath: "LL"})
	}
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		it, err := f.Next(ctx)
		if err != nil {
			b.Fatal(err)
		}
		f.Done(it, 0)
	}
}

// BenchmarkBoltMillionQueued queues 1,000,000 URLs over 1,000 hosts, takes
// 10,000 of them, and reports the process's peak RSS.
func BenchmarkBoltMillionQueued(b *testing.B) {
	for range b.N {
		f, err := OpenBolt(BoltConfig{Path: filepath.Join(b.TempDir(), "state.db"), HostConcurrency: 1 << 20})
		if err != nil {
			b.Fatal(err)
		}
		for i := range million {
			f.Add(crawler.Item{URL: benchURL(i), HopPath: "LL"})
		}
		ctx := context.Background()
		for range 10_000 {
			it, _ := f.Next(ctx)
			f.Done(it, 0)
		}
		if s := f.Stats(); s.Queued != million-10_000 {
			b.Fatalf("stats %+v", s)
		}
		f.Close()
	}
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
}

func benchRedis(b *testing.B) *Redis {
	rdb, id := testRedis(b)
	f, err := OpenRedis(context.Background(), RedisConfig{Client: rdb, CrawlID: id, WorkerID: "bench", HostConcurrency: 1 << 20})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return f
}

// addParallel adds URLs [from, to) from 8 goroutines, as 8 crawl workers would.
func addParallel(f crawler.Frontier, from, to int) {
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := from + g; i < to; i += 8 {
				f.Add(crawler.Item{URL: benchURL(i), HopPath: "LL"})
			}
		})
	}
	wg.Wait()
}

func BenchmarkRedisEnqueue(b *testing.B) {
	f := benchRedis(b)
	b.ResetTimer()
	addParallel(f, 0, b.N)
}

func BenchmarkRedisDequeue(b *testing.B) {
	f := benchRedis(b)
	addParallel(f, 0, b.N)
	ctx := context.Background()
	b.ResetTimer()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := g; i < b.N; i += 8 {
				it, err := f.Next(ctx)
				if err != nil {
					b.Error(err)
					return
				}
				f.Done(it, 0)
			}
		})
	}
	wg.Wait()
}

// BenchmarkRedisMillionQueued queues 1,000,000 URLs and reports this
// process's peak RSS and Redis's memory for the crawl.
func BenchmarkRedisMillionQueued(b *testing.B) {
	for range b.N {
		f := benchRedis(b)
		before, _ := f.rdb.Info(context.Background(), "memory").Result()
		addParallel(f, 0, million)
		if s := f.Stats(); s.Queued != million {
			b.Fatalf("stats %+v", s)
		}
		after, _ := f.rdb.Info(context.Background(), "memory").Result()
		b.ReportMetric((usedMemory(after)-usedMemory(before))/1e6, "redis-MB")
	}
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
}

func usedMemory(info string) float64 {
	for _, line := range strings.Split(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, "used_memory:"); ok {
			n, _ := strconv.ParseFloat(v, 64)
			return n
		}
	}
	return 0
}
