package frontier

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/salvage-archive/salvage/crawler"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func openTest(t *testing.T, path string) *Bolt {
	t.Helper()
	f, err := OpenBolt(BoltConfig{Path: path, HostConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestBoltDedupAndOrder(t *testing.T) {
	f := openTest(t, filepath.Join(t.TempDir(), "state.db"))
	defer f.Close()
	for _, u := range []string{"https://a.org/1", "https://a.org/2", "https://b.org/1", "https://a.org/1"} {
		f.Add(crawler.Item{URL: u, HopPath: "L"})
	}
	if s := f.Stats(); s.Queued != 3 || s.Seen != 3 || s.Hosts != 2 {
		t.Fatalf("stats %+v, want 3 queued, 3 seen, 2 hosts", s)
	}
	ctx := context.Background()
	first, _ := f.Next(ctx)
	second, _ := f.Next(ctx) // a.org has one slot, so b.org comes next
	if first.URL != "https://a.org/1" || second.URL != "https://b.org/1" || first.HopPath != "L" {
		t.Fatalf("got %+v then %+v", first, second)
	}
	f.Done(first, 0)
	third, _ := f.Next(ctx)
	if third.URL != "https://a.org/2" {
		t.Fatalf("third %q, want a.org/2", third.URL)
	}
	f.Done(second, 0)
	f.Done(third, 0)
	if _, err := f.Next(ctx); err != crawler.ErrFrontierDone {
		t.Fatalf("err %v, want ErrFrontierDone", err)
	}
}

// TestBoltResume: what was queued or in flight when the file was closed (or
// the process killed before Done) is handed out again; what was done is not.
func TestBoltResume(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	f := openTest(t, path)
	for i := range 5 {
		f.Add(crawler.Item{URL: fmt.Sprintf("https://h%d.org/", i), Attempt: i, NotBefore: time.Unix(1, 0)})
	}
	ctx := context.Background()
	done, _ := f.Next(ctx)
	f.Done(done, 0)
	inflight, _ := f.Next(ctx)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	g := openTest(t, path)
	defer g.Close()
	if g.Recovered() != 1 {
		t.Errorf("recovered %d, want 1 (the in-flight URL)", g.Recovered())
	}
	if s := g.Stats(); s.Queued != 4 || s.Seen != 5 || s.InFlight != 0 {
		t.Errorf("stats after reopen %+v, want 4 queued, 5 seen", s)
	}
	if g.Add(crawler.Item{URL: done.URL}) || g.Add(crawler.Item{URL: inflight.URL}) {
		t.Error("a URL seen before the restart was queued again")
	}
	got := map[string]crawler.Item{}
	for {
		it, err := g.Next(ctx)
		if err != nil {
			break
		}
		got[it.URL] = it
		g.Done(it, 0)
	}
	if _, again := got[done.URL]; again || len(got) != 4 {
		t.Errorf("after resume got %d URLs (done one again: %v)", len(got), again)
	}
	if it := got[inflight.URL]; it.Attempt != inflight.Attempt || !it.NotBefore.Equal(time.Unix(1, 0)) {
		t.Errorf("item did not round-trip: %+v", it)
	}
}

func TestBoltRetryWaits(t *testing.T) {
	now := time.Unix(1000, 0)
	f, err := OpenBolt(BoltConfig{Path: filepath.Join(t.TempDir(), "s.db"), Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Add(crawler.Item{URL: "https://a.org/"})
	it, _ := f.Next(context.Background())
	f.Retry(it, time.Minute, 0)
	if _, _, err := f.take(); err != errNotReady {
		t.Fatalf("retry handed out before its time: %v", err)
	}
	now = now.Add(time.Minute)
	got, _, err := f.take()
	if err != nil || got.URL != it.URL {
		t.Fatalf("after the wait: %+v %v", got, err)
	}
}

func TestItemCodecRoundTrip(t *testing.T) {
	it := crawler.Item{URL: "https://x.org/é?q=1", HopPath: "LLE", Via: "https://x.org/", Attempt: 2, CalSteps: 3, NotBefore: time.Unix(5, 6), Lastmod: "2023-12-01",
		ChainStart: "https://x.org/start"}
	got, err := decodeItem(encodeItem(it))
	if err != nil || got.URL != it.URL || got.HopPath != it.HopPath || got.Via != it.Via ||
		got.Attempt != 2 || got.CalSteps != 3 || got.Lastmod != "2023-12-01" || !got.NotBefore.Equal(it.NotBefore) ||
		got.ChainStart != it.ChainStart {
		t.Fatalf("%+v %v", got, err)
	}
	old := encodeItem(crawler.Item{URL: "https://x.org/", Lastmod: "2023"})
	old = old[:len(old)-1] // an item queued before ChainStart existed: no trailing field
	if got, err := decodeItem(old); err != nil || got.Lastmod != "2023" || got.ChainStart != "" {
		t.Errorf("an item without ChainStart: %+v %v", got, err)
	}
	if _, err := decodeItem([]byte{0x50}); err == nil {
		t.Error("a truncated item decoded")
	}
}
