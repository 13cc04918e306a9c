package crawler

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for politeness tests.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func TestFrontierDeduplicates(t *testing.T) {
	f := newMemFrontier(1, time.Now)
	if !f.Add(Item{URL: "https://a.example/x"}) {
		t.Fatal("first Add refused")
	}
	if f.Add(Item{URL: "https://a.example/x"}) {
		t.Fatal("second Add of the same URL accepted")
	}
	if got := f.Stats(); got.Queued != 1 || got.Seen != 1 {
		t.Fatalf("stats = %+v, want 1 queued, 1 seen", got)
	}
}

func TestFrontierPerHostLimitAndDelay(t *testing.T) {
	clk := &fakeClock{now: time.Unix(0, 0)}
	f := newMemFrontier(1, clk.Now)
	for _, u := range []string{"https://a.example/1", "https://a.example/2", "http://b.example/1"} {
		f.Add(Item{URL: u})
	}
	first, _, _, err := f.take()
	if err != nil || first.URL != "https://a.example/1" {
		t.Fatalf("take = %v, %v", first, err)
	}
	second, _, _, err := f.take()
	if err != nil || second.URL != "http://b.example/1" {
		t.Fatalf("second take = %v, %v; want the other host while a.example is busy", second, err)
	}
	if _, _, _, err := f.take(); !errors.Is(err, errNotReady) {
		t.Fatalf("third take err = %v, want not ready (a.example at its limit)", err)
	}
	f.Done(first, 2*time.Second)
	if _, wait, _, err := f.take(); !errors.Is(err, errNotReady) || wait <= 0 {
		t.Fatalf("take during delay = %v wait %v, want not ready", err, wait)
	}
	clk.Advance(2 * time.Second)
	if it, _, _, err := f.take(); err != nil || it.URL != "https://a.example/2" {
		t.Fatalf("take after delay = %v, %v", it, err)
	}
}

func TestFrontierHostKeyIncludesPort(t *testing.T) {
	for in, want := range map[string]string{
		"https://a.example/x":      "a.example:443",
		"http://a.example/x":       "a.example:80",
		"https://a.example:8001/x": "a.example:8001",
	} {
		if got := HostKey(in); got != want {
			t.Errorf("HostKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFrontierRetryWaitsAndEnds(t *testing.T) {
	clk := &fakeClock{now: time.Unix(0, 0)}
	f := newMemFrontier(2, clk.Now)
	f.Add(Item{URL: "https://a.example/x"})
	it, _, _, _ := f.take()
	f.Retry(it, time.Minute, 0)
	if _, _, _, err := f.take(); !errors.Is(err, errNotReady) {
		t.Fatalf("retry taken before its time: %v", err)
	}
	clk.Advance(time.Minute)
	it, _, _, err := f.take()
	if err != nil {
		t.Fatalf("retry not handed out after its time: %v", err)
	}
	f.Done(it, 0)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := f.Next(ctx); !errors.Is(err, ErrFrontierDone) {
		t.Fatalf("Next on an empty frontier = %v, want ErrFrontierDone", err)
	}
}

// TestFrontierWakesEveryWaiter: a change wakes all waiting workers, not one
// (a single wake-up left the other workers asleep for their whole timeout,
// and a crawl ran at one fetch at a time).
func TestFrontierWakesEveryWaiter(t *testing.T) {
	f := newMemFrontier(8, time.Now)
	f.Add(Item{URL: "https://a.example/seed"})
	seed, _, _, _ := f.take()
	var waits []<-chan struct{}
	for range 3 {
		_, _, wake, err := f.take()
		if !errors.Is(err, errNotReady) {
			t.Fatalf("take with nothing queued = %v", err)
		}
		waits = append(waits, wake)
	}
	f.Add(Item{URL: "https://a.example/1"})
	for i, w := range waits {
		select {
		case <-w:
		default:
			t.Errorf("waiter %d not woken by Add", i)
		}
	}
	f.Done(seed, 0)
}
