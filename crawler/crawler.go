package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// Crawler runs one crawl. Create it with New and call Run once.
type Crawler struct {
	cfg         Config
	frontier    Frontier
	deferrer    Deferrer // the frontier, when it can set URLs aside; nil: long waits are waited
	waits       *waitBoard
	robots      *robotsCache
	robotsAgent string

	refusedMu sync.Mutex
	refused   map[string]struct{}
	decided   *decidedCache
	pages     PageCounts // HTML pages fetched per host:port
	over      sync.Map   // host:port -> struct{}: budget spent (counts only grow)

	fetched atomic.Int64
	failed  atomic.Int64
}

// Stats is a snapshot for progress displays.
type Stats struct {
	FrontierStats
	Fetched, Failed int64
}

// New checks cfg and prepares a crawl.
func New(cfg Config) (*Crawler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("crawl config: %w", err)
	}
	cfg.setDefaults()
	fr := cfg.Frontier
	if fr == nil {
		fr = newMemFrontier(cfg.HostConcurrency, cfg.Clock)
	}
	deferrer, _ := fr.(Deferrer)
	return &Crawler{
		cfg:         cfg,
		frontier:    fr,
		deferrer:    deferrer,
		waits:       newWaitBoard(cfg.MaxWait),
		robots:      newRobotsCache(cfg.Robots),
		robotsAgent: robotsToken(cfg.UserAgent),
		refused:     make(map[string]struct{}),
		decided:     newDecidedCache(8192),
		pages:       pageCounts(fr),
	}, nil
}

// robotsToken is the product token robots.txt groups are matched against.
func robotsToken(ua string) string {
	if strings.Contains(strings.ToLower(ua), "salvage") {
		return "salvage"
	}
	tok, _, _ := strings.Cut(ua, "/")
	return strings.TrimSpace(tok)
}

// Stats reports progress; safe to call while Run runs.
func (cr *Crawler) Stats() Stats {
	return Stats{FrontierStats: cr.frontier.Stats(), Fetched: cr.fetched.Load(), Failed: cr.failed.Load()}
}

// Run crawls until the frontier is empty or ctx is cancelled. After a cancel,
// exchanges in flight get Config.Grace to finish before they are cut.
func (cr *Crawler) Run(ctx context.Context) error {
	if err := cr.addSeeds(); err != nil {
		return err
	}
	fetchCtx, stop := graceContext(ctx, cr.cfg.Grace)
	defer stop()
	jar, err := cookiejar.New(nil)
	if err != nil {
		return fmt.Errorf("cookie jar: %w", err)
	}
	g := new(errgroup.Group)
	for id := range cr.cfg.Workers {
		xt := &xmlTap{next: cr.cfg.Transport, want: cr.xmlWant()}
		tap := &pdfTap{next: &gunzip{next: xt, limit: int64(cr.cfg.MaxHTMLParse)}}
		w := &worker{id: id, cr: cr, tap: tap, xml: xt, c: newCollector(fetchCtx, &cr.cfg, tap, jar)}
		g.Go(func() error { return cr.loop(ctx, w) })
	}
	err = g.Wait()
	cr.reportSetAside()
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}

// graceContext is cancelled grace after parent is.
func graceContext(parent context.Context, grace time.Duration) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	stop := context.AfterFunc(parent, func() {
		t := time.AfterFunc(grace, cancel)
		context.AfterFunc(ctx, func() { t.Stop() })
	})
	return ctx, func() { stop(); cancel() }
}

func (cr *Crawler) addSeeds() error {
	var errs []error
	for _, s := range cr.cfg.Seeds {
		u, err := policy.Canonicalize(s, nil)
		if err != nil {
			errs = append(errs, fmt.Errorf("seed %q: %w", s, err))
			continue
		}
		cr.frontier.Add(Item{URL: policy.CanonicalString(u)})
	}
	return errors.Join(errs...)
}

func (cr *Crawler) loop(ctx context.Context, w *worker) error {
	for {
		it, err := cr.frontier.Next(ctx)
		if errors.Is(err, ErrFrontierDone) {
			return nil
		}
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			// Stopped: it is not started, and stays in flight in a durable
			// frontier, which queues it again when the crawl resumes.
			return ctx.Err()
		}
		cr.waits.taken(it.URL)
		cr.settle(it, w.process(it))
	}
}

// settle hands a processed item back to the frontier.
func (cr *Crawler) settle(it Item, v verdict) {
	switch {
	case v.deferral != nil:
		cr.deferrer.Defer(*v.deferral, v.hostDelay)
	case v.retry:
		it.Attempt++
		cr.retry(it, v)
	default:
		cr.frontier.Done(it, v.hostDelay)
	}
}

// retry queues it again after its own wait. A wait longer than LongWait
// sets it aside instead: back in its queue at its time if the crawl still
// runs then, deferred to the next run if nothing else is left.
func (cr *Crawler) retry(it Item, v verdict) {
	until := cr.cfg.Clock().Add(v.after)
	if v.after <= cr.cfg.LongWait || cr.deferrer == nil {
		cr.waits.waitFor(it.URL, until, v.label, false)
		cr.frontier.Retry(it, v.after, v.hostDelay)
		return
	}
	cr.waits.waitFor(it.URL, until, v.label, true)
	cr.deferrer.Defer(Deferral{Item: it, Status: v.status, RetryAfter: v.after, Asked: until, Until: until,
		Reason: fmt.Sprintf("%s: a wait longer than %s, and nothing else was left to crawl", v.reason, cr.cfg.LongWait)}, v.hostDelay)
}

// reportSetAside reports the URLs this process set aside to wait (retry)
// that the crawl ended without: they are deferred to the next run.
func (cr *Crawler) reportSetAside() {
	if cr.deferrer == nil {
		return
	}
	mine := cr.waits.setAside()
	if len(mine) == 0 {
		return
	}
	for _, d := range cr.deferrer.Deferred() {
		if !mine[d.Item.URL] {
			continue
		}
		cr.emit(Event{Kind: EventDeferred, URL: d.Item.URL, HopPath: d.Item.HopPath, Via: d.Item.Via,
			Status: d.Status, Attempt: d.Item.Attempt, Rule: RuleDeferred, Reason: d.Reason, RetryAt: d.Asked})
	}
}

// Deferred lists the URLs set aside for the next run (all the crawl's, with
// a shared frontier); nil when the frontier cannot set URLs aside. Read it
// before the frontier is closed.
func (cr *Crawler) Deferred() []Deferral {
	if cr.deferrer == nil {
		return nil
	}
	return cr.deferrer.Deferred()
}

func (cr *Crawler) emit(ev Event) {
	if ev.Kind == EventFetched {
		cr.fetched.Add(1)
		if ev.Status <= 0 {
			cr.failed.Add(1)
		}
	}
	cr.cfg.Sink.Event(ev)
}

// refuse reports a URL that will not be fetched, once per URL.
func (cr *Crawler) refuse(it Item, status int, rule, reason string) {
	cr.refusedMu.Lock()
	_, dup := cr.refused[it.URL]
	cr.refused[it.URL] = struct{}{}
	cr.refusedMu.Unlock()
	if dup {
		return
	}
	cr.emit(Event{Kind: EventRefused, URL: it.URL, FetchURL: it.URL, HopPath: it.HopPath, Via: it.Via,
		Status: status, Rule: rule, Reason: reason, Start: cr.cfg.Clock()})
}

// enqueueLinks decides every crawlable outlink and queues the allowed ones.
func (cr *Crawler) enqueueLinks(from Item, links []extract.Link) {
	via, _ := url.Parse(from.URL)
	for _, l := range links {
		if cr.cfg.RequisitesOnly && (l.Hop == policy.HopLink || l.Hop == policy.HopSitemap) {
			continue
		}
		key := decidedKey(l.URL, byte(l.Hop))
		if cr.decided.has(key) {
			continue
		}
		u, err := policy.Canonicalize(l.URL, nil)
		if err != nil {
			continue // mailto:, javascript:, malformed: an outlink, not a fetch
		}
		it := Item{URL: policy.CanonicalString(u), HopPath: from.HopPath + string(l.Hop), Via: from.URL, Lastmod: l.Lastmod}
		d := cr.cfg.Scope.Decide(policy.Candidate{URL: u, HopPath: it.HopPath, Via: via, CalendarSteps: from.CalSteps})
		it.CalSteps = d.CalendarSteps
		switch {
		case !d.Allowed:
			cr.refuse(it, refusalStatus(d.Rule), d.Rule, d.Reason)
			if !settled(d.Rule, byte(l.Hop)) {
				continue
			}
		case l.Hop == policy.HopLink && cr.overBudget(u):
			cr.refuse(it, StatusQuota, "budget:pages-per-host", "per-host page budget reached")
		default:
			cr.frontier.Add(it)
		}
		cr.decided.add(key)
	}
}

// refusalStatus maps a policy rule id to a crawl.log status.
func refusalStatus(rule string) int {
	prefix, _, _ := strings.Cut(rule, ":")
	switch prefix {
	case "trap":
		return StatusTrap
	case "max-hops":
		return StatusTooManyHops
	case "exclude":
		return StatusBlocked
	}
	return StatusOutOfScope
}
