package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/cmd/internal/clitest"
)

var stoppingRE = regexp.MustCompile(`(?m)^stopping: letting (\d+) fetches finish \(Ctrl-C again to stop now\)$`)

// drippingSite serves a page linking to three pages that drip one byte
// every 100 ms and never end.
func drippingSite(t *testing.T) *hostileServer {
	t.Helper()
	return startHostile(t, map[string]func(net.Conn){
		"/":   respond("text/html", `<html><body><a href="/d1">1</a> <a href="/d2">2</a> <a href="/d3">3</a></body></html>`),
		"/d1": drip(100 * time.Millisecond), "/d2": drip(100 * time.Millisecond), "/d3": drip(100 * time.Millisecond),
	})
}

// dripArgs crawl the dripping site with a grace far longer than a test.
func dripArgs(out string, s *hostileServer) []string {
	return []string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--retries", "0", "--grace", "60s",
		"--max-fetch-time", "120s", "--max-stream-time", "120s", "--workers", "4", "--host-concurrency", "4",
		"--offline-report", s.url("/")}
}

// waitDrips waits until every dripping page is being fetched.
func waitDrips(t *testing.T, s *hostileServer) {
	t.Helper()
	for range 1000 {
		if s.hitCount("/d1") > 0 && s.hitCount("/d2") > 0 && s.hitCount("/d3") > 0 {
			time.Sleep(100 * time.Millisecond) // a few bytes recorded
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the dripping pages were never fetched")
}

// stoppingCount waits for the stop line on stderr and returns its N.
func stoppingCount(t *testing.T, stderr func() string) int {
	t.Helper()
	for range 1000 {
		if m := stoppingRE.FindStringSubmatch(stderr()); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no stop line on stderr: %s", stderr())
	return 0
}

// TestInterruptTwice: the first interrupt says how many fetches it lets
// finish and lets them (the grace is 60 s); the second stops the crawl at
// once, every WARC file closed at a complete record.
func TestInterruptTwice(t *testing.T) {
	s := drippingSite(t)
	out := t.TempDir()
	sigs := make(chan os.Signal)
	ctx, release := cli.Interrupts(context.Background(), sigs, func() { t.Error("a third stage ran") })
	defer release()
	var stdout bytes.Buffer
	var stderr clitest.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, dripArgs(out, s), &stdout, &stderr) }()
	waitDrips(t, s)
	sigs <- os.Interrupt
	if n := stoppingCount(t, stderr.String); n < 3 {
		t.Errorf("stop line says %d fetches, want the 3 dripping pages", n)
	}
	select {
	case code := <-done:
		t.Fatalf("the crawl ended (exit %d) within 500ms of the first interrupt, before its 60s grace: %s", code, stderr.String())
	case <-time.After(500 * time.Millisecond):
	}
	sigs <- os.Interrupt
	select {
	case code := <-done:
		if code != cli.ExitRuntime {
			t.Errorf("exit %d after an interrupt, want %d", code, cli.ExitRuntime)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the crawl did not stop within 20s of the second interrupt (grace 60s)")
	}
	if n := strings.Count(stderr.String(), "stopping:"); n != 1 {
		t.Errorf("%d stop lines, want 1: %s", n, stderr.String())
	}
	a := readArchive(t, out) // verifies every file; no .open left
	for _, p := range []string{"/d1", "/d2", "/d3"} {
		if len(a.responses[s.url(p)]) != 1 {
			t.Errorf("%s: %d response records, want 1 (cut, as far as it got)", p, len(a.responses[s.url(p)]))
		}
	}
}

// TestSIGINTTwice sends two real SIGINTs to a salvage process.
func TestSIGINTTwice(t *testing.T) {
	s := drippingSite(t)
	out := t.TempDir()
	cmd := exec.Command(os.Args[0], dripArgs(out, s)...)
	cmd.Env = append(os.Environ(), "SALVAGE_TEST_MAIN=1")
	var stderr clitest.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	waitDrips(t, s)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if n := stoppingCount(t, stderr.String); n < 1 {
		t.Errorf("stop line says %d fetches, want the dripping pages", n)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("salvage did not stop within 20s of the second SIGINT (grace 60s)")
	}
	if code := cmd.ProcessState.ExitCode(); code != cli.ExitRuntime {
		t.Errorf("exit %d after SIGINT, want %d: %s", code, cli.ExitRuntime, stderr.String())
	}
	t.Logf("stderr:\n%s", stderr.String())
	readArchive(t, out)
}

// TestStoppingLine: on a terminal the stop line first clears the progress line.
func TestStoppingLine(t *testing.T) {
	const want = "stopping: letting 2 fetches finish (Ctrl-C again to stop now)\n"
	if got := stoppingLine(2, false); got != want {
		t.Errorf("plain: %q, want %q", got, want)
	}
	if got := stoppingLine(2, true); got != "\r\033[K"+want {
		t.Errorf("terminal: %q, want the line cleared first", got)
	}
}
