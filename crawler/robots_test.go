package crawler

import (
	"sync"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// memRobots is a RobotsStore in memory, as two processes on one Redis see it.
type memRobots struct {
	mu     sync.Mutex
	files  map[string]RobotsFile
	claims map[string]bool
}

func (m *memRobots) Get(host string) (RobotsFile, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.files[host]
	return f, ok
}

func (m *memRobots) Put(host string, f RobotsFile) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[host] = f
}

func (m *memRobots) Claim(host string, attempt int, _ time.Duration) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := host + string(rune('0'+attempt))
	if m.claims[k] {
		return false
	}
	m.claims[k] = true
	return true
}

// TestSharedRobotsKeepExpiryAndAttempts: a second process reuses a shared
// robots.txt while it is fresh; an unavailable one expires RetryDelay after
// its fetch for every process, and the attempt count goes on from the
// shared one, so the retry limit holds crawl-wide.
func TestSharedRobotsKeepExpiryAndAttempts(t *testing.T) {
	store := &memRobots{files: map[string]RobotsFile{}, claims: map[string]bool{}}
	a, b := newRobotsCache(store), newRobotsCache(store)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	fetches := 0
	down := func() RobotsFile { fetches++; return RobotsFile{Status: 503} }
	const retry = time.Minute
	if n := a.get("x:80", clock, retry, down).attempts; n != 1 || fetches != 1 {
		t.Fatalf("first fetch: attempts %d, fetches %d", n, fetches)
	}
	now = now.Add(retry / 2)
	if h := b.get("x:80", clock, retry, down); h.attempts != 1 || fetches != 1 || !h.rules.Unavailable() {
		t.Fatalf("within the retry window b fetched again or lost the count: attempts %d, fetches %d", h.attempts, fetches)
	}
	now = now.Add(retry)
	if n := b.get("x:80", clock, retry, down).attempts; n != 2 || fetches != 2 {
		t.Fatalf("after expiry: attempts %d (want 2, counted from a's), fetches %d", n, fetches)
	}
	up := func() RobotsFile {
		fetches++
		return RobotsFile{Status: 200, Body: []byte("User-agent: *\nDisallow: /no\n")}
	}
	now = now.Add(retry + time.Second)
	if h := a.get("x:80", clock, retry, up); h.attempts != 3 || h.rules.Unavailable() {
		t.Fatalf("third attempt: %d", h.attempts)
	}
	now = now.Add(24 * time.Hour)
	if r := b.get("x:80", clock, retry, down).rules; fetches != 3 || r.Allowed("salvage", "/no") {
		t.Errorf("an available robots.txt is kept for the crawl: fetches %d", fetches)
	}
}

// TestSharedRobotsClaimantDied: another process claimed the fetch of a
// robots.txt and died before storing it. This process waits for the claim
// to lapse, then fetches the file itself and shares it.
func TestSharedRobotsClaimantDied(t *testing.T) {
	store := &memRobots{files: map[string]RobotsFile{}, claims: map[string]bool{}}
	if !store.Claim("x:80", 1, time.Minute) { // the dead process's claim of attempt 1
		t.Fatal("claim not taken")
	}
	rc := newRobotsCache(store)
	rc.claim = 200 * time.Millisecond
	fetches := 0
	up := func() RobotsFile {
		fetches++
		return RobotsFile{Status: 200, Body: []byte("User-agent: *\nDisallow: /no\n")}
	}
	start := time.Now()
	h := rc.get("x:80", time.Now, time.Minute, up)
	r, n := h.rules, h.attempts
	if waited := time.Since(start); waited < rc.claim {
		t.Errorf("fetched after %v, before the other process's claim lapsed (%v)", waited, rc.claim)
	}
	if fetches != 1 || n != 1 || r.Allowed("salvage", "/no") {
		t.Fatalf("fetches %d, attempts %d, /no allowed %v", fetches, n, r.Allowed("salvage", "/no"))
	}
	if f, ok := store.Get("x:80"); !ok || f.Status != 200 {
		t.Errorf("the fetched robots.txt was not shared: %+v %v", f, ok)
	}
}

// TestSharedRobotsKeepFailure: why a robots.txt fetch got no answer is
// shared with its status, so another process's refusals say it too.
func TestSharedRobotsKeepFailure(t *testing.T) {
	store := &memRobots{files: map[string]RobotsFile{}, claims: map[string]bool{}}
	a, b := newRobotsCache(store), newRobotsCache(store)
	refused := func() RobotsFile { return RobotsFile{Status: StatusConnectFailed, Failure: policy.ErrRefused} }
	if h := a.get("x:80", time.Now, time.Minute, refused); h.failure != policy.ErrRefused || h.rules.Status() != StatusConnectFailed {
		t.Fatalf("fetching process: failure %q, status %d", h.failure, h.rules.Status())
	}
	never := func() RobotsFile { t.Error("fetched again"); return RobotsFile{} }
	if h := b.get("x:80", time.Now, time.Minute, never); h.failure != policy.ErrRefused || h.rules.Status() != StatusConnectFailed {
		t.Errorf("other process: failure %q, status %d", h.failure, h.rules.Status())
	}
}
