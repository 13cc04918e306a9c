package crawler

import (
	"sync"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// robotsEntry is one host:port's robots.txt, fetched once per attempt window.
type robotsEntry struct {
	mu       sync.Mutex
	rules    *policy.Robots
	expires  time.Time // an unavailable robots.txt is fetched again after this
	attempts int
}

// robotsCache shares robots.txt decisions between workers; concurrent
// workers for one host wait for the single fetch.
type robotsCache struct {
	mu sync.Mutex
	m  map[string]*robotsEntry
}

func newRobotsCache() *robotsCache {
	return &robotsCache{m: make(map[string]*robotsEntry)}
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

// get returns the host's rules and how many fetch attempts they took,
// fetching them with fetch when missing or expired.
func (rc *robotsCache) get(key string, now func() time.Time, retry time.Duration,
	fetch func() (status int, body []byte)) (*policy.Robots, int) {
	e := rc.entry(key)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.rules != nil && (e.expires.IsZero() || now().Before(e.expires)) {
		return e.rules, e.attempts
	}
	status, body := fetch()
	e.attempts++
	e.rules = policy.ParseRobots(status, body)
	e.expires = time.Time{}
	if e.rules.Unavailable() {
		e.expires = now().Add(retry)
	}
	return e.rules, e.attempts
}
