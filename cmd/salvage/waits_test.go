package main

import (
	"context"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler"
)

// answers serves the given raw responses to the first requests, then a page.
func answers(first ...string) func(c net.Conn) {
	var n atomic.Int64
	return func(c net.Conn) {
		if i := int(n.Add(1)) - 1; i < len(first) {
			io.WriteString(c, first[i])
			return
		}
		io.WriteString(c, okResponse("text/html", "<html><body>back</body></html>"))
	}
}

func statusWithRetryAfter(status, after string) string {
	return "HTTP/1.1 " + status + "\r\nRetry-After: " + after + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
}

// TestProgressNamesHostPause: while a host is paused by a 429 and nothing is
// in flight, the progress line says what the crawl is waiting on.
func TestProgressNamesHostPause(t *testing.T) {
	s := startHostile(t, map[string]func(net.Conn){
		"/":  respond("text/html", `<a href="/a">a</a><a href="/b">b</a>`),
		"/a": answers(statusWithRetryAfter("429 Too Many Requests", "2")),
		"/b": respond("text/html", "<html><body>b</body></html>"),
	})
	out := t.TempDir()
	res := salvage(context.Background(), "crawl", "--out", out, "--delay", "0", "--offline-report", "--host-concurrency", "1",
		"--progress", "lines", "--progress-interval", "100ms", s.url("/"))
	if res.code != 0 {
		t.Fatalf("crawl exit %d: %s", res.code, res.stderr)
	}
	host := strings.TrimPrefix(s.url(""), "http://")
	want := "waiting: " + host + " paused "
	var waiting string
	for _, line := range strings.Split(res.stderr, "\n") {
		if strings.Contains(line, "in flight 0") && strings.Contains(line, want) && strings.Contains(line, "(429 Retry-After)") {
			waiting = line
			break
		}
	}
	if waiting == "" {
		t.Fatalf("no progress line says %q...(429 Retry-After):\n%s", want, res.stderr)
	}
	t.Log(waiting)
	if e := readCrawlLog(t, out)[s.url("/a")]; e.Status != 200 {
		t.Errorf("/a: final status %d, want 200 after the pause", e.Status)
	}
}

// TestDeferredURLRerun: one page answers 503 with a Retry-After of an hour
// while the others are fine: the crawl ends without waiting, lists the URL
// as deferred (summary.json, crawl.log, the printed summary), exits 0, and
// a rerun of the same command fetches it.
func TestDeferredURLRerun(t *testing.T) {
	s := startHostile(t, map[string]func(net.Conn){
		"/":     respond("text/html", `<a href="/slow">slow</a><a href="/fine">fine</a>`),
		"/slow": answers(statusWithRetryAfter("503 Service Unavailable", "3600")),
		"/fine": respond("text/html", "<html><body>fine</body></html>"),
	})
	out := t.TempDir()
	args := []string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--offline-report", s.url("/")}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res := salvage(ctx, args...)
	if res.code != 0 {
		t.Fatalf("crawl exit %d: %s", res.code, res.stderr)
	}
	slow := s.url("/slow")
	sum := loadSummary(t, out)
	if len(sum.Deferred) != 1 {
		t.Fatalf("summary.json deferred %+v, want /slow", sum.Deferred)
	}
	if d := sum.Deferred[0]; d.URL != slow || d.Status != 503 || d.RetryAfterSeconds != 3600 ||
		d.Reason != "503 Retry-After 3600s, beyond --max-wait 3m0s" || time.Until(d.RetryAt) < 50*time.Minute {
		t.Errorf("summary.json deferred %+v", d)
	}
	if e := readCrawlLog(t, out)[slow]; e.Event != string(crawler.EventDeferred) || e.Rule != crawler.RuleDeferred || e.Status != 503 {
		t.Errorf("crawl.jsonl: %+v, want a deferred line", e)
	}
	if log := readFileString(t, filepath.Join(out, "crawl.log")); !strings.Contains(log, "rule:retry:deferred,retryAt:") {
		t.Errorf("crawl.log lacks the deferral:\n%s", log)
	}
	if !strings.Contains(res.stdout, "deferred 1 URL(s): rerun the same command") {
		t.Errorf("printed summary does not name the deferral:\n%s", res.stdout)
	}

	res = salvage(ctx, args...)
	if res.code != 0 {
		t.Fatalf("rerun exit %d: %s", res.code, res.stderr)
	}
	if e := readCrawlLog(t, out)[slow]; e.Event != string(crawler.EventFetched) || e.Status != 200 {
		t.Errorf("rerun: /slow %+v, want fetched 200", e)
	}
	if sum := loadSummary(t, out); len(sum.Deferred) != 0 {
		t.Errorf("rerun: still deferred %+v", sum.Deferred)
	}
	if n, m := s.hitCount("/slow"), s.hitCount("/"); n != 2 || m != 1 {
		t.Errorf("/slow requested %d times (want 2: 503, then 200 on the rerun), / %d times (want 1)", n, m)
	}
}

func TestWaitingText(t *testing.T) {
	now := time.Date(2026, 1, 2, 15, 4, 0, 0, time.Local)
	for _, tc := range []struct {
		waits []crawler.Wait
		want  string
	}{
		{nil, "waiting: politeness delay (--delay, robots.txt Crawl-delay)"},
		{[]crawler.Wait{{Host: "a.org:443", Until: now.Add(41200 * time.Millisecond), Reason: "429 Retry-After"}},
			"waiting: a.org:443 paused 42s (429 Retry-After)"},
		{[]crawler.Wait{{URLs: 2, Until: now.Add(5 * time.Second), Reason: "503 Retry-After"}},
			"waiting: 2 URL(s) until 15:04:05 (503 Retry-After)"},
		{[]crawler.Wait{{Host: "a.org:443", Until: now.Add(time.Minute), Reason: "503 on 3 URLs in a row"},
			{Host: "b.org:443", Until: now.Add(time.Second), Reason: "429"}, {URLs: 1, Until: now.Add(time.Second), Reason: "retry backoff"}},
			"waiting: a.org:443 paused 1m0s (503 on 3 URLs in a row); b.org:443 paused 1s (429); 1 more"},
	} {
		if got := waitingText(tc.waits, now); got != tc.want {
			t.Errorf("waitingText(%+v) = %q, want %q", tc.waits, got, tc.want)
		}
	}
}
