package crawler

import (
	"sync"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// RobotsFile is a fetched robots.txt as crawlers share it: the decision
// source, not the parsed rules.
type RobotsFile struct {
	Status   int            // below 0: the fetch failed, with this failure status (StatusConnectFailed ...); 0: no answer to follow
	Failure  policy.ErrKind // Status below 0: why the fetch got no answer (netfail.Kind)
	Body     []byte
	Fetched  time.Time
	Attempts int // fetches of this host's robots.txt so far
}

// RobotsStore shares robots.txt files between crawler processes that crawl
// together (crawler/frontier.RedisRobots), so one of them fetches and
// archives a host's robots.txt and the others reuse it. Config.Robots nil:
// each process fetches its own.
type RobotsStore interface {
	Get(host string) (RobotsFile, bool)
	Put(host string, f RobotsFile)
	// Claim asks to be the one process that makes fetch number attempt of
	// host's robots.txt; false means another one has claimed it. A claim
	// lapses after ttl (its process may have died).
	Claim(host string, attempt int, ttl time.Duration) bool
}

// robotsClaimTTL bounds how long the others wait for a process that claimed
// a robots.txt fetch and died; a lapsed claim only costs a second fetch.
const robotsClaimTTL = 10 * time.Second

// robotsEntry is one host:port's robots.txt, fetched once per attempt window.
type robotsEntry struct {
	mu       sync.Mutex
	rules    *policy.Robots
	failure  policy.ErrKind // the fetch got no answer: why (rules.Status() is its status)
	expires  time.Time      // an unavailable robots.txt is fetched again after this
	attempts int
}

// hostRobots is a host's robots.txt as a worker gets it.
type hostRobots struct {
	rules    *policy.Robots
	failure  policy.ErrKind // its fetch got no answer: why (rules.Status() is the failure status)
	attempts int            // fetches of it so far, crawl-wide
	fetched  bool           // this worker fetched it now
}

// robotsCache shares robots.txt decisions between workers; concurrent
// workers for one host wait for the single fetch.
type robotsCache struct {
	mu     sync.Mutex
	m      map[string]*robotsEntry
	shared RobotsStore // nil: this process only
	poll   time.Duration
	claim  time.Duration // how long a claim by another process is waited for (robotsClaimTTL)
}

func newRobotsCache(shared RobotsStore) *robotsCache {
	return &robotsCache{m: make(map[string]*robotsEntry), shared: shared, poll: 25 * time.Millisecond, claim: robotsClaimTTL}
}

func (rc *robotsCache) entry(key string) *robotsEntry {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	e := rc.m[key]
	if e == nil {
		e = &robotsEntry{}
		rc.m[key] = e
	}
	return e
}

// peek returns the host's rules when this process holds valid ones,
// without fetching: links are refused by a robots.txt already read when
// they are found, so they never wait for their host's turn.
func (rc *robotsCache) peek(key string, now time.Time) (*policy.Robots, bool) {
	rc.mu.Lock()
	e := rc.m[key]
	rc.mu.Unlock()
	if e == nil || !e.mu.TryLock() {
		return nil, false
	}
	defer e.mu.Unlock()
	return e.rules, e.valid(now)
}

// get returns the host's rules, with its fetch's failure and how many
// fetch attempts they took, fetching them with fetch (its Status, Failure
// and Body) when missing or expired.
func (rc *robotsCache) get(key string, now func() time.Time, retry time.Duration, fetch func() RobotsFile) hostRobots {
	e := rc.entry(key)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.valid(now()) {
		return e.held()
	}
	if f, ok := rc.fromShared(key, e.attempts, now, retry); ok {
		e.set(f, retry)
		if e.valid(now()) {
			return e.held()
		}
	}
	f := fetch()
	f.Fetched, f.Attempts = now(), e.attempts+1
	e.set(f, retry)
	if rc.shared != nil {
		rc.shared.Put(key, f)
	}
	return e.held()
}

func (e *robotsEntry) held() hostRobots {
	return hostRobots{rules: e.rules, failure: e.failure, attempts: e.attempts}
}

func (e *robotsEntry) valid(now time.Time) bool {
	return e.rules != nil && (e.expires.IsZero() || now.Before(e.expires))
}

// set adopts f: an unavailable robots.txt expires retry after its fetch.
func (e *robotsEntry) set(f RobotsFile, retry time.Duration) {
	e.rules, e.failure = policy.ParseRobots(f.Status, f.Body), f.Failure
	e.attempts = max(e.attempts, f.Attempts)
	e.expires = time.Time{}
	if e.rules.Unavailable() {
		e.expires = f.Fetched.Add(retry)
	}
}

// fromShared returns the shared copy of key's robots.txt (it may have
// expired, which still carries the attempt count) once it is fresh or this
// process has claimed the next fetch of it: each attempt is fetched once
// across the crawl, and while another process fetches, this one waits.
func (rc *robotsCache) fromShared(key string, known int, now func() time.Time, retry time.Duration) (RobotsFile, bool) {
	if rc.shared == nil {
		return RobotsFile{}, false
	}
	deadline := time.Now().Add(rc.claim)
	for {
		f, ok := rc.shared.Get(key)
		var probe robotsEntry
		probe.set(f, retry)
		if ok && probe.valid(now()) ||
			rc.shared.Claim(key, max(known, f.Attempts)+1, rc.claim) || time.Now().After(deadline) {
			return f, ok
		}
		time.Sleep(rc.poll)
	}
}
