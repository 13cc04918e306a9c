package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/frontier"
	"github.com/salvage-archive/salvage/policy"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// seedBook is a durable frontier's record of the crawl's seeds and of the
// seeds whose fetch failed without an answer (frontier.Bolt).
type seedBook interface {
	Seeds() ([]string, error)
	SetSeeds(seeds []string) error
	FailSeed(url, cause string)
	FailedSeeds() map[string]string
	RequeueFailed() int
}

var (
	_ seedBook = (*frontier.Bolt)(nil)
	_ seedBook = (*frontier.Redis)(nil)
)

// place names where the crawl's state is, for the start line.
func (j *crawlJob) place() string {
	if j.cmd.stateFlags.redis() {
		return "the shared crawl " + j.cmd.stateFlags.crawlID
	}
	return j.cmd.out
}

// begin says on stderr whether the crawl starts or resumes, after checking
// the seeds against the ones the state holds. done: the crawl in --out is
// finished and there is nothing to do (nothing is to be written).
func (j *crawlJob) begin(st *crawlState) (done bool, err error) {
	c := j.cmd
	if st.book == nil {
		fmt.Fprintf(c.stderr, "salvage: starting a new crawl of %d seed(s) (state in memory: no resume)\n", len(j.seeds))
		return false, nil
	}
	seeds := canonicalSeeds(j.seeds)
	stored, err := st.book.Seeds()
	if err != nil {
		return false, err
	}
	added := missing(seeds, stored)
	if len(stored) > 0 && len(added) > 0 && !c.stateFlags.addSeeds {
		return false, cli.Usagef("crawl: %s already holds a crawl of %s; use a new %s, or --add-seeds to add these seeds to it",
			j.place(), strings.Join(stored, ", "), j.newPlaceFlag())
	}
	if len(added) > 0 {
		if err := st.book.SetSeeds(append(stored, added...)); err != nil {
			return false, err
		}
	}
	s := st.frontier.Stats()
	if s.Seen == 0 {
		fmt.Fprintf(c.stderr, "salvage: starting a new crawl of %d seed(s) into %s\n", len(seeds), j.place())
		return false, nil
	}
	return j.resume(st, s, len(added)), nil
}

// resume prints what the state holds and queues the failed seeds again;
// true when there is nothing to do.
func (j *crawlJob) resume(st *crawlState, s crawler.FrontierStats, added int) bool {
	failed := len(st.book.FailedSeeds())
	doneURLs := s.Seen - s.Queued - s.InFlight - failed
	// A worker joining a shared crawl with nothing left ends as it always did.
	if s.Queued == 0 && s.InFlight == 0 && failed == 0 && added == 0 && !j.cmd.stateFlags.redis() {
		fmt.Fprintf(j.cmd.stderr, "salvage: the crawl in %s is finished (%d URLs); nothing to do\n", j.cmd.out, doneURLs)
		return true
	}
	st.book.RequeueFailed()
	j.resumed = true
	fmt.Fprintf(j.cmd.stderr, "salvage: resuming the crawl in %s: %d done, %d queued, %d deferred, %d failed",
		j.place(), doneURLs, s.Queued-st.deferred, st.deferred, failed)
	if added > 0 {
		fmt.Fprintf(j.cmd.stderr, ", %d seed(s) added", added)
	}
	fmt.Fprintln(j.cmd.stderr)
	return false
}

// newPlaceFlag is the flag that names another crawl.
func (j *crawlJob) newPlaceFlag() string {
	if j.cmd.stateFlags.redis() {
		return "--crawl-id"
	}
	return "--out"
}

// canonicalSeeds is the seeds in the frontier's form, without repeats.
func canonicalSeeds(seeds []string) []string {
	var out []string
	for _, s := range seeds {
		if u, err := policy.Canonicalize(s, nil); err == nil {
			s = policy.CanonicalString(u)
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// missing is the seeds that stored does not hold.
func missing(seeds, stored []string) []string {
	var out []string
	for _, s := range seeds {
		if !slices.Contains(stored, s) {
			out = append(out, s)
		}
	}
	return out
}

// recordFailedSeeds keeps the seeds that failed without an answer in the
// state, so that the next run tries them again.
func recordFailedSeeds(st *crawlState, jr *journal) {
	if st.book == nil {
		return
	}
	jr.mu.Lock()
	defer jr.mu.Unlock()
	for u, f := range jr.seeds.seeds {
		if f.failed {
			st.book.FailSeed(u, f.cause)
		}
	}
}

// seedFailures is one line per seed naming why it failed, when no seed
// answered and at least one failed; "" otherwise.
func (j *journal) seedFailures() string {
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
