package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/crawler/frontier"
	"github.com/salvage-archive/salvage/warc"
)

const testRedisURL = "redis://127.0.0.1:6379/0"

// requireRedis returns a fresh crawl id on the real Redis, deleted at cleanup.
func requireRedis(t *testing.T) string {
	t.Helper()
	opt, _ := redis.ParseURL(testRedisURL)
	rdb := redis.NewClient(opt)
	if err := rdb.Ping(context.Background()).Err(); err != nil {
		rdb.Close()
		if os.Getenv("SALVAGE_REQUIRE_REDIS") == "1" {
			t.Fatalf("Redis on 127.0.0.1:6379 does not answer: %v", err)
		}
		t.Skipf("SKIPPING: Redis on 127.0.0.1:6379 does not answer (%v); set SALVAGE_REQUIRE_REDIS=1 to fail instead", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	id := "test-" + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		_ = frontier.DeleteCrawl(context.Background(), rdb, id)
		rdb.Close()
	})
	return id
}

// TestSharedCrawlOnRedis: three worker processes crawl the replica through
// one Redis crawl; one is SIGKILLed mid-crawl; the other two finish it. Every
// in-scope URL is captured, once across all workers' WARC files apart from
// what the dead worker had in flight, and the replica never saw more
// concurrent requests per host than --host-concurrency.
func TestSharedCrawlOnRedis(t *testing.T) {
	id := requireRedis(t)
	r := startReplica(t, crawltest.Config{Latency: 25 * time.Millisecond, Articles: 30})
	const perHost, workers = 2, 3
	base := append([]string{"crawl", "--delay", "0", "--progress", "off", "--workers", "3", "--host-concurrency", "2",
		"--max-stream-time", "1s", "--offline-report", "--state", testRedisURL, "--crawl-id", id, "--lease-ttl", "2s"},
		replicaArgs(t, r)...)
	outs := make([]string, 3)
	cmds := make([]*exec.Cmd, 3)
	errs := make([]*strings.Builder, 3)
	for i := range cmds {
		outs[i] = t.TempDir()
		args := append(append([]string{}, base...), "--out", outs[i], "--worker-id", "w"+string(rune('1'+i)), minusmaSeed)
		cmds[i] = exec.Command(os.Args[0], args...)
		cmds[i].Env = append(os.Environ(), "SALVAGE_TEST_MAIN=1")
		errs[i] = &strings.Builder{}
		cmds[i].Stderr = errs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	// Kill the first worker seen writing (under load, any of them may be first to get work);
	// it becomes worker index 0 for the checks below.
	k := waitForAnyFile(t, outs, "*.warc.gz.open")
	ids := []string{"w1", "w2", "w3"}
	outs[0], outs[k], cmds[0], cmds[k], errs[0], errs[k], ids[0], ids[k] = outs[k], outs[0], cmds[k], cmds[0], errs[k], errs[0], ids[k], ids[0]
	time.Sleep(700 * time.Millisecond)
	if err := cmds[0].Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill worker 1: %v", err)
	}
	cmds[0].Wait()
	for i := 1; i < 3; i++ {
		if err := cmds[i].Wait(); err != nil {
			t.Fatalf("worker %d: %v\n%s", i+1, err, errs[i].String())
		}
	}
	// The dead worker's torn file is finished as its restart would.
	open, _ := filepath.Glob(filepath.Join(outs[0], "*.open"))
	for _, f := range open {
		if _, err := warc.RepairOpen(f); err != nil {
			t.Fatal(err)
		}
	}
	all := archive{responses: map[string][]warc.Record{}}
	perWorker := make([]int, 3)
	for i, out := range outs {
		a := readArchive(t, out)
		for _, f := range a.files {
			if !strings.Contains(filepath.Base(f), "-"+ids[i]+"-") {
				t.Errorf("%s: no worker id in the WARC file name", f)
			}
		}
		for u, recs := range a.responses {
			all.responses[u] = append(all.responses[u], recs...)
			perWorker[i] += len(recs)
		}
	}
	m := r.Manifest()
	dups := repeatedCaptures(t, all, m)
	if t.Failed() {
		logMissing(t, outs, all, m)
	}
	// robots.txt is shared through Redis: one worker fetches each host's, the others reuse it.
	// Counted from crawl.log by direct fetches (hop path ending in P): a robots.txt redirected to
	// another host:port's (http -> https) is archived again under that one's URL, as in one process.
	// The two workers that lived never fetch the same one; a repeat of the killed worker's fetch
	// (it may have died before sharing it) counts with the in-flight repeats.
	robotsFetches := map[string][]int{} // URL -> workers that fetched it
	for i, out := range outs {
		for _, l := range strings.Split(readFileString(t, filepath.Join(out, "crawl.log")), "\n") {
			if f := strings.Fields(l); len(f) > 4 && strings.HasSuffix(f[3], "/robots.txt") && strings.HasSuffix(f[4], "P") {
				robotsFetches[f[3]] = append(robotsFetches[f[3]], i)
			}
		}
	}
	if len(robotsFetches) == 0 {
		t.Error("no robots.txt fetched")
	}
	robotsDups := 0
	for u, by := range robotsFetches {
		robotsDups += len(by) - 1
		survivors := 0
		for _, w := range by {
			if w != 0 { // worker 0 is the one killed
				survivors++
			}
		}
		if survivors > 1 {
			t.Errorf("%s fetched by %d workers that did not die (workers %v): robots.txt is not shared", u, survivors, by)
		}
	}
	dups += robotsDups
	t.Logf("captures per worker %v (worker 1 killed), %d repeated after the kill (bound %d; %d of them robots.txt fetches, of %d host:ports); replica's max concurrency on %s: %d",
		perWorker, dups, workers, robotsDups, len(robotsFetches), r.Hosts()[0], r.MaxInFlight(r.Hosts()[0]))
	if perWorker[1] == 0 || perWorker[2] == 0 {
		t.Errorf("work was not shared: %v", perWorker)
	}
	if dups > workers {
		t.Errorf("%d repeated captures; at most the %d the killed worker had in flight", dups, workers)
	}
	for _, h := range r.Hosts() {
		if n := r.MaxInFlight(h); n > perHost {
			t.Errorf("replica saw %d concurrent requests to %s, limit %d across all workers", n, h, perHost)
		}
	}
	checkMergedIndex(t, outs[1:])
	res := salvage(context.Background(), "status", "--state", testRedisURL, "--crawl-id", id)
	if res.code != 0 || !strings.Contains(res.stdout, "0 queued, 0 in flight") || !strings.Contains(res.stdout, "worker w2") {
		t.Errorf("status: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}

// logMissing shows every worker's trap lines and, for each manifest URL no
// worker archived, the crawl.log lines that name it: what became of it.
func logMissing(t *testing.T, outs []string, a archive, m crawltest.Manifest) {
	t.Helper()
	logs := make([]string, len(outs))
	for i, out := range outs {
		logs[i] = readFileString(t, filepath.Join(out, "crawl.log"))
	}
	for i, l := range logs {
		for _, line := range strings.Split(l, "\n") {
			if strings.Contains(line, "trap:") {
				t.Logf("worker %d: %s", i+1, line)
			}
		}
	}
	for _, urls := range manifestKinds(m) {
		for _, u := range urls {
			if len(a.responses[u]) > 0 {
				continue
			}
			for i, l := range logs {
				for _, line := range strings.Split(l, "\n") {
					if strings.Contains(line, u) {
						t.Logf("worker %d: %s", i+1, line)
					}
				}
			}
		}
	}
}

// checkMergedIndex: salvage index --merge makes the finished workers' own
// indexes one sorted index holding every line of each.
func checkMergedIndex(t *testing.T, outs []string) {
	t.Helper()
	var inputs []string
	for _, out := range outs {
		p := filepath.Join(out, "index.cdxj")
		inputs = append(inputs, p)
	}
	total := 0
	for _, p := range inputs {
		total += strings.Count(readFileString(t, p), "\n")
	}
	merged := filepath.Join(t.TempDir(), "all.cdxj")
	res := salvage(context.Background(), append([]string{"index", "--merge", "--out", merged}, inputs...)...)
	if res.code != 0 {
		t.Fatalf("index --merge: exit %d %s", res.code, res.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(readFileString(t, merged), "\n"), "\n")
	if len(lines) != total || !slices.IsSorted(lines) {
		t.Errorf("merged index: %d lines (inputs %d), sorted %v", len(lines), total, slices.IsSorted(lines))
	}
}

// waitForAnyFile waits until one of dirs holds a file matching pattern and
// returns its index.
func waitForAnyFile(t *testing.T, dirs []string, pattern string) int {
	t.Helper()
	for range 600 {
		for i, d := range dirs {
			if m, _ := filepath.Glob(filepath.Join(d, pattern)); len(m) > 0 {
				return i
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("no file matching %s appeared in any of %v", pattern, dirs)
	return -1
}
