package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/crawler/frontier"
)

// TestKill9Resume kills a crawl of the replica with SIGKILL at several
// points, resumes it each time, and checks that the finished archive holds
// every in-scope URL, that none was captured twice beyond what a kill can
// lose (the fetches in flight, at most one per worker, and the URLs settled
// since the state's last group commit, fewer than
// frontier.DefaultGroupSettled), and that every WARC file (torn ones
// finished on restart) reads back with digests verified.
func TestKill9Resume(t *testing.T) {
	r := startReplica(t, crawltest.Config{Latency: 25 * time.Millisecond, Articles: 30})
	out := t.TempDir()
	const workers = 4
	args := append([]string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--workers", "4",
		"--max-stream-time", "1s", "--warc-size", "300KB", "--offline-report", "--log-level", "info"}, replicaArgs(t, r)...)
	args = append(args, minusmaSeed)
	kills := []time.Duration{400 * time.Millisecond, 900 * time.Millisecond, 1500 * time.Millisecond}
	repaired := 0
	for i, after := range kills {
		stderr := runUntilKilled(t, args, out, after)
		if i > 0 && !strings.Contains(stderr, "salvage: resuming the crawl in "+out) {
			t.Errorf("run %d did not resume: %s", i+1, stderr)
		}
		repaired += strings.Count(stderr, "finished WARC file left open")
	}
	final := exec.Command(os.Args[0], args...)
	final.Env = append(os.Environ(), "SALVAGE_TEST_MAIN=1")
	var stderr strings.Builder
	final.Stderr = &stderr
	if err := final.Run(); err != nil {
		t.Fatalf("final run: %v\n%s", err, stderr.String())
	}
	repaired += strings.Count(stderr.String(), "finished WARC file left open")
	if repaired < len(kills) {
		t.Errorf("%d WARC files finished on restart after %d kills; each kill leaves one open", repaired, len(kills))
	}
	a := readArchive(t, out) // verifies every file: digests, pairs, no .open left
	m := r.Manifest()
	dups := repeatedCaptures(t, a, m)
	perKill := workers + frontier.DefaultGroupSettled - 1
	bound := len(kills) * perKill
	t.Logf("%d kills, %d WARC files (%d finished on restart), %d URLs archived, %d captured again after a kill (bound %d)",
		len(kills), len(a.files), repaired, len(a.responses), dups, bound)
	if dups > bound {
		t.Errorf("%d repeated captures, more than the %d a kill can lose (%d in flight + %d settled in an uncommitted group) times %d kills",
			dups, bound, workers, frontier.DefaultGroupSettled-1, len(kills))
	}
}

// runUntilKilled runs salvage as a separate process and SIGKILLs it after d
// of crawling (counted from its first WARC file).
func runUntilKilled(t *testing.T, args []string, out string, d time.Duration) string {
	t.Helper()
	cmd, stderr := startCrawling(t, args, out)
	time.Sleep(d)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill: %v (the crawl ended before it: make it longer)", err)
	}
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("crawl was not killed (%v): it ended before the kill; stderr %s", err, stderr.String())
	}
	return stderr.String()
}

// startCrawling starts salvage as a separate process and returns once it
// writes a new WARC file in out.
func startCrawling(t *testing.T, args []string, out string) (*exec.Cmd, *strings.Builder) {
	t.Helper()
	before, _ := filepath.Glob(filepath.Join(out, "*.warc.gz.open"))
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "SALVAGE_TEST_MAIN=1")
	stderr := new(strings.Builder)
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForNewFile(t, filepath.Join(out, "*.warc.gz.open"), before)
	return cmd, stderr
}

// waitForNewFile waits for a file matching pattern that is not in old.
func waitForNewFile(t *testing.T, pattern string, old []string) {
	t.Helper()
	for range 400 {
		m, _ := filepath.Glob(pattern)
		for _, f := range m {
			if !slices.Contains(old, f) {
				return
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("no new file matching %s appeared", pattern)
}
