package crawler

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// eventLog collects a crawl's events.
type eventLog struct {
	mu     sync.Mutex
	events []Event
}

func (l *eventLog) Event(e Event) {
	l.mu.Lock()
	l.events = append(l.events, e)
	l.mu.Unlock()
}

func (l *eventLog) find(kind EventKind, url string) []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Event
	for _, e := range l.events {
		if e.Kind == kind && e.URL == url {
			out = append(out, e)
		}
	}
	return out
}

func crawl(t *testing.T, seed string, cfg Config) *eventLog {
	t.Helper()
	_, log := runCrawl(t, seed, cfg)
	return log
}

// TestRobotsUnavailableMeansDoNotCrawl: RFC 9309 says a 5xx robots.txt
// means the whole host is off limits for now; the crawler retries, then gives up.
func TestRobotsUnavailableMeansDoNotCrawl(t *testing.T) {
	var pages atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		pages.Add(1)
		w.Write([]byte("<a href=/x>x</a>"))
	}))
	defer srv.Close()
	log := crawl(t, srv.URL+"/", Config{RetryDelay: 10 * time.Millisecond, MaxRetries: 2})
	if n := pages.Load(); n != 0 {
		t.Errorf("%d pages fetched from a host whose robots.txt answers 503", n)
	}
	refused := log.find(EventRefused, srv.URL+"/")
	if len(refused) != 1 || refused[0].Status != StatusPrereqFailed {
		t.Errorf("seed refusal %+v, want one with status %d", refused, StatusPrereqFailed)
	}
	if robots := log.find(EventFetched, srv.URL+"/robots.txt"); len(robots) != 3 {
		t.Errorf("robots.txt fetched %d times, want 3 (first try and 2 retries)", len(robots))
	}
}

// TestRetryAfterHonoured: a 429 with Retry-After is retried no sooner than asked.
func TestRetryAfterHonoured(t *testing.T) {
	var mu sync.Mutex
	var hits []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" || r.URL.Path == "/sitemap.xml" { // the sitemap probe: none here
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		hits = append(hits, time.Now())
		n := len(hits)
		mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	log := crawl(t, srv.URL+"/", Config{RetryDelay: time.Millisecond})
	if len(hits) != 2 {
		t.Fatalf("%d fetches, want 2", len(hits))
	}
	if gap := hits[1].Sub(hits[0]); gap < time.Second {
		t.Errorf("retried after %s, server asked for 1s", gap)
	}
	if r := log.find(EventRetry, srv.URL+"/"); len(r) != 1 || r[0].Status != 429 {
		t.Errorf("retry events %+v", r)
	}
	if f := log.find(EventFetched, srv.URL+"/"); len(f) != 1 || f[0].Status != 200 || f[0].Attempt != 2 {
		t.Errorf("final fetch %+v", f)
	}
}

// TestCrawlDelayAndHostConcurrency: one fetch at a time per host, Crawl-delay
// apart, whatever the worker count.
func TestCrawlDelayAndHostConcurrency(t *testing.T) {
	var mu sync.Mutex
	var inFlight, maxInFlight int
	var starts []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.Write([]byte("User-agent: *\nCrawl-delay: 0.2\n"))
			return
		}
		if r.URL.Path == "/sitemap.xml" { // the sitemap probe: none here
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		inFlight++
		maxInFlight = max(maxInFlight, inFlight)
		starts = append(starts, time.Now())
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<a href="/a">a</a><a href="/b">b</a><a href="/c">c</a>`))
		mu.Lock()
		inFlight--
		mu.Unlock()
	}))
	defer srv.Close()
	crawl(t, srv.URL+"/", Config{Workers: 4, HostConcurrency: 1})
	if maxInFlight != 1 {
		t.Errorf("%d fetches in flight at once on one host, limit 1", maxInFlight)
	}
	if len(starts) != 4 {
		t.Fatalf("%d pages fetched, want 4", len(starts))
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < 200*time.Millisecond {
			t.Errorf("fetch %d started %s after the previous one; Crawl-delay is 0.2s", i, gap)
		}
	}
}

// TestCollyEnvironmentIgnored: COLLY_* variables cannot change the crawl.
func TestCollyEnvironmentIgnored(t *testing.T) {
	t.Setenv("COLLY_USER_AGENT", "evil")
	t.Setenv("COLLY_MAX_BODY_SIZE", "10")
	t.Setenv("COLLY_IGNORE_ROBOTSTXT", "n")
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<p>` + string(make([]byte, 100)) + `</p><a href="/next">n</a>`))
	}))
	defer srv.Close()
	log := crawl(t, srv.URL+"/", Config{})
	if got := ua.Load(); got != DefaultUserAgent {
		t.Errorf("User-Agent %q, want the default", got)
	}
	if f := log.find(EventFetched, srv.URL+"/next"); len(f) != 1 {
		t.Errorf("link after byte 10 not followed: COLLY_MAX_BODY_SIZE took effect")
	}
}
