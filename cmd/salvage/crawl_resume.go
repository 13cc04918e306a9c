package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/frontier"
	"github.com/salvage-archive/salvage/policy"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/cmd/internal/folder"
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
	if err := j.scopeOver(append(stored, added...)); err != nil {
		return false, err
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

// scopeOver makes the crawl's scope, and the seeds its reports and WACZ
// name, those of all its seeds: a rerun with --add-seeds, or with some of
// the crawl's seeds, still crawls the sites of the others (their queued URLs
// and the links found on them).
func (j *crawlJob) scopeOver(seeds []string) error {
	if len(missing(seeds, canonicalSeeds(j.scopeCfg.Seeds))) == 0 {
		return nil
	}
	cfg := j.scopeCfg
	cfg.Seeds = seeds
	scope, err := policy.NewScope(cfg)
	if err != nil {
		return fmt.Errorf("scope of the crawl's seeds: %w", err)
	}
	j.scopeCfg, j.scope, j.crawl.Scope, j.seeds = cfg, scope, scope, seeds
	return nil
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
func recordFailedSeeds(st *crawlState, jr *folder.Journal) {
	if st.book == nil {
		return
	}
	for u, cause := range jr.FailedSeeds() {
		st.book.FailSeed(u, cause)
	}
}
