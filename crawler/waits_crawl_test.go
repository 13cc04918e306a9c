package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// recordingFrontier is the memory frontier, noting the delays it is given.
type recordingFrontier struct {
	*memFrontier
	mu      sync.Mutex
	done    map[string]time.Duration // URL -> host delay of its Done
	retries []retryCall
}

type retryCall struct {
	url          string
	after, pause time.Duration
}

func newRecordingFrontier(perHost int) *recordingFrontier {
	return &recordingFrontier{memFrontier: newMemFrontier(perHost, time.Now), done: map[string]time.Duration{}}
}

func (r *recordingFrontier) Done(it Item, hostDelay time.Duration) {
	r.mu.Lock()
	r.done[it.URL] = hostDelay
	r.mu.Unlock()
	r.memFrontier.Done(it, hostDelay)
}

func (r *recordingFrontier) Retry(it Item, after, hostPause time.Duration) {
	r.mu.Lock()
	r.retries = append(r.retries, retryCall{it.URL, after, hostPause})
	r.mu.Unlock()
	r.memFrontier.Retry(it, after, hostPause)
}

// runCrawl crawls seed and returns the crawler (for Deferred) and its events.
func runCrawl(t *testing.T, seed string, cfg Config) (*Crawler, *eventLog) {
	t.Helper()
	sc := policy.DefaultScopeConfig()
	sc.Seeds = []string{seed}
	scope, err := policy.NewScope(sc)
	if err != nil {
		t.Fatal(err)
	}
	log := &eventLog{}
	cfg.Seeds, cfg.Scope, cfg.Sink = []string{seed}, scope, log
	if cfg.Transport == nil {
		cfg.Transport = &http.Transport{}
	}
	cr, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := cr.Run(ctx); err != nil {
		t.Fatal(err)
	}
	return cr, log
}

// site serves pages linking to links; status answers each path's first
// requests (a status and a Retry-After) before it answers 200.
type site struct {
	mu      sync.Mutex
	links   []string
	answers map[string][]string // path -> "503 3600", "429 2", "503" ... then 200
	robots  string
	hits    map[string]int
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	var answer string
	if q := s.answers[r.URL.Path]; len(q) > 0 {
		answer, s.answers[r.URL.Path] = q[0], q[1:]
	}
	s.mu.Unlock()
	switch {
	case r.URL.Path == "/robots.txt" && s.robots != "":
		fmt.Fprint(w, s.robots)
	case r.URL.Path == "/robots.txt", r.URL.Path == "/sitemap.xml":
		http.NotFound(w, r)
	case answer != "":
		status, after, _ := strings.Cut(answer, " ")
		if after != "" {
			w.Header().Set("Retry-After", after)
		}
		var code int
		fmt.Sscan(status, &code)
		w.WriteHeader(code)
	default:
		w.Header().Set("Content-Type", "text/html")
		for _, l := range s.links {
			fmt.Fprintf(w, `<a href="%s">%s</a>`, l, l)
		}
	}
}

func (s *site) hitCount(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func startSite(t *testing.T, s *site) string {
	t.Helper()
	s.hits = map[string]int{}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestRefusedURLsCostHostNoTime: URLs refused by robots.txt make no request,
// so their host's next fetch is not delayed by them: refused when found
// (robots.txt already read), or Done with 0.
func TestRefusedURLsCostHostNoTime(t *testing.T) {
	s := &site{robots: "User-agent: *\nDisallow: /private/\n"}
	for i := range 20 {
		s.links = append(s.links, fmt.Sprintf("/private/%d", i))
	}
	base := startSite(t, s)
	fr := newRecordingFrontier(2)
	_, log := runCrawl(t, base+"/", Config{Frontier: fr, Delay: time.Second})
	for i := range 20 {
		u := fmt.Sprintf("%s/private/%d", base, i)
		if r := log.find(EventRefused, u); len(r) != 1 || r[0].Status != StatusRobots {
			t.Errorf("%s: refusals %+v, want one by robots", u, r)
		}
		// Found after robots.txt was read, it is refused when found and never
		// queued; found before, it is Done with no host delay.
		if d, ok := fr.done[u]; ok && d != 0 {
			t.Errorf("%s: Done with host delay %s, want 0: no request was made", u, d)
		}
	}
	if d := fr.done[base+"/"]; d != time.Second {
		t.Errorf("seed: Done with host delay %s, want the 1s --delay", d)
	}
}

// TestOneURLsTroubleNeverHoldsHost: one URL's 503 with Retry-After delays
// that URL only; 503s on three different URLs in a row pause the host.
func TestOneURLsTroubleNeverHoldsHost(t *testing.T) {
	s := &site{links: []string{"/1", "/2", "/3"},
		answers: map[string][]string{"/1": {"503 1"}, "/2": {"503 1"}, "/3": {"503 1"}}}
	base := startSite(t, s)
	fr := newRecordingFrontier(1)
	runCrawl(t, base+"/", Config{Frontier: fr, Workers: 1, HostConcurrency: 1, Delay: 10 * time.Millisecond})
	want := []retryCall{
		{base + "/1", time.Second, 10 * time.Millisecond}, // one URL's trouble: the host keeps its pace
		{base + "/2", time.Second, 10 * time.Millisecond},
		{base + "/3", time.Second, time.Second}, // the third different URL in a row: the host is paused
	}
	if len(fr.retries) != len(want) {
		t.Fatalf("retries %+v, want %+v", fr.retries, want)
	}
	for i, w := range want {
		if fr.retries[i] != w {
			t.Errorf("retry %d: %+v, want %+v", i+1, fr.retries[i], w)
		}
	}
	for _, p := range []string{"/1", "/2", "/3"} {
		if n := s.hitCount(p); n != 2 {
			t.Errorf("%s requested %d times, want 2 (503, then 200)", p, n)
		}
	}
}

// TestDeferredBeyondMaxWait: a server asking for more than MaxWait has its
// URL deferred at once: the crawl ends without waiting, and says so.
func TestDeferredBeyondMaxWait(t *testing.T) {
	s := &site{links: []string{"/slow", "/a"}, answers: map[string][]string{"/slow": {"503 3600"}}}
	base := startSite(t, s)
	began := time.Now()
	cr, log := runCrawl(t, base+"/", Config{MaxWait: time.Minute})
	if f := log.find(EventFetched, base+"/a"); len(f) != 1 || f[0].Status != 200 {
		t.Errorf("/a: %+v", f)
	}
	ev := log.find(EventDeferred, base+"/slow")
	if len(ev) != 1 {
		t.Fatalf("deferral events %+v, want one", ev)
	}
	if e := ev[0]; e.Status != 503 || e.Rule != RuleDeferred || e.Reason != "503 Retry-After 3600s, beyond --max-wait 1m0s" ||
		e.RetryAt.Before(began.Add(time.Hour)) {
		t.Errorf("deferral event %+v", e)
	}
	d := cr.Deferred()
	if len(d) != 1 || d[0].Item.URL != base+"/slow" || d[0].RetryAfter != time.Hour || !d[0].Until.IsZero() {
		t.Errorf("deferred %+v", d)
	}
	if n := s.hitCount("/slow"); n != 1 {
		t.Errorf("/slow requested %d times, want once", n)
	}
}

// TestLongWaitSetAside: a URL waiting longer than LongWait does not hold
// the crawl: it is fetched at its time while other work goes on, and
// deferred when it is all that is left.
func TestLongWaitSetAside(t *testing.T) {
	t.Run("all that is left", func(t *testing.T) {
		s := &site{links: []string{"/slow"}, answers: map[string][]string{"/slow": {"503 40"}}}
		base := startSite(t, s)
		cr, log := runCrawl(t, base+"/", Config{})
		if r := log.find(EventRetry, base+"/slow"); len(r) != 1 {
			t.Errorf("retry events %+v, want one", r)
		}
		ev := log.find(EventDeferred, base+"/slow")
		if len(ev) != 1 || !strings.Contains(ev[0].Reason, "nothing else was left") || ev[0].Rule != RuleDeferred {
			t.Errorf("deferral events %+v, want one saying nothing else was left", ev)
		}
		if d := cr.Deferred(); len(d) != 1 || d[0].Until.IsZero() || d[0].Item.Attempt != 1 {
			t.Errorf("deferred %+v", d)
		}
	})
	t.Run("fetched at its time while the crawl runs", func(t *testing.T) {
		s := &site{links: []string{"/slow", "/busy"}, answers: map[string][]string{"/slow": {"503 1"}}}
		base := startSite(t, s)
		busy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" {
				time.Sleep(2500 * time.Millisecond) // keeps the crawl running past /slow's time
			}
			http.NotFound(w, r)
		}))
		defer busy.Close()
		s.links = append(s.links, busy.URL+"/")
		cr, log := runCrawl(t, base+"/", Config{LongWait: 500 * time.Millisecond})
		if f := log.find(EventFetched, base+"/slow"); len(f) != 1 || f[0].Status != 200 || f[0].Attempt != 2 {
			t.Errorf("/slow fetches %+v, want its retry answered 200", f)
		}
		if d := cr.Deferred(); len(d) != 0 || len(log.find(EventDeferred, base+"/slow")) != 0 {
			t.Errorf("deferred %+v, want none", d)
		}
	})
}
