package crawler

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
)

// TestRetryByKind: how often a URL is asked is its retry rule's: a
// malformed answer and a 500 once, a timeout twice, an empty reply and a
// 504 with every retry; the final event names the rule.
func TestRetryByKind(t *testing.T) {
	hold := make(chan struct{})
	defer close(hold)
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if code, ok := map[string]int{"/504": 504, "/500": 500}[r.URL.Path]; ok {
			http.Error(w, "upstream", code)
			return
		}
		http.NotFound(w, r)
	}))
	defer gateway.Close()
	tests := []struct {
		name, seed string
		tries      int
		final      string
	}{
		{"malformed", "http://" + crawltest.ServeConns(t, func(c *net.TCPConn) { c.Read(make([]byte, 4096)); io.WriteString(c, "HTTP/1.1 abc Garbage\r\n\r\n") }) + "/",
			1, "no-retry:malformed"},
		{"timeout", "http://" + crawltest.ServeConns(t, func(c *net.TCPConn) { c.Read(make([]byte, 4096)); <-hold }) + "/", 2, "retries-spent:timeout"},
		{"empty reply", "http://" + crawltest.ServeConns(t, func(c *net.TCPConn) { c.Read(make([]byte, 4096)) }) + "/", 4, "retries-spent:reset"},
		{"504", gateway.URL + "/504", 4, "retries-spent:504"},
		{"500", gateway.URL + "/500", 1, "no-retry:500"},
	}
	for _, tt := range tests {
		log := crawl(t, tt.seed, Config{IgnoreRobots: true, RetryDelay: time.Millisecond, MaxRetries: 3,
			Transport: &http.Transport{ResponseHeaderTimeout: 100 * time.Millisecond}})
		retries, final := log.find(EventRetry, tt.seed), log.find(EventFetched, tt.seed)
		if len(retries)+len(final) != tt.tries || len(final) != 1 || final[0].RetryRule != tt.final {
			t.Errorf("%s: %d retries, final %+v; want %d tries, the last %q", tt.name, len(retries), final, tt.tries, tt.final)
			continue
		}
		for _, r := range retries {
			if want := "retry:" + strings.TrimPrefix(tt.final, "retries-spent:"); r.RetryRule != want {
				t.Errorf("%s: retry event rule %q, want %q", tt.name, r.RetryRule, want)
			}
		}
	}
}

// TestRedirectChainAcrossHops: each redirect is its own frontier item; the
// target past MaxRedirects is refused, naming the chain's start.
func TestRedirectChainAcrossHops(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/r/%d", &n); err != nil {
			http.NotFound(w, r)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/r/%d", n+1), http.StatusFound)
	}))
	defer srv.Close()
	log := crawl(t, srv.URL+"/r/1", Config{IgnoreRobots: true, MaxRedirects: 3})
	for i := 1; i <= 4; i++ {
		if n := len(log.find(EventFetched, fmt.Sprintf("%s/r/%d", srv.URL, i))); n != 1 {
			t.Errorf("/r/%d fetched %d times, want once", i, n)
		}
	}
	refused := log.find(EventRefused, srv.URL+"/r/5")
	if len(refused) != 1 || refused[0].Rule != RuleTooManyRedirects || !strings.Contains(refused[0].Reason, "from "+srv.URL+"/r/1 ") {
		t.Fatalf("/r/5: %+v, want refused %s naming /r/1; all: %+v", refused, RuleTooManyRedirects, log.events)
	}
	if n := len(log.find(EventFetched, srv.URL+"/r/5")); n != 0 {
		t.Errorf("/r/5 fetched %d times", n)
	}
}

// TestOutlinkCap: a page's links past MaxOutlinks are dropped and counted.
func TestOutlinkCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path != "/" {
			return
		}
		io.WriteString(w, `<html><body><img src="/img">`)
		for i := range 10 {
			fmt.Fprintf(w, `<a href="/p%d">p</a>`, i)
		}
	}))
	defer srv.Close()
	log := crawl(t, srv.URL+"/", Config{IgnoreRobots: true, MaxOutlinks: 4})
	page := log.find(EventFetched, srv.URL+"/")
	if len(page) != 1 || page[0].OutlinksDropped != 7 || len(page[0].Links) != 4 {
		t.Fatalf("page: %+v, want 4 links kept, 7 dropped", page)
	}
	for _, p := range []string{"/img", "/p0", "/p1", "/p2"} {
		if len(log.find(EventFetched, srv.URL+p)) != 1 {
			t.Errorf("%s not fetched", p)
		}
	}
	if len(log.find(EventFetched, srv.URL+"/p3")) != 0 {
		t.Error("/p3, past the cap, was fetched")
	}
}

// TestMalformedRobotsNotRetried: a robots.txt answered with garbage is
// fetched once (the retry rules), and its host's pages are refused.
func TestMalformedRobotsNotRetried(t *testing.T) {
	seed := "http://" + crawltest.ServeConns(t, func(c *net.TCPConn) {
		c.Read(make([]byte, 4096))
		io.WriteString(c, "HTTP/1.1 abc Garbage\r\n\r\n")
	}) + "/"
	log := crawl(t, seed, Config{RetryDelay: time.Millisecond, MaxRetries: 3})
	if n := len(log.find(EventFetched, seed+"robots.txt")); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once", n)
	}
	if r := log.find(EventRefused, seed); len(r) != 1 || r[0].Rule != "robots-unavailable" {
		t.Errorf("the seed: %+v, want refused robots-unavailable", r)
	}
}
