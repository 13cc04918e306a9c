package frontier

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/salvage-archive/salvage/crawler"
)

func TestDeferralCodecRoundTrip(t *testing.T) {
	d := crawler.Deferral{Item: crawler.Item{URL: "https://x.org/a", HopPath: "L", Via: "https://x.org/", Attempt: 2},
		Status: 503, RetryAfter: time.Hour, Asked: time.Unix(7200, 5), Until: time.Unix(3600, 0), Reason: "503 Retry-After 3600s"}
	got, err := decodeDeferral(encodeDeferral(d))
	if err != nil || got.Item != d.Item || got.Status != 503 || got.RetryAfter != time.Hour ||
		!got.Asked.Equal(d.Asked) || !got.Until.Equal(d.Until) || got.Reason != d.Reason {
		t.Fatalf("%+v %v", got, err)
	}
	if z, err := decodeDeferral(encodeDeferral(crawler.Deferral{Item: d.Item})); err != nil || !z.Asked.IsZero() || !z.Until.IsZero() {
		t.Errorf("zero times did not round-trip: %+v %v", z, err)
	}
	if _, err := decodeDeferral([]byte{0x05, 1}); err == nil {
		t.Error("a truncated deferral decoded")
	}
}

// TestBoltRetryWaitsWithoutHoldingHost: a retried URL waits its own time;
// its host's other URLs go on; a host pause holds them all.
func TestBoltRetryWaitsWithoutHoldingHost(t *testing.T) {
	now := time.Unix(1000, 0)
	f, err := OpenBolt(BoltConfig{Path: filepath.Join(t.TempDir(), "s.db"), HostConcurrency: 1, Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, u := range []string{"https://a.org/slow", "https://a.org/next", "https://a.org/last"} {
		f.Add(crawler.Item{URL: u})
	}
	slow, _, _ := f.take()
	slow.Attempt++
	f.Retry(slow, time.Hour, 0)
	next, _, err := f.take()
	if err != nil || next.URL != "https://a.org/next" {
		t.Fatalf("after one URL's retry: %+v %v; want the host's next URL now", next, err)
	}
	next.Attempt++
	f.Retry(next, time.Minute, time.Minute) // an overloaded host: paused
	if _, _, err := f.take(); !errors.Is(err, errNotReady) {
		t.Fatalf("take while the host is paused: %v", err)
	}
	now = now.Add(time.Minute)
	if got, _, err := f.take(); err != nil || got.URL != "https://a.org/last" {
		t.Fatalf("after the pause: %+v %v", got, err)
	}
}

// TestBoltDeferredSurvivesReopen: a deferred URL does not keep the crawl
// going, is listed, and is queued again (attempts reset) when the state is
// opened again; one set aside until a time comes back then in the same run.
func TestBoltDeferredSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	now := time.Unix(1000, 0)
	f, err := OpenBolt(BoltConfig{Path: path, HostConcurrency: 3, Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"https://a.org/later", "https://a.org/aside", "https://a.org/busy"} {
		f.Add(crawler.Item{URL: u, HopPath: "L"})
	}
	later, _, _ := f.take()
	aside, _, _ := f.take()
	busy, _, _ := f.take()
	later.Attempt = 2
	f.Defer(crawler.Deferral{Item: later, Status: 503, RetryAfter: time.Hour, Asked: now.Add(time.Hour), Reason: "503 Retry-After 3600s"}, 0)
	f.Defer(crawler.Deferral{Item: aside, Status: 503, RetryAfter: time.Minute, Until: now.Add(time.Minute)}, 0)
	if s := f.Stats(); s.Queued != 0 || s.InFlight != 1 {
		t.Errorf("stats %+v: deferred URLs are not queued", s)
	}
	now = now.Add(time.Minute)
	back, _, err := f.take()
	if err != nil || back.URL != aside.URL {
		t.Fatalf("set-aside URL at its time: %+v %v", back, err)
	}
	f.Done(back, 0)
	f.Done(busy, 0)
	if _, _, err := f.take(); !errors.Is(err, crawler.ErrFrontierDone) {
		t.Fatalf("take with only a deferred URL left: %v, want done", err)
	}
	d := f.Deferred()
	if len(d) != 1 || d[0].Item.URL != later.URL || d[0].Reason != "503 Retry-After 3600s" || d[0].Status != 503 {
		t.Fatalf("deferred %+v", d)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	g := openTest(t, path)
	defer g.Close()
	if g.RequeuedDeferred() != 1 || len(g.Deferred()) != 0 {
		t.Errorf("reopen requeued %d, still deferred %+v", g.RequeuedDeferred(), g.Deferred())
	}
	it, err := g.Next(context.Background())
	if err != nil || it.URL != later.URL || it.Attempt != 0 || it.HopPath != "L" {
		t.Fatalf("after reopen: %+v %v; want the deferred URL, attempts reset", it, err)
	}
}

// clockAt is a settable clock for Redis tests.
type clockAt struct{ now time.Time }

func (c *clockAt) Now() time.Time { return c.now }

func openRedisClock(t *testing.T, rdb *redis.Client, id, worker string, clk *clockAt) *Redis {
	t.Helper()
	f, err := OpenRedis(context.Background(), RedisConfig{Client: rdb, CrawlID: id, WorkerID: worker, HostConcurrency: 2,
		LeaseTTL: time.Minute, Clock: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func nextWithin(f *Redis, d time.Duration) (crawler.Item, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return f.Next(ctx)
}

// TestRedisRetryWaitsWithoutHoldingHost: a retried URL waits its own time
// (the delayed set) while its host's other URLs go on.
func TestRedisRetryWaitsWithoutHoldingHost(t *testing.T) {
	rdb, id := testRedis(t)
	clk := &clockAt{now: time.Now()}
	f := openRedisClock(t, rdb, id, "w", clk)
	f.Add(crawler.Item{URL: "https://x.org/slow"})
	f.Add(crawler.Item{URL: "https://x.org/next"})
	slow, _ := nextWithin(f, time.Second)
	slow.Attempt++
	f.Retry(slow, time.Hour, 0)
	next, err := nextWithin(f, time.Second)
	if err != nil || next.URL != "https://x.org/next" {
		t.Fatalf("after one URL's retry: %+v %v; want the host's next URL now", next, err)
	}
	f.Done(next, 0)
	if got, err := nextWithin(f, 300*time.Millisecond); err == nil {
		t.Fatalf("%s handed out before its own wait ended", got.URL)
	}
	if s := f.Stats(); s.Queued != 1 {
		t.Errorf("stats %+v: a waiting retry is queued", s)
	}
	clk.now = clk.now.Add(time.Hour)
	got, err := nextWithin(f, time.Second)
	if err != nil || got.URL != slow.URL || got.Attempt != 1 {
		t.Fatalf("after its wait: %+v %v", got, err)
	}
}

// TestRedisDeferredRequeuedOnRerun: a deferred URL does not keep the crawl
// going, is listed crawl-wide, stays deferred for a worker joining a running
// crawl, and is queued again (attempts reset) when the crawl is started again.
func TestRedisDeferredRequeuedOnRerun(t *testing.T) {
	rdb, id := testRedis(t)
	clk := &clockAt{now: time.Now()}
	a := openRedisClock(t, rdb, id, "a", clk)
	for _, u := range []string{"https://x.org/later", "https://x.org/aside", "https://y.org/busy"} {
		a.Add(crawler.Item{URL: u, HopPath: "L"})
	}
	items := map[string]crawler.Item{}
	for range 3 {
		it, err := nextWithin(a, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		items[it.URL] = it
	}
	later, aside := items["https://x.org/later"], items["https://x.org/aside"]
	later.Attempt = 2
	a.Defer(crawler.Deferral{Item: later, Status: 503, RetryAfter: time.Hour, Asked: clk.now.Add(time.Hour), Reason: "503 Retry-After 3600s"}, 0)
	a.Defer(crawler.Deferral{Item: aside, Status: 503, RetryAfter: time.Minute, Until: clk.now.Add(time.Minute)}, 0)
	if s := a.Stats(); s.Queued != 0 || s.InFlight != 1 {
		t.Errorf("stats %+v: deferred URLs are not queued", s)
	}
	joined := openRedisClock(t, rdb, id, "joined", clk) // a is live: the deferred URLs stay deferred
	if d := joined.Deferred(); len(d) != 2 {
		t.Fatalf("deferred %+v, want both, crawl-wide", d)
	}
	clk.now = clk.now.Add(time.Minute)
	back, err := nextWithin(joined, time.Second)
	if err != nil || back.URL != aside.URL {
		t.Fatalf("set-aside URL at its time: %+v %v", back, err)
	}
	joined.Done(back, 0)
	a.Done(items["https://y.org/busy"], 0)
	if _, err := nextWithin(a, time.Second); !errors.Is(err, crawler.ErrFrontierDone) {
		t.Fatalf("Next with only a deferred URL left: %v, want done", err)
	}
	d := a.Deferred()
	if len(d) != 1 || d[0].Item.URL != later.URL || d[0].Reason != "503 Retry-After 3600s" {
		t.Fatalf("deferred %+v", d)
	}
	a.Close()
	joined.Close()
	rerun := openRedisClock(t, rdb, id, "rerun", clk)
	it, err := nextWithin(rerun, time.Second)
	if err != nil || it.URL != later.URL || it.Attempt != 0 || it.HopPath != "L" {
		t.Fatalf("rerun: %+v %v; want the deferred URL, attempts reset", it, err)
	}
	if d := rerun.Deferred(); len(d) != 0 {
		t.Errorf("still deferred after the rerun took it: %+v", d)
	}
}
