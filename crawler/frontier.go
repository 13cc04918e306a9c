package crawler

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"time"
)

// ErrFrontierDone is returned by Next when nothing is queued or in flight.
var ErrFrontierDone = errors.New("frontier exhausted")

// Item is one URL waiting in, or taken from, the frontier.
type Item struct {
	URL      string // canonical
	Key      string // what the frontier deduplicates on when not URL: URL without its session parameters (policy.Scope.SeenKey); not stored
	HopPath  string
	Via      string
	Attempt  int    // fetches already tried
	CalSteps int    // steps through a calendar (policy.TrapConfig.MaxCalendarSteps)
	Lastmod  string // the <lastmod> of the sitemap entry that queued it
	// ChainStart is, for a redirect target, the URL whose redirect chain
	// led to it (a too-many-redirects refusal names it).
	ChainStart string
	NotBefore  time.Time
}

// SeenKey is what frontiers deduplicate it on: Key, else URL.
func (it Item) SeenKey() string {
	if it.Key != "" {
		return it.Key
	}
	return it.URL
}

// Frontier hands out URLs so that no host:port has more than its limit in
// flight and each host waits its delay between fetches.
type Frontier interface {
	Add(it Item) bool // false when the URL was seen before
	Next(ctx context.Context) (Item, error)
	// Done: it is finished; its host may be fetched again after hostDelay.
	Done(it Item, hostDelay time.Duration)
	// Retry puts it back in its host's queue, handed out again no sooner
	// than after (the URL's own wait); its host may be fetched again after
	// hostPause (the politeness delay, or longer for an overloaded host).
	// One URL's wait never holds its host.
	Retry(it Item, after, hostPause time.Duration)
	Stats() FrontierStats
}

// GroupCommitter is a durable Frontier that settles URLs in group commits:
// Done, Retry and Defer change its open transaction, and a later commit
// (on a timer, or when enough URLs are settled) makes a group durable at
// once. The crawler hands it the sink's Sync (Syncer), which the frontier
// runs once before each commit that settles URLs, instead of the crawler
// syncing the sink before every settle; at the end of Run the crawler
// commits and takes its hook back.
type GroupCommitter interface {
	SyncBeforeCommit(sync func()) // nil: no hook
	Commit() error
}

// FrontierStats is a snapshot for progress displays.
type FrontierStats struct {
	Queued, InFlight, Seen, Hosts int
}

type hostQueue struct {
	items       []Item
	inFlight    int
	nextAllowed time.Time
}

// memFrontier keeps everything in memory: per host:port FIFO queues and a
// seen set of canonical URLs.
type memFrontier struct {
	mu       sync.Mutex
	perHost  int
	clock    func() time.Time
	seen     map[string]struct{}
	hosts    map[string]*hostQueue
	order    []string // hosts in first-seen order, for round robin
	next     int
	queued   int
	inFlight int
	wake     chan struct{}
	aside    setAside // deferred URLs (deferred.go)
}

var _ Frontier = (*memFrontier)(nil)

func newMemFrontier(perHost int, clock func() time.Time) *memFrontier {
	return &memFrontier{
		perHost: perHost, clock: clock,
		seen:  make(map[string]struct{}),
		hosts: make(map[string]*hostQueue),
		wake:  make(chan struct{}),
		aside: newSetAside(),
	}
}

// HostKey is the politeness unit: host:port, with the default port explicit.
// Every frontier keys its per-host state by it.
func HostKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return u.Hostname() + ":" + port
}

func (f *memFrontier) Add(it Item) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := it.SeenKey()
	if _, dup := f.seen[key]; dup {
		return false
	}
	f.seen[key] = struct{}{}
	f.enqueue(it)
	return true
}

func (f *memFrontier) enqueue(it Item) {
	k := HostKey(it.URL)
	q := f.hosts[k]
	if q == nil {
		q = &hostQueue{}
		f.hosts[k] = q
		f.order = append(f.order, k)
	}
	q.items = append(q.items, it)
	f.queued++
	f.signal()
}

// signal wakes every waiting worker (a broadcast: one new item may be for
// any of them, and a finished fetch may free several hosts). Callers hold mu.
func (f *memFrontier) signal() {
	close(f.wake)
	f.wake = make(chan struct{})
}

func (f *memFrontier) Next(ctx context.Context) (Item, error) {
	for {
		it, wait, wake, err := f.take()
		if err == nil || errors.Is(err, ErrFrontierDone) {
			return it, err
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return Item{}, ctx.Err()
		case <-wake:
		case <-timer.C:
		}
		timer.Stop()
	}
}

var errNotReady = errors.New("not ready")

// take pops the next ready item, or says how long to wait for one and
// returns the channel that a change will close.
func (f *memFrontier) take() (Item, time.Duration, <-chan struct{}, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	it, wait, err := f.takeLocked()
	return it, wait, f.wake, err
}

func (f *memFrontier) takeLocked() (Item, time.Duration, error) {
	now := f.clock()
	for _, it := range f.aside.due(now) {
		f.enqueue(it)
	}
	if f.queued == 0 {
		if f.inFlight == 0 {
			f.signal() // let the other waiting workers see the end too; set-aside URLs stay deferred
			return Item{}, 0, ErrFrontierDone
		}
		return Item{}, f.aside.wait(now, time.Second), errNotReady
	}
	wait := f.aside.wait(now, time.Second)
	for i := range f.order {
		k := f.order[(f.next+i)%len(f.order)]
		q := f.hosts[k]
		idx, w := f.ready(q, now)
		if idx < 0 {
			wait = min(wait, w)
			continue
		}
		it := q.items[idx]
		q.items = removeItem(q.items, idx)
		q.inFlight++
		f.queued--
		f.inFlight++
		f.next = (f.next + i + 1) % len(f.order)
		return it, 0, nil
	}
	return Item{}, max(wait, time.Millisecond), errNotReady
}

// removeItem takes out items[idx]. The head, the usual case, is resliced off
// (its slot cleared for the collector) instead of shifting the whole queue
// down, which made a dequeue O(queue length).
func removeItem(items []Item, idx int) []Item {
	if idx == 0 {
		items[0] = Item{}
		return items[1:]
	}
	return append(items[:idx], items[idx+1:]...)
}

// ready returns the index of the first item of q that may go now, or -1 and
// how long until one might.
func (f *memFrontier) ready(q *hostQueue, now time.Time) (int, time.Duration) {
	if len(q.items) == 0 || q.inFlight >= f.perHost {
		return -1, time.Second
	}
	if d := q.nextAllowed.Sub(now); d > 0 {
		return -1, d
	}
	soonest := time.Second
	for i, it := range q.items {
		d := it.NotBefore.Sub(now)
		if d <= 0 {
			return i, 0
		}
		soonest = min(soonest, d)
	}
	return -1, soonest
}

func (f *memFrontier) Done(it Item, hostDelay time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.release(it, hostDelay)
	f.signal()
}

func (f *memFrontier) release(it Item, hostDelay time.Duration) {
	q := f.hosts[HostKey(it.URL)]
	q.inFlight--
	f.inFlight--
	if next := f.clock().Add(hostDelay); next.After(q.nextAllowed) {
		q.nextAllowed = next
	}
}

func (f *memFrontier) Retry(it Item, after, hostPause time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.release(it, hostPause)
	it.NotBefore = f.clock().Add(after)
	f.enqueue(it)
}

func (f *memFrontier) Stats() FrontierStats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return FrontierStats{Queued: f.queued, InFlight: f.inFlight, Seen: len(f.seen), Hosts: len(f.hosts)}
}
