package verify

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// gauge tracks requests in flight and their peak.
type gauge struct{ now, peak atomic.Int32 }

func (g *gauge) enter() {
	n := g.now.Add(1)
	for {
		p := g.peak.Load()
		if n <= p || g.peak.CompareAndSwap(p, n) {
			return
		}
	}
}

func (g *gauge) leave() { g.now.Add(-1) }

// pdfServer answers every path with a small PDF after delay, counting
// requests in flight.
func pdfServer(t *testing.T, g *gauge, h *hits, delay time.Duration) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.enter()
		defer g.leave()
		h.add(r)
		time.Sleep(delay)
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", "4")
		w.Write([]byte("%PDF"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// checkAll checks urls concurrently, one goroutine each.
func checkAll(ctx context.Context, c *Checker, urls []string) []Result {
	res := make([]Result, len(urls))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, u := range urls {
		wg.Go(func() {
			<-start
			res[i] = c.Check(ctx, u)
		})
	}
	close(start)
	wg.Wait()
	return res
}

func TestCheckSingleflight(t *testing.T) {
	h := &hits{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.add(r)
		if r.URL.Path != "/en/page" {
			http.NotFound(w, r)
			return
		}
		time.Sleep(100 * time.Millisecond) // the other callers join meanwhile
		page(w, 200, "News", news)
	}))
	defer srv.Close()
	c := newChecker(t, CheckerConfig{AllowPrivate: true})
	urls := make([]string, 20)
	for i := range urls {
		urls[i] = srv.URL + "/en/page"
	}
	for _, r := range checkAll(t.Context(), c, urls) {
		if r.Class != policy.ClassOK || r.Observation.Probe == nil || r.Observation.Probe.Status != 404 {
			t.Fatalf("%s %q probe %+v", r.Class, r.Evidence, r.Observation.Probe)
		}
	}
	host := hostname(srv.Listener.Addr().String())
	if heads, gets, probes := h.get("HEAD "+host+"/en/page"), h.get("GET "+host+"/en/page"), h.probes(); heads != 0 || gets != 1 || probes != 1 {
		t.Errorf("the server saw %d HEAD, %d GET, %d probes; want one check of a page: 0, 1, 1", heads, gets, probes)
	}
}

// TestCheckSingleflightStarterCancelled: when the caller that started a
// shared check is cancelled, a caller that joined it still gets a result.
func TestCheckSingleflightStarterCancelled(t *testing.T) {
	h := &hits{}
	arrived := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.add(r) == 1 {
			close(arrived)
			<-r.Context().Done() // hold the first request until its caller gives up
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
	}))
	defer srv.Close()
	c := newChecker(t, CheckerConfig{AllowPrivate: true, NoProbe: true})
	ctxA, cancelA := context.WithCancel(t.Context())
	var a, b Result
	var wg sync.WaitGroup
	wg.Go(func() { a = c.Check(ctxA, srv.URL+"/doc.pdf") })
	<-arrived
	wg.Go(func() { b = c.Check(t.Context(), srv.URL+"/doc.pdf") })
	time.Sleep(50 * time.Millisecond) // let b join a's check
	cancelA()
	wg.Wait()
	if a.Class != policy.ClassNotChecked || a.Evidence != "cancelled: context canceled" {
		t.Errorf("a: %s %q", a.Class, a.Evidence)
	}
	if b.Class != policy.ClassOK {
		t.Errorf("b: %s %q (%s)", b.Class, b.Evidence, b.Error)
	}
}

func TestCheckCancelled(t *testing.T) {
	arrived := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(arrived) })
		<-r.Context().Done()
	}))
	defer srv.Close()
	cache, err := OpenCache(t.TempDir()+"/links.jsonl", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer cache.Close()
	c := newChecker(t, CheckerConfig{AllowPrivate: true, Cache: cache})
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-arrived
		cancel()
	}()
	start := time.Now()
	r := c.Check(ctx, srv.URL+"/hang")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
	if r.Class != policy.ClassNotChecked || r.Evidence != "cancelled: context canceled" {
		t.Errorf("%s %q", r.Class, r.Evidence)
	}
	if _, ok := cache.Get(srv.URL + "/hang"); ok {
		t.Error("a cancelled check was cached")
	}
}

func TestCheckPerHostLimit(t *testing.T) {
	var g gauge
	h := &hits{}
	srv := pdfServer(t, &g, h, 10*time.Millisecond)
	c := newChecker(t, CheckerConfig{AllowPrivate: true, PerHost: 2, NoProbe: true})
	urls := make([]string, 30)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/doc/%d.pdf", srv.URL, i)
	}
	for _, r := range checkAll(t.Context(), c, urls) {
		if r.Class != policy.ClassOK {
			t.Fatalf("%s: %s %q", r.URL, r.Class, r.Evidence)
		}
	}
	if p := g.peak.Load(); p != 2 {
		t.Errorf("peak of %d requests in flight on one host, want 2", p)
	}
	if n := h.total(); n != 30 {
		t.Errorf("%d requests, want 30", n)
	}
}

func TestCheckOverallLimit(t *testing.T) {
	var g gauge
	srv := pdfServer(t, &g, &hits{}, 10*time.Millisecond)
	addr := srv.Listener.Addr().String()
	m := hosts{"a.example:80": addr, "b.example:80": addr, "c.example:80": addr}
	c := newChecker(t, CheckerConfig{Dial: m.dial, PerHost: 4, Overall: 2, NoProbe: true})
	var urls []string
	for i := range 30 {
		urls = append(urls, fmt.Sprintf("http://%c.example/doc/%d.pdf", 'a'+i%3, i))
	}
	checkAll(t.Context(), c, urls)
	if p := g.peak.Load(); p != 2 {
		t.Errorf("peak of %d requests in flight, want 2", p)
	}
}

func TestCheckRatePerHost(t *testing.T) {
	var g gauge
	srv := pdfServer(t, &g, &hits{}, 0)
	c := newChecker(t, CheckerConfig{AllowPrivate: true, PerHost: 6, RatePerHost: 20, NoProbe: true})
	urls := make([]string, 6)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/doc/%d.pdf", srv.URL, i)
	}
	start := time.Now()
	checkAll(t.Context(), c, urls)
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("6 requests at 20/s took %s, want about 250ms", d)
	}
}

func TestHostKey(t *testing.T) {
	for raw, want := range map[string]string{
		"http://Example.ORG/a":      "example.org:80",
		"http://example.org:80/b":   "example.org:80",
		"https://example.org/":      "example.org:443",
		"https://example.org:8443/": "example.org:8443",
		"http://[::1]:8080/":        "[::1]:8080",
	} {
		u, _ := url.Parse(raw)
		if got := hostKey(u); got != want {
			t.Errorf("%s: %s, want %s", raw, got, want)
		}
	}
}
