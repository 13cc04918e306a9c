package crawler

import (
	"slices"
	"strings"
	"time"
)

// Deferral is a URL set aside instead of waited for: the server asked for a
// wait longer than Config.MaxWait (Until is zero: the next run fetches it),
// or a wait longer than Config.LongWait (Until is when it goes back to its
// queue, if the crawl is still running then; when nothing else is left to
// crawl, the crawl ends without it and the next run fetches it).
type Deferral struct {
	Item       Item
	Status     int           // the answer that asked for the wait: 429, 503, 500, or a negative FetchStatus
	RetryAfter time.Duration // the server's Retry-After, or the retry backoff when it sent none
	Asked      time.Time     // when the server asked to be tried again (the answer's time + RetryAfter)
	Until      time.Time     // back to its queue at this time in this run; zero: not in this run
	Reason     string        // e.g. "503 Retry-After 3600s, beyond --max-wait 3m0s"
}

// Deferrer is a frontier that can set URLs aside for a later run. Deferred
// URLs do not count as queued: a crawl whose frontier holds nothing else
// ends. A durable frontier keeps them and queues them again (attempts reset)
// when the crawl is resumed.
type Deferrer interface {
	// Defer takes in-flight d.Item out of the crawl, as Done does (its host
	// may be fetched again after hostDelay), and keeps d.
	Defer(d Deferral, hostDelay time.Duration)
	// Deferred lists the URLs set aside and not back in a queue, by URL.
	Deferred() []Deferral
}

var _ Deferrer = (*memFrontier)(nil)

// setAside holds the memory frontier's deferred URLs.
type setAside struct {
	all     map[string]Deferral
	soonest time.Time // the earliest non-zero Until; zero: none
}

func newSetAside() setAside { return setAside{all: make(map[string]Deferral)} }

func (s *setAside) put(d Deferral) {
	s.all[d.Item.URL] = d
	if !d.Until.IsZero() && (s.soonest.IsZero() || d.Until.Before(s.soonest)) {
		s.soonest = d.Until
	}
}

// due takes out the items whose Until has come.
func (s *setAside) due(now time.Time) []Item {
	if s.soonest.IsZero() || now.Before(s.soonest) {
		return nil
	}
	var out []Item
	s.soonest = time.Time{}
	for u, d := range s.all {
		switch {
		case d.Until.IsZero():
		case !now.Before(d.Until):
			it := d.Item
			it.NotBefore = time.Time{}
			out = append(out, it)
			delete(s.all, u)
		case s.soonest.IsZero() || d.Until.Before(s.soonest):
			s.soonest = d.Until
		}
	}
	slices.SortFunc(out, func(a, b Item) int { return strings.Compare(a.URL, b.URL) })
	return out
}

// wait is how long until the next Until, at most def.
func (s *setAside) wait(now time.Time, def time.Duration) time.Duration {
	if s.soonest.IsZero() {
		return def
	}
	return max(min(def, s.soonest.Sub(now)), time.Millisecond)
}

func (s *setAside) list() []Deferral {
	out := make([]Deferral, 0, len(s.all))
	for _, d := range s.all {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Deferral) int { return strings.Compare(a.Item.URL, b.Item.URL) })
	return out
}

// Defer sets in-flight d.Item aside; the memory frontier only lists it
// (there is no next run to hand it to).
func (f *memFrontier) Defer(d Deferral, hostDelay time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.release(d.Item, hostDelay)
	f.aside.put(d)
	f.signal()
}

// Deferred lists the URLs set aside and not back in a queue.
func (f *memFrontier) Deferred() []Deferral {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.aside.list()
}
