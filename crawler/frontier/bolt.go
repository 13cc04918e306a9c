package frontier

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/salvage-archive/salvage/crawler"
)

var (
	bucketQueue    = []byte("queue")    // host "\x00" seq -> item
	bucketInFlight = []byte("inflight") // URL -> item
	bucketSeen     = []byte("seen")     // Fingerprint -> nothing
	bucketMeta     = []byte("meta")     // "seq" -> uint64
	bucketPages    = []byte("pages")    // host:port -> uint64 HTML pages fetched (--max-pages-per-host)
	bucketDigests  = []byte("digests")  // payload digest -> first capture (digests.go)
	bucketDeferred = []byte("deferred") // URL -> crawler.Deferral (bolt_deferred.go)
	bucketRobots   = []byte("robots")   // host:port -> the last robots.txt fetched (bolt_robots.go)
	keySeq         = []byte("seq")
	seenMark       = []byte{1}
)

// BoltConfig configures a Bolt frontier. Zero values mean the documented defaults.
type BoltConfig struct {
	Path            string           // the bbolt file; required
	HostConcurrency int              // fetches in flight per host:port; default 2
	Clock           func() time.Time // default time.Now
	// BatchOps is how many queue changes (Add, Next) may wait in the open
	// transaction before it is committed; default 1024.
	BatchOps int
	// GroupEvery and GroupSettled make the group commit: Done, Retry and
	// Defer settle a URL in the open transaction, which is committed at
	// most GroupEvery after (default 100ms) or as soon as GroupSettled URLs
	// are settled in it (default DefaultGroupSettled), whichever comes
	// first. A kill loses the URLs settled since the last commit: they
	// were in flight and are fetched again on resume. The hook set by
	// SyncBeforeCommit runs before each commit that settles URLs.
	GroupEvery   time.Duration
	GroupSettled int
	// FlushEvery fsyncs the file at least this often; default 250ms.
	// Commits themselves do not fsync: a commit is in the file (the page
	// cache) when it returns, which is all a killed process needs; a power
	// cut loses at most FlushEvery of state. (An fsync per finished URL,
	// under the frontier's lock, made a crawl of the replica 2.7 times
	// slower on this machine's disk.)
	FlushEvery time.Duration
	// NoSync skips the periodic fsync too. For benchmarks and throwaway crawls.
	NoSync bool
}

func (c *BoltConfig) setDefaults() {
	if c.HostConcurrency <= 0 {
		c.HostConcurrency = 2
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	if c.BatchOps <= 0 {
		c.BatchOps = 1024
	}
	if c.GroupEvery <= 0 {
		c.GroupEvery = 100 * time.Millisecond
	}
	if c.GroupSettled <= 0 {
		c.GroupSettled = DefaultGroupSettled
	}
	if c.FlushEvery <= 0 {
		c.FlushEvery = 250 * time.Millisecond
	}
}

// DefaultGroupSettled is how many settled URLs a group commit waits for at
// most (BoltConfig.GroupSettled). A kill -9 fetches again at most the URLs
// in flight plus GroupSettled-1 settled ones.
const DefaultGroupSettled = 64

// Validate reports a configuration that cannot work.
func (c BoltConfig) Validate() error {
	if c.Path == "" {
		return errors.New("frontier: no state file path")
	}
	return nil
}

type hostState struct {
	queued, inFlight int
	nextAllowed      time.Time
}

// Bolt is a crawler.Frontier kept in a bbolt file. Every change is made in
// one open write transaction that is committed in groups (BoltConfig's
// BatchOps, GroupEvery, GroupSettled). A URL is settled (Done, Retry,
// Defer) after its links were added, so a URL recorded as done always has
// its discovered links on disk too. Memory holds only per-host counters.
type Bolt struct {
	cfg  BoltConfig
	db   *bolt.DB
	wake chan struct{}
	stop chan struct{}
	done chan struct{}

	group     sync.RWMutex // settles hold it to read, a group commit to write (bolt_group.go)
	mu        sync.Mutex
	tx        *bolt.Tx  // the open write transaction
	pending   int       // changes in tx not yet committed
	settled   int       // URLs settled in tx (Done, Retry, Defer)
	committed time.Time // when tx began: the last commit (wall clock, for the group timer)
	sync      func()    // SyncBeforeCommit's hook
	err       error     // the first storage error; the frontier stops handing out work
	hosts     map[string]*hostState
	pages     map[string]int // bucketPages, read at open
	order     []string
	next      int
	seq       uint64
	queued    int
	inFlight  int
	seen      int
	recovered int
	requeued  int                  // deferred URLs queued again at open
	aside     map[string]time.Time // deferred URLs back in their queue at a time in this run: URL -> Until
	soonest   time.Time            // the earliest of aside; zero: none
}

var _ crawler.Frontier = (*Bolt)(nil)

// OpenBolt opens (or creates) the state file. URLs that were in flight when
// the previous process stopped go back to their queues.
func OpenBolt(cfg BoltConfig) (*Bolt, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.setDefaults()
	db, err := bolt.Open(cfg.Path, 0o644, &bolt.Options{Timeout: 2 * time.Second, NoSync: true, NoFreelistSync: true})
	if err != nil {
		return nil, fmt.Errorf("open crawl state %s: %w", cfg.Path, err)
	}
	f := &Bolt{cfg: cfg, db: db, hosts: make(map[string]*hostState), pages: make(map[string]int), aside: make(map[string]time.Time),
		wake: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{})}
	if err := f.load(); err != nil {
		db.Close()
		return nil, fmt.Errorf("load crawl state %s: %w", cfg.Path, err)
	}
	go f.flusher()
	return f, nil
}

// load requeues the previous run's in-flight and deferred URLs and rebuilds
// the counters.
func (f *Bolt) load() error {
	tx, err := f.db.Begin(true)
	if err != nil {
		return err
	}
	f.tx = tx
	for _, name := range [][]byte{bucketQueue, bucketInFlight, bucketSeen, bucketMeta, bucketPages, bucketDigests,
		bucketDeferred, bucketFailed, bucketVariants, bucketBodies, bucketFamilies, bucketFamLinks, bucketFamClosed, bucketRobots} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	if v := tx.Bucket(bucketMeta).Get(keySeq); len(v) == 8 {
		f.seq = binary.BigEndian.Uint64(v)
	}
	if err := f.requeueInFlight(); err != nil {
		return err
	}
	if err := f.requeueDeferred(); err != nil {
		return err
	}
	if err := f.countQueued(); err != nil {
		return err
	}
	if err := tx.Bucket(bucketPages).ForEach(func(k, v []byte) error {
		f.pages[string(k)] = int(binary.BigEndian.Uint64(v))
		return nil
	}); err != nil {
		return err
	}
	f.seen = tx.Bucket(bucketSeen).Stats().KeyN
	return f.commit()
}

func (f *Bolt) requeueInFlight() error {
	fl := f.tx.Bucket(bucketInFlight)
	var items []crawler.Item
	err := fl.ForEach(func(_, v []byte) error {
		it, err := decodeItem(v)
		items = append(items, it)
		return err
	})
	if err != nil {
		return err
	}
	for _, it := range items {
		if err := fl.Delete([]byte(it.URL)); err != nil {
			return err
		}
		if err := f.put(it); err != nil {
			return err
		}
	}
	f.recovered = len(items)
	return nil
}

func (f *Bolt) countQueued() error {
	f.queued = 0
	for _, q := range f.hosts {
		q.queued = 0
	}
	return f.tx.Bucket(bucketQueue).ForEach(func(k, _ []byte) error {
		host, _, ok := bytes.Cut(k, []byte{0})
		if !ok {
			return errBadItem
		}
		f.host(string(host)).queued++
		f.queued++
		return nil
	})
}

// Recovered is how many URLs were in flight when the previous run stopped
// and went back to the queue on open.
func (f *Bolt) Recovered() int { return f.recovered }

func (f *Bolt) host(k string) *hostState {
	q := f.hosts[k]
	if q == nil {
		q = &hostState{}
		f.hosts[k] = q
		f.order = append(f.order, k)
	}
	return q
}

func queueKey(host string, seq uint64) []byte {
	k := make([]byte, 0, len(host)+9)
	k = append(k, host...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint64(k, seq)
}

// put appends it to its host's queue in the open transaction.
func (f *Bolt) put(it crawler.Item) error {
	f.seq++
	host := crawler.HostKey(it.URL)
	if err := f.tx.Bucket(bucketQueue).Put(queueKey(host, f.seq), encodeItem(it)); err != nil {
		return err
	}
	f.host(host).queued++
	f.queued++
	f.pending++
	return f.tx.Bucket(bucketMeta).Put(keySeq, binary.BigEndian.AppendUint64(nil, f.seq))
}

// Add queues it unless its URL was seen before.
func (f *Bolt) Add(it crawler.Item) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return false
	}
	seen := f.tx.Bucket(bucketSeen)
	fp := Fingerprint(crawler.HostKey(it.URL), it.SeenKey())
	if seen.Get(fp) != nil {
		return false
	}
	if err := seen.Put(fp, seenMark); err != nil {
		f.fail(err)
		return false
	}
	f.seen++
	if err := f.put(it); err != nil {
		f.fail(err)
		return false
	}
	f.maybeCommit()
	f.signal()
	return true
}

func (f *Bolt) fail(err error) {
	if f.err == nil {
		f.err = fmt.Errorf("crawl state: %w", err)
	}
}

// Err is the first storage error, which stopped the frontier.
func (f *Bolt) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// signal wakes every waiting worker: it closes the channel they wait on and
// makes a new one. A one-slot wake-up left all but one asleep until their
// timer (see crawler.TestFrontierWakesEveryWaiter). Callers hold mu.
func (f *Bolt) signal() {
	close(f.wake)
	f.wake = make(chan struct{})
}

// maybeCommit commits a full batch of queue changes, unless the open
// transaction settles URLs that wait for the sync hook: the group commit
// takes them all, GroupEvery later at most. Callers hold mu.
func (f *Bolt) maybeCommit() {
	if f.pending >= f.cfg.BatchOps && f.mayCommit() {
		f.commitNow()
	}
}

// mayCommit says whether a commit under mu alone keeps the rule that the
// sync hook runs before settled URLs are committed (groupCommit).
func (f *Bolt) mayCommit() bool {
	return f.settled == 0 || f.sync == nil
}

// commit ends the open transaction and begins the next one. Callers hold
// mu, and run the sync hook first if the transaction settles URLs.
func (f *Bolt) commit() error {
	if err := f.tx.Commit(); err != nil {
		f.tx = nil
		return err
	}
	f.pending, f.settled, f.committed = 0, 0, time.Now()
	tx, err := f.db.Begin(true)
	if err == nil {
		// Queue keys grow at each host's end: fill pages instead of splitting them in half.
		tx.Bucket(bucketQueue).FillPercent = 0.9
	}
	f.tx = tx
	return err
}

// Next takes the next URL whose host may be fetched now, waiting for one.
func (f *Bolt) Next(ctx context.Context) (crawler.Item, error) {
	for {
		f.mu.Lock()
		wake := f.wake // taken before take: a change after it closes this one
		f.mu.Unlock()
		it, wait, err := f.take()
		if !errors.Is(err, errNotReady) {
			return it, err
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return crawler.Item{}, ctx.Err()
		case <-wake:
		case <-timer.C:
		}
		timer.Stop()
	}
}

var errNotReady = errors.New("not ready")

// scanLimit bounds how far into a host's queue Next looks for an item whose
// NotBefore has passed.
const scanLimit = 64

func (f *Bolt) take() (crawler.Item, time.Duration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return crawler.Item{}, 0, f.err
	}
	now := f.cfg.Clock()
	if err := f.undefer(now); err != nil {
		f.fail(err)
		return crawler.Item{}, 0, f.err
	}
	if f.queued == 0 {
		if f.inFlight == 0 {
			f.signal() // the others see the end too; deferred URLs wait for the next run
			return crawler.Item{}, 0, crawler.ErrFrontierDone
		}
		return crawler.Item{}, f.asideWait(now, time.Second), errNotReady
	}
	wait := f.asideWait(now, time.Second)
	for i := range f.order {
		k := f.order[(f.next+i)%len(f.order)]
		it, w, err := f.takeFrom(k, now)
		if err != nil {
			f.fail(err)
			return crawler.Item{}, 0, f.err
		}
		if w > 0 {
			wait = min(wait, w)
			continue
		}
		f.next = (f.next + i + 1) % len(f.order)
		return it, 0, nil
	}
	return crawler.Item{}, max(wait, time.Millisecond), errNotReady
}

// takeFrom moves the first ready item of host k to the in-flight set, or
// says how long until one might be ready.
func (f *Bolt) takeFrom(k string, now time.Time) (crawler.Item, time.Duration, error) {
	q := f.hosts[k]
	if q.queued == 0 || q.inFlight >= f.cfg.HostConcurrency {
		return crawler.Item{}, time.Second, nil
	}
	if d := q.nextAllowed.Sub(now); d > 0 {
		return crawler.Item{}, d, nil
	}
	prefix := append([]byte(k), 0)
	c := f.tx.Bucket(bucketQueue).Cursor()
	soonest := time.Second
	n := 0
	for key, v := c.Seek(prefix); key != nil && bytes.HasPrefix(key, prefix) && n < scanLimit; key, v = c.Next() {
		n++
		it, err := decodeItem(v)
		if err != nil {
			return it, 0, err
		}
		if d := it.NotBefore.Sub(now); d > 0 {
			soonest = min(soonest, d)
			continue
		}
		if err := c.Delete(); err != nil {
			return it, 0, err
		}
		if err := f.tx.Bucket(bucketInFlight).Put([]byte(it.URL), v); err != nil {
			return it, 0, err
		}
		q.queued--
		q.inFlight++
		f.queued--
		f.inFlight++
		f.pending++
		f.maybeCommit()
		return it, 0, f.err
	}
	return crawler.Item{}, soonest, nil
}

// Done records it as finished: once the group commit that holds it is made,
// it is never handed out again.
func (f *Bolt) Done(it crawler.Item, hostDelay time.Duration) {
	f.settling(func() { f.release(it, hostDelay) })
}

func (f *Bolt) commitNow() {
	if f.err != nil {
		return
	}
	if err := f.commit(); err != nil {
		f.fail(err)
	}
}

func (f *Bolt) release(it crawler.Item, hostDelay time.Duration) {
	q := f.host(crawler.HostKey(it.URL))
	q.inFlight--
	f.inFlight--
	if next := f.cfg.Clock().Add(hostDelay); next.After(q.nextAllowed) {
		q.nextAllowed = next
	}
	if f.err != nil {
		return
	}
	if err := f.tx.Bucket(bucketInFlight).Delete([]byte(it.URL)); err != nil {
		f.fail(err)
	}
	f.pending++
}

// Retry puts it back at the end of its host's queue, not before after; the
// host may be fetched again after hostPause. Committed with its group, as Done.
func (f *Bolt) Retry(it crawler.Item, after, hostPause time.Duration) {
	f.settling(func() {
		f.release(it, hostPause)
		it.NotBefore = f.cfg.Clock().Add(after)
		if f.err == nil {
			if err := f.put(it); err != nil {
				f.fail(err)
			}
		}
	})
}

// Stats is a snapshot of the counters.
func (f *Bolt) Stats() crawler.FrontierStats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return crawler.FrontierStats{Queued: f.queued, InFlight: f.inFlight, Seen: f.seen, Hosts: len(f.hosts)}
}

// Close commits what is pending (as a group commit: the sync hook runs
// first if one is set and URLs were settled) and closes the file. URLs
// still in flight stay recorded as in flight and are queued again on the
// next open.
func (f *Bolt) Close() error {
	close(f.stop)
	<-f.done
	f.groupCommit()
	f.mu.Lock()
	defer f.mu.Unlock()
	var err error
	if f.tx != nil {
		if f.err == nil {
			err = f.tx.Commit()
		} else {
			err = f.tx.Rollback()
		}
		f.tx = nil
	}
	if err == nil && !f.cfg.NoSync {
		err = f.db.Sync()
	}
	return errors.Join(f.err, err, f.db.Close())
}

var _ crawler.PageCounts = (*Bolt)(nil)

// AddPage counts an HTML page fetched from host in the open transaction,
// which the fetch's Done commits: a page whose fetch is lost at a kill is
// fetched and counted again.
func (f *Bolt) AddPage(host string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return
	}
	f.pages[host]++
	if err := f.tx.Bucket(bucketPages).Put([]byte(host), binary.BigEndian.AppendUint64(nil, uint64(f.pages[host]))); err != nil {
		f.fail(err)
	}
	f.pending++
}

// Pages is how many HTML pages were fetched from host, in every run of the crawl.
func (f *Bolt) Pages(host string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pages[host]
}

// HostsInFlight is how many fetches each host:port has in flight (for metrics).
func (f *Bolt) HostsInFlight() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]int)
	for k, q := range f.hosts {
		if q.inFlight > 0 {
			out[k] = q.inFlight
		}
	}
	return out
}
