package crawler

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// dripServer answers robots.txt 404 and every other path with a body of one
// byte every 100 ms for 30 s, until the client goes away. started is closed
// when the first dripping answer begins.
func dripServer(t *testing.T) (srv *httptest.Server, started <-chan struct{}) {
	t.Helper()
	begun := make(chan struct{})
	var once sync.Once
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		once.Do(func() { close(begun) })
		w.Header().Set("Content-Type", "text/html") // read whole for links: the exchange lasts the drip
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for range 300 {
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
			}
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	}))
	t.Cleanup(srv.Close)
	return srv, begun
}

// stoppedCrawl starts a crawl of a dripping page with grace, cancels it once
// the page is being fetched, calls Hurry after hurryAfter (never if
// negative), and returns how long Run took from the cancel.
func stoppedCrawl(t *testing.T, grace, hurryAfter time.Duration) time.Duration {
	t.Helper()
	srv, started := dripServer(t)
	seed := srv.URL + "/slow"
	sc := policy.DefaultScopeConfig()
	sc.Seeds = []string{seed}
	scope, err := policy.NewScope(sc)
	if err != nil {
		t.Fatal(err)
	}
	// No sitemaps: /sitemap.xml would drip too. The page is HTML: a text/plain
	// body is not read without a recorder, so its exchange ended with its
	// headers, and only a dripping sitemap held the grace (CI saw Run return
	// 100 ms after the cancel when the page alone was in flight).
	cr, err := New(Config{Seeds: []string{seed}, Scope: scope, Sink: &eventLog{}, Transport: &http.Transport{}, Grace: grace,
		NoSitemaps: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- cr.Run(ctx) }()
	select { // the page itself is being fetched (not only its host's robots.txt)
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the dripping page was never fetched")
	}
	waitFetching(t, cr)
	cancel()
	cancelled := time.Now()
	if hurryAfter >= 0 {
		time.Sleep(hurryAfter)
		cr.Hurry()
	}
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
	case <-time.After(grace + 20*time.Second):
		t.Fatalf("Run did not return %s after its grace", 20*time.Second)
	}
	return time.Since(cancelled)
}

func waitFetching(t *testing.T, cr *Crawler) {
	t.Helper()
	for range 500 {
		if cr.Fetching() > 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the dripping page was never fetched")
}

// TestHurryEndsGrace: after a cancel, a fetch that would drip for 30 s gets
// the grace; Hurry cuts it at once, well before a 10 s grace ends.
func TestHurryEndsGrace(t *testing.T) {
	const grace = 10 * time.Second
	took := stoppedCrawl(t, grace, 200*time.Millisecond)
	t.Logf("Run returned %s after the cancel (Hurry after 200ms, grace %s)", took, grace)
	if took >= grace/2 {
		t.Errorf("Run returned %s after the cancel although Hurry came after 200ms: not sooner than the %s grace", took, grace)
	}
}

// TestGraceWithoutHurry: without Hurry, the fetch in flight keeps its grace.
func TestGraceWithoutHurry(t *testing.T) {
	const grace = 1500 * time.Millisecond
	took := stoppedCrawl(t, grace, -1)
	t.Logf("Run returned %s after the cancel (grace %s)", took, grace)
	if took < grace {
		t.Errorf("Run returned %s after the cancel, before the %s grace ended", took, grace)
	}
}

// TestHurryBeforeCancel: Hurry before the cancel does not stop the crawl;
// the cancel that follows then cuts at once.
func TestHurryBeforeCancel(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	hurry := make(chan struct{})
	close(hurry)
	ctx, stop := graceContext(parent, time.Hour, hurry)
	defer stop()
	select {
	case <-ctx.Done():
		t.Fatal("hurry alone cancelled the fetch context")
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the fetch context outlived a cancel after hurry")
	}
}
