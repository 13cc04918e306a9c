package frontier

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/salvage-archive/salvage/crawler"
)

// crash ends f as kill -9 would: the open transaction is never committed
// and nothing of it reaches the file.
func (f *Bolt) crash() {
	close(f.stop)
	<-f.done
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.tx != nil {
		_ = f.tx.Rollback()
		f.tx = nil
	}
	_ = f.db.Close()
}

// openGroup opens a frontier whose timed group commit never comes during a
// test: only GroupSettled, Commit and Close commit settled URLs.
func openGroup(t *testing.T, path string, settled int) *Bolt {
	t.Helper()
	f, err := OpenBolt(BoltConfig{Path: path, HostConcurrency: 8, GroupEvery: time.Hour, FlushEvery: time.Hour, GroupSettled: settled})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// takeAll queues n URLs, takes them all and commits: n URLs durably in flight.
func takeAll(t *testing.T, f *Bolt, n int) []crawler.Item {
	t.Helper()
	var items []crawler.Item
	for i := range n {
		f.Add(crawler.Item{URL: fmt.Sprintf("https://h%d.a.org/", i)}) // a host each: all can be in flight
	}
	for range n {
		it, err := f.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, it)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	return items
}

// drain takes every URL left after a reopen.
func drain(t *testing.T, f *Bolt) []string {
	t.Helper()
	var got []string
	for {
		it, err := f.Next(context.Background())
		if err != nil {
			break
		}
		got = append(got, it.URL)
		f.Done(it, 0)
	}
	slices.Sort(got)
	return got
}

func urls(items []crawler.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.URL)
	}
	slices.Sort(out)
	return out
}

// TestBoltGroupCommitCrash: URLs settled in a group not yet committed are
// lost with the process and handed out again; a committed group is done.
func TestBoltGroupCommitCrash(t *testing.T) {
	tests := []struct {
		name      string
		settled   int // GroupSettled
		committed int // Done, then Commit
		pending   int // Done, not committed at the crash
	}{
		{"uncommitted group lost", 10, 0, 3},
		{"committed group kept, the next lost", 10, 2, 3},
		{"full group committed by itself", 3, 0, 3},
		{"full group kept, the rest lost", 3, 0, 5}, // 3 committed at the third Done, 2 lost
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.db")
			f := openGroup(t, path, tc.settled)
			items := takeAll(t, f, 8)
			for _, it := range items[:tc.committed] {
				f.Done(it, 0)
			}
			if err := f.Commit(); err != nil {
				t.Fatal(err)
			}
			for _, it := range items[tc.committed : tc.committed+tc.pending] {
				f.Done(it, 0)
			}
			f.crash()
			durable := tc.committed + tc.pending/tc.settled*tc.settled
			g := openGroup(t, path, tc.settled)
			defer g.Close()
			if g.Recovered() != 8-durable {
				t.Errorf("recovered %d in flight, want %d", g.Recovered(), 8-durable)
			}
			if got, want := drain(t, g), urls(items[durable:]); !slices.Equal(got, want) {
				t.Errorf("after the crash got %v, want %v", got, want)
			}
		})
	}
}

// TestBoltGroupCommitSyncsFirst: the hook runs once per commit that settles
// URLs, before the commit (the state still holds the URLs in flight), and
// not for commits that settle none.
func TestBoltGroupCommitSyncsFirst(t *testing.T) {
	f := openGroup(t, filepath.Join(t.TempDir(), "state.db"), 3)
	defer f.Close()
	items := takeAll(t, f, 5)
	var calls, inFlightAtSync []int
	f.SyncBeforeCommit(func() {
		calls = append(calls, f.settled)
		inFlightAtSync = append(inFlightAtSync, committedInFlight(t, f.db))
	})
	f.Add(crawler.Item{URL: "https://b.org/"})
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 0 {
		t.Fatalf("hook ran %d times for a commit that settles nothing", len(calls))
	}
	for _, it := range items[:4] { // the third Done commits a group of 3
		f.Done(it, 0)
	}
	if err := f.Commit(); err != nil { // the fourth
		t.Fatal(err)
	}
	if !slices.Equal(calls, []int{3, 1}) || !slices.Equal(inFlightAtSync, []int{5, 2}) {
		t.Errorf("hook saw settled %v with %v in flight in the file, want [3 1] with [5 2]", calls, inFlightAtSync)
	}
	f.SyncBeforeCommit(nil)
	f.Done(items[4], 0)
	if err := f.Commit(); err != nil || len(calls) != 2 {
		t.Errorf("a removed hook ran (%d calls) or the commit failed: %v", len(calls), err)
	}
}

// committedInFlight counts the in-flight URLs of the last commit.
func committedInFlight(t *testing.T, db *bolt.DB) int {
	t.Helper()
	n := 0
	if err := db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketInFlight).Stats().KeyN
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBoltGroupCommitTimer: a group that is not full is committed by the
// timer (polled, not timed).
func TestBoltGroupCommitTimer(t *testing.T) {
	f, err := OpenBolt(BoltConfig{Path: filepath.Join(t.TempDir(), "state.db"), HostConcurrency: 8, GroupEvery: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	items := takeAll(t, f, 2)
	f.Done(items[0], 0)
	for range 1000 {
		if committedInFlight(t, f.db) == 1 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the settled URL was never committed by the timer")
}

// TestBoltGroupCommitHookTakesLocks: the hook may take a lock whose holder
// calls the frontier (the journal's lock is held while the WARC writer
// looks up payload digests in the state). Run under f's lock, the hook
// deadlocked the crawl.
func TestBoltGroupCommitHookTakesLocks(t *testing.T) {
	f := openGroup(t, filepath.Join(t.TempDir(), "state.db"), 2)
	defer f.Close()
	items := takeAll(t, f, 40)
	var journal sync.Mutex
	f.SyncBeforeCommit(func() {
		journal.Lock()
		defer journal.Unlock()
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 200 {
			journal.Lock()
			f.Add(crawler.Item{URL: fmt.Sprintf("https://b.org/%d", i)})
			journal.Unlock()
		}
	}()
	for _, it := range items {
		f.Done(it, 0)
	}
	<-done
	if err := f.Commit(); err != nil || committedInFlight(t, f.db) != 0 {
		t.Errorf("commit: %v, %d in flight in the file", err, committedInFlight(t, f.db))
	}
}
