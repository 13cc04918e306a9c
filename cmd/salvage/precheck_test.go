package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/salvage-archive/salvage/cmd/internal/folder"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
)

// pathCounts counts requests by host and path.
type pathCounts struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *pathCounts) add(r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[r.Host+r.URL.Path]++
}

func (c *pathCounts) get(hostPath string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[hostPath]
}

// precheckSite is a chain of pages / -> /p1 -> ... -> /p5 on site.test, each
// linking to slow.test (answers after 300 ms) and the first also to
// late.test (answers only once /p5 was served), hang.test (never answers)
// and private.test/members/ (which its robots.txt disallows).
// /p5 waits for late.test's request, so that check is in flight before the
// crawl's last fetch.
func precheckSite(t *testing.T, counts *pathCounts) (site, ext *httptest.Server) {
	lateAsked, lastServed := make(chan struct{}), make(chan struct{})
	var lateOnce, lastOnce sync.Once
	ext = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		counts.add(r)
		if r.URL.Path == "/robots.txt" { // answered at once: the checks below wait for it
			if strings.HasPrefix(r.Host, "private.test") {
				fmt.Fprint(w, "User-agent: *\nDisallow: /members/\n")
			} else {
				http.NotFound(w, r)
			}
			return
		}
		switch strings.Split(r.Host, ":")[0] {
		case "slow.test":
			time.Sleep(300 * time.Millisecond)
		case "late.test":
			lateOnce.Do(func() { close(lateAsked) })
			<-lastServed
		case "hang.test":
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "ok")
	}))
	t.Cleanup(ext.Close)
	site = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body strings.Builder
		body.WriteString(`<html><body><a href="http://slow.test/a">a</a> <a href="http://slow.test/b">b</a>`)
		switch r.URL.Path {
		case "/":
			body.WriteString(`<a href="http://late.test/x">late</a> <a href="http://hang.test/x">hang</a> <a href="/p1">next</a>`)
			body.WriteString(`<a href="http://private.test/members/1">members</a>`)
		case "/p1", "/p2", "/p3", "/p4":
			fmt.Fprintf(&body, `<a href="/p%c">next</a>`, r.URL.Path[2]+1)
		case "/p5":
			select {
			case <-lateAsked:
			case <-time.After(20 * time.Second): // the assertions below then say what went wrong
			}
			defer lastOnce.Do(func() { close(lastServed) })
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, body.String()+"</body></html>")
	}))
	t.Cleanup(site.Close)
	t.Cleanup(func() { lastOnce.Do(func() { close(lastServed) }) })
	return site, ext
}

// TestCrawlChecksExternalLinksDuringCrawl: at the default politeness, the
// link report's external checks start while the crawl runs (before its
// last fetch), each external URL is requested once however many pages link
// to it, a check still in flight at the crawl's end is awaited and
// reported, one that hangs is reported as a timeout, one its host's
// robots.txt disallows is robots-excluded and never requested (as verify
// does), and summary.json records the run's times in order.
func TestCrawlChecksExternalLinksDuringCrawl(t *testing.T) {
	counts := &pathCounts{}
	site, ext := precheckSite(t, counts)
	siteHost := "site.test:" + site.URL[strings.LastIndex(site.URL, ":")+1:]
	out := t.TempDir()
	args := []string{"crawl", "--out", out, "--progress", "off", "--no-sitemaps", "--check-timeout", "2s",
		"--resolve", siteHost + ":" + site.Listener.Addr().String()}
	for _, h := range []string{"slow.test", "late.test", "hang.test", "private.test"} {
		args = append(args, "--resolve", h+":80:"+ext.Listener.Addr().String())
	}
	res := salvage(context.Background(), append(args, "http://"+siteHost+"/")...)
	if res.code != 0 && res.code != 1 {
		t.Fatalf("crawl exit %d: %s", res.code, res.stderr)
	}
	times := readTimes(t, out)
	_, links := loadReport(t, filepath.Join(out, "links.json"))
	want := map[string]policy.LinkClass{"http://slow.test/a": policy.ClassOK, "http://slow.test/b": policy.ClassOK,
		"http://late.test/x": policy.ClassOK, "http://hang.test/x": policy.ClassTimeout}
	for u, class := range want {
		l := links[u]
		t.Logf("%s: %s, checked at %s for %d ms (last fetch %s)", u, l.Class, l.CheckedAt.Format(time.StampMilli),
			l.DurationMS, times.LastFetch.Format(time.StampMilli))
		if l.Class != class {
			t.Errorf("%s: %s (%s), want %s", u, l.Class, l.Evidence, class)
		}
		if !l.CheckedAt.Before(times.LastFetch) {
			t.Errorf("%s checked at %s, not before the crawl's last fetch %s", u, l.CheckedAt, times.LastFetch)
		}
		if n := counts.get(strings.TrimPrefix(u, "http://")); n != 1 {
			t.Errorf("%s requested %d times, want once", u, n)
		}
	}
	if l := links["http://private.test/members/1"]; l.Class != policy.ClassRobotsExcluded || counts.get("private.test/members/1") != 0 {
		t.Errorf("private.test/members/1: %s, requested %d times; want robots-excluded, never requested", l.Class, counts.get("private.test/members/1"))
	}
	if !strings.Contains(res.stdout, "after it (") {
		t.Errorf("no times line in the summary:\n%s", res.stdout)
	}
}

// readTimes reads summary.json's times and checks their order.
func readTimes(t *testing.T, out string) folder.Times {
	t.Helper()
	sum := loadSummary(t, out)
	tm := sum.Times
	if tm == nil {
		t.Fatal("summary.json has no times")
	}
	order := []time.Time{tm.Started, tm.LastFetch, tm.CrawlFinished, tm.ReportsWritten, tm.Exited}
	for i := 1; i < len(order); i++ {
		if order[i].IsZero() || order[i].Before(order[i-1]) {
			t.Errorf("summary.json times out of order: %+v", tm)
		}
	}
	if wall := tm.Exited.Sub(tm.Started).Seconds(); tm.AfterLastFetchSeconds < 0 || tm.AfterLastFetchShare < 0 ||
		tm.AfterLastFetchShare > 1 || tm.AfterLastFetchSeconds > wall {
		t.Errorf("after the last fetch: %.3fs, share %.3f of %.3fs", tm.AfterLastFetchSeconds, tm.AfterLastFetchShare, wall)
	}
	return *tm
}

// TestCheckResultsSharedOnRedis: with --state redis://, a check result one
// worker stored is used by another, which asks the host nothing.
func TestCheckResultsSharedOnRedis(t *testing.T) {
	counts, workers := sharedCheckers(t, 0)
	var classes []policy.LinkClass
	for _, chk := range workers {
		classes = append(classes, chk.Check(context.Background(), "http://ext.test/page").Class)
	}
	if n := counts.get("ext.test/page"); n != 1 || classes[0] != policy.ClassOK || classes[1] != policy.ClassOK {
		t.Errorf("two workers: %d requests, classes %v; want one request, ok for both", n, classes)
	}
}

// TestCheckClaimedOnRedis: two workers checking one URL at the same time
// ask its host once: the second waits for the first's claimed check.
func TestCheckClaimedOnRedis(t *testing.T) {
	counts, workers := sharedCheckers(t, 300*time.Millisecond)
	classes := make([]policy.LinkClass, len(workers))
	var wg sync.WaitGroup
	for i, chk := range workers {
		wg.Go(func() { classes[i] = chk.Check(context.Background(), "http://ext.test/doc").Class })
	}
	wg.Wait()
	if n := counts.get("ext.test/doc"); n != 1 || classes[0] != policy.ClassOK || classes[1] != policy.ClassOK {
		t.Errorf("two workers at once: %d requests, classes %v; want one request, ok for both", n, classes)
	}
}

// sharedCheckers are two workers' Checkers sharing results on Redis, and
// the request counts of ext.test, which answers "ok" after delay.
func sharedCheckers(t *testing.T, delay time.Duration) (*pathCounts, []*verify.Checker) {
	id := requireRedis(t)
	opt, _ := redis.ParseURL(testRedisURL)
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { rdb.Close() })
	counts := &pathCounts{}
	ext := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		counts.add(r)
		time.Sleep(delay)
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "ok")
	}))
	t.Cleanup(ext.Close)
	flags := checkFlags{resolve: listFlag{"ext.test:80:" + ext.Listener.Addr().String()}, timeout: 5 * time.Second}
	var workers []*verify.Checker
	for worker := range 2 {
		chk, err := flags.buildShared(nil, filepath.Join(t.TempDir(), fmt.Sprint("cache-", worker)), newRedisChecks(rdb, id))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { chk.Close() })
		workers = append(workers, chk)
	}
	return counts, workers
}
