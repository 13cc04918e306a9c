package verify

import (
	"context"
	"errors"
	"hash/maphash"
	"net/url"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/salvage-archive/salvage/crawler/extract"
)

// RobotsAllower is the robots.txt gate of live checks (RobotsGate).
type RobotsAllower interface {
	Allowed(ctx context.Context, u *url.URL) bool
}

// PrecheckConfig configures a Prechecker. It must make the decisions the
// final Collector.Report makes, so the two agree on what is checked.
type PrecheckConfig struct {
	// Internal is the Collector's: internal links are judged from the
	// crawl, never checked.
	Internal func(*url.URL) bool
	// CrawlMayFetch says whether the crawl itself may fetch a link found on
	// a page reached by hopPath (an embed within the transclusion hops). Such
	// a link, and every later link to its host, is left to the report, so
	// checks add no requests to the hosts the crawl is fetching. nil: never.
	CrawlMayFetch func(u *url.URL, hopPath string) bool
	// Robots is the report's robots.txt gate (Options.Robots), nil when the
	// report has none: a link it refuses is not checked.
	Robots RobotsAllower
	// Workers is how many checks run at once; default the Checker's
	// overall limit. Each host has at most the Checker's per-host limit.
	Workers int
}

// ErrNoCache is NewPrechecker's error for a Checker without a Cache: the
// results would be lost between the precheck and the report.
var ErrNoCache = errors.New("prechecks need a checker with a cache")

// Prechecker checks a crawl's external links while the crawl runs, so
// their checks overlap the crawl instead of following it. Results land in
// the Checker's Cache; the final Collector.Report's Check of the same URL
// then hits the cache, or joins the check still in flight (the Checker's
// singleflight). Each URL is checked once, queued per host and taken round
// robin, with no more checks of a host in flight than the Checker's
// per-host limit, so one slow host never holds every worker.
//
// Add feeds it (from the crawl's events), Run works the queue until Stop,
// which starts no more checks: what is still queued is left to the report.
type Prechecker struct {
	chk     *Checker
	cfg     PrecheckConfig
	perHost int

	mu      sync.Mutex
	wake    *sync.Cond
	seed    maphash.Seed
	added   map[uint64]struct{} // hash of every link added (unseen)
	seen    map[string]bool     // every canonical URL queued
	crawled map[string]bool     // hostKeys the crawl may fetch from: left to the report
	queues  map[string][]string // hostKey -> URLs waiting
	ring    []string            // hostKeys with URLs waiting, taken round robin
	busy    map[string]int      // hostKey -> checks in flight
	started int
	stopped bool
}

// NewPrechecker returns a Prechecker that checks with chk.
func NewPrechecker(chk *Checker, cfg PrecheckConfig) (*Prechecker, error) {
	if chk == nil || chk.cfg.Cache == nil {
		return nil, ErrNoCache
	}
	if cfg.Workers <= 0 {
		cfg.Workers = chk.cfg.Overall
	}
	p := &Prechecker{chk: chk, cfg: cfg, perHost: chk.cfg.PerHost, seed: maphash.MakeSeed(), added: map[uint64]struct{}{}, seen: map[string]bool{},
		crawled: map[string]bool{}, queues: map[string][]string{}, busy: map[string]int{}}
	p.wake = sync.NewCond(&p.mu)
	return p, nil
}

// Add queues the external http(s) links of a page the crawl reached by
// hopPath. It never blocks on a check; a link it has seen before (the same
// text and hop type: a menu on every page) costs a map lookup.
func (p *Prechecker) Add(hopPath string, links []extract.Link) {
	for _, c := range p.candidates(hopPath, p.unseen(links)) {
		p.enqueue(c)
	}
}

// unseen is the links not added before, by a hash of their text and hop
// type (8 bytes a link, not its text: most links are internal; a collision
// only leaves a link to the report).
func (p *Prechecker) unseen(links []extract.Link) []extract.Link {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []extract.Link
	for _, l := range links {
		k := maphash.String(p.seed, l.URL) ^ uint64(l.Hop)
		if _, ok := p.added[k]; !ok {
			p.added[k] = struct{}{}
			out = append(out, l)
		}
	}
	return out
}

// candidate is an external http(s) link: its canonical URL, its hostKey,
// and whether the crawl may fetch it.
type candidate struct {
	url, host string
	crawl     bool
}

// candidates canonicalizes links and keeps the external http(s) ones (no
// lock held: the scope decisions are the costly part).
func (p *Prechecker) candidates(hopPath string, links []extract.Link) []candidate {
	var out []candidate
	for _, l := range links {
		k, u := key(l.URL)
		if u == nil || !isHTTP(k) || (p.cfg.Internal != nil && p.cfg.Internal(u)) {
			continue
		}
		crawl := p.cfg.CrawlMayFetch != nil && p.cfg.CrawlMayFetch(u, hopPath+string(rune(l.Hop)))
		out = append(out, candidate{url: k, host: hostKey(u), crawl: crawl})
	}
	return out
}

// enqueue queues c unless it was queued before or its host is the crawl's.
func (p *Prechecker) enqueue(c candidate) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c.crawl {
		p.crawled[c.host] = true
	}
	if p.seen[c.url] || p.crawled[c.host] {
		return // a host of the crawl's: the report checks it, after the crawl
	}
	p.seen[c.url] = true
	if len(p.queues[c.host]) == 0 {
		p.ring = append(p.ring, c.host)
	}
	p.queues[c.host] = append(p.queues[c.host], c.url)
	p.wake.Broadcast()
}

// Run checks queued links until Stop, then waits for the checks in flight
// and returns. When ctx ends, the checks in flight are cancelled (and not
// cached) and Run returns ctx's error.
func (p *Prechecker) Run(ctx context.Context) error {
	stopWaking := context.AfterFunc(ctx, p.Stop)
	defer stopWaking()
	g, gctx := errgroup.WithContext(ctx)
	for range p.cfg.Workers {
		g.Go(func() error {
			p.work(gctx)
			return nil
		})
	}
	_ = g.Wait()
	return ctx.Err()
}

// work checks one URL after another until there is none to take.
func (p *Prechecker) work(ctx context.Context) {
	for {
		k, host, ok := p.next()
		if !ok {
			return
		}
		p.check(ctx, k)
		p.done(host)
	}
}

// check checks k unless the report's robots.txt gate refuses it.
func (p *Prechecker) check(ctx context.Context, k string) {
	if p.cfg.Robots != nil {
		if u, err := url.Parse(k); err != nil || !p.cfg.Robots.Allowed(ctx, u) {
			return
		}
	}
	p.chk.Check(ctx, k)
}

// next takes the first URL of the next host, round robin, that has fewer
// checks in flight than its limit; it waits while there is none, and
// reports false after Stop.
func (p *Prechecker) next() (k, host string, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for !p.stopped {
		for i, h := range p.ring {
			if p.busy[h] >= p.perHost {
				continue
			}
			k, p.queues[h] = p.queues[h][0], p.queues[h][1:]
			p.ring = append(p.ring[:i:i], p.ring[i+1:]...)
			if len(p.queues[h]) > 0 {
				p.ring = append(p.ring, h) // to the back: the other hosts go first
			} else {
				delete(p.queues, h)
			}
			p.busy[h]++
			p.started++
			return k, h, true
		}
		p.wake.Wait()
	}
	return "", "", false
}

func (p *Prechecker) done(host string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.busy[host]--
	p.wake.Broadcast()
}

// Stop starts no more checks; those in flight go on (Run waits for them).
// Queued URLs are left to the report. Safe to call more than once.
func (p *Prechecker) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	p.wake.Broadcast()
}

// Started is how many checks the Prechecker has started.
func (p *Prechecker) Started() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.started
}
