package folder

import (
	"fmt"
	"sort"
	"strings"

	"github.com/salvage-archive/salvage/crawler"
)

// FailedSeeds is the seeds of this run that ended without an answer, with
// why: the state keeps them, so that the next run tries them again.
func (j *Journal) FailedSeeds() map[string]string {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := map[string]string{}
	for u, f := range j.seeds.seeds {
		if f.failed {
			out[u] = f.cause
		}
	}
	return out
}

// SeedFailures is one line per seed naming why it failed, when no seed
// answered and at least one failed; "" otherwise.
func (j *Journal) SeedFailures() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	var lines []string
	for u, f := range j.seeds.seeds {
		if f.answered {
			return ""
		}
		if f.failed {
			lines = append(lines, fmt.Sprintf("seed %s: %s", u, f.cause))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// seedFate is what became of a seed in this run.
type seedFate struct {
	answered bool   // the server answered (any HTTP status)
	failed   bool   // it ended without an answer: retried on the next run
	cause    string // why, as the network said it
}

// seedFates follows the seeds (hop path "") through the crawl's events,
// with the failures of their robots.txt fetches (the real cause of a
// robots-unavailable refusal). Used under the journal's lock.
type seedFates struct {
	seeds  map[string]*seedFate
	robots map[string]string // seed URL -> why its robots.txt fetch failed
}

func newSeedFates() seedFates {
	return seedFates{seeds: make(map[string]*seedFate), robots: make(map[string]string)}
}

func (s seedFates) note(ev crawler.Event) {
	if strings.Trim(ev.HopPath, "R") == "P" && ev.Kind == crawler.EventFetched && ev.Status < 0 {
		s.robots[ev.Via] = failureCause(ev)
		return
	}
	if ev.HopPath != "" {
		return
	}
	f := s.seeds[ev.URL]
	if f == nil {
		f = &seedFate{}
		s.seeds[ev.URL] = f
	}
	switch {
	case ev.Status > 0:
		f.answered, f.failed = true, false
	case ev.Kind == crawler.EventFetched && ev.Status < 0:
		f.failed, f.cause = true, failureCause(ev)
	case ev.Kind == crawler.EventRefused && ev.Rule == "robots-unavailable" && ev.Cause < 0:
		f.failed, f.cause = true, failureCause(ev)
		if why, ok := s.robots[ev.URL]; ok {
			f.cause = why
		}
	case ev.Kind == crawler.EventRefused:
		delete(s.seeds, ev.URL) // refused by a rule: neither fetched nor failed
	}
}

// failureCause names a failed fetch's cause as the network gave it
// ("connection refused", "no such host", "tls: ...", "timeout"): the
// crawler's FailureCause (for a robots-unavailable refusal, that of the
// robots.txt fetch), else the negative status.
func failureCause(ev crawler.Event) string {
	switch {
	case ev.FailureCause != "":
		return ev.FailureCause
	case ev.Kind == crawler.EventRefused:
		return fmt.Sprintf("fetch failed (status %d)", ev.Cause)
	}
	return fmt.Sprintf("fetch failed (status %d)", ev.Status)
}
