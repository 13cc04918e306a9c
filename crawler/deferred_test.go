package crawler

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestFrontierRetryWaitsWithoutHoldingHost: a retried URL waits its own
// time; the other URLs of its host go on at once.
func TestFrontierRetryWaitsWithoutHoldingHost(t *testing.T) {
	clk := &fakeClock{now: time.Unix(0, 0)}
	f := newMemFrontier(1, clk.Now)
	f.Add(Item{URL: "https://a.example/slow"})
	f.Add(Item{URL: "https://a.example/next"})
	slow, _, _, _ := f.take()
	f.Retry(slow, time.Hour, 0)
	next, _, _, err := f.take()
	if err != nil || next.URL != "https://a.example/next" {
		t.Fatalf("take after one URL's retry = %+v, %v; want the host's next URL now", next, err)
	}
	f.Done(next, 0)
	if _, _, _, err := f.take(); !errors.Is(err, errNotReady) {
		t.Fatalf("the retried URL was handed out before its time: %v", err)
	}
	clk.Advance(time.Hour)
	if it, _, _, err := f.take(); err != nil || it.URL != slow.URL {
		t.Fatalf("after its wait: %+v, %v", it, err)
	}
}

// TestFrontierHostPause: a host pause holds every URL of the host.
func TestFrontierHostPause(t *testing.T) {
	clk := &fakeClock{now: time.Unix(0, 0)}
	f := newMemFrontier(2, clk.Now)
	f.Add(Item{URL: "https://a.example/1"})
	f.Add(Item{URL: "https://a.example/2"})
	one, _, _, _ := f.take()
	f.Retry(one, time.Minute, time.Minute)
	if _, wait, _, err := f.take(); !errors.Is(err, errNotReady) || wait <= 0 {
		t.Fatalf("take while the host is paused = %v (wait %s)", err, wait)
	}
	clk.Advance(time.Minute)
	if _, _, _, err := f.take(); err != nil {
		t.Fatalf("take after the pause: %v", err)
	}
}

// TestFrontierDeferred: a deferred URL does not keep the crawl going and is
// listed; one set aside until a time goes back to its queue then, if the
// crawl still runs.
func TestFrontierDeferred(t *testing.T) {
	clk := &fakeClock{now: time.Unix(0, 0)}
	f := newMemFrontier(2, clk.Now)
	for _, u := range []string{"https://a.example/later", "https://a.example/aside", "https://a.example/busy"} {
		f.Add(Item{URL: u})
	}
	later, _, _, _ := f.take()
	aside, _, _, _ := f.take()
	f.Defer(Deferral{Item: later, Status: 503, RetryAfter: time.Hour, Reason: "503 Retry-After 3600s"}, 0)
	f.Defer(Deferral{Item: aside, Status: 503, Until: clk.Now().Add(time.Minute)}, 0)
	busy, _, _, err := f.take()
	if err != nil || busy.URL != "https://a.example/busy" {
		t.Fatalf("take = %+v, %v", busy, err)
	}
	if s := f.Stats(); s.Queued != 0 || s.InFlight != 1 {
		t.Errorf("stats %+v: deferred URLs are not queued", s)
	}
	clk.Advance(time.Minute)
	back, _, _, err := f.take()
	if err != nil || back.URL != aside.URL {
		t.Fatalf("set-aside URL at its time: %+v, %v", back, err)
	}
	f.Done(back, 0)
	f.Done(busy, 0)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := f.Next(ctx); !errors.Is(err, ErrFrontierDone) {
		t.Fatalf("Next with only a deferred URL left = %v, want done", err)
	}
	if d := f.Deferred(); len(d) != 1 || d[0].Item.URL != later.URL || d[0].Reason != "503 Retry-After 3600s" {
		t.Errorf("deferred %+v, want the one URL", d)
	}
}

// TestFrontierSetAsideEndsCrawl: a URL set aside until a time, with nothing
// else left, ends the crawl (deferred) instead of holding it.
func TestFrontierSetAsideEndsCrawl(t *testing.T) {
	f := newMemFrontier(2, time.Now)
	f.Add(Item{URL: "https://a.example/x"})
	it, _, _, _ := f.take()
	f.Defer(Deferral{Item: it, Until: time.Now().Add(time.Minute)}, 0)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := f.Next(ctx); !errors.Is(err, ErrFrontierDone) {
		t.Fatalf("Next = %v, want done", err)
	}
	if len(f.Deferred()) != 1 {
		t.Errorf("deferred %+v", f.Deferred())
	}
}
