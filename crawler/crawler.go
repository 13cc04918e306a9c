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

	"golang.org/x/sync/errgroup"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// Crawler runs one crawl. Create it with New and call Run once.
type Crawler struct {
	cfg         Config
	frontier    Frontier
	grouped     GroupCommitter // the frontier, while it syncs the sink before its commits (startGroups)
	deferrer    Deferrer       // the frontier, when it can set URLs aside; nil: long waits are waited
	waits       *waitBoard
	robots      *robotsCache
	robotsAgent string

	refusedMu sync.Mutex
	refused   map[string]struct{}
	decided   *decidedCache
	pages     PageCounts // HTML pages fetched per host:port
	over      sync.Map   // host:port -> struct{}: budget spent (counts only grow)
	nov       *novelty
	sessions  *learnedSessions

	fetched  atomic.Int64
	failed   atomic.Int64
	fetching atomic.Int64 // exchanges started and not finished

	hurry     chan struct{} // closed by Hurry: the grace ends at once
	hurryOnce sync.Once
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
		robotsAgent: RobotsToken(cfg.UserAgent),
		refused:     make(map[string]struct{}),
		decided:     newDecidedCache(8192),
		pages:       pageCounts(fr),
		nov:         &novelty{store: noveltyStore(fr), limit: cfg.NoveltyLimit},
		sessions:    newLearnedSessions(cfg.Scope.Sessions()),
		hurry:       make(chan struct{}),
	}, nil
}

// RobotsToken is the product token robots.txt groups are matched against
// for the User-Agent ua ("salvage" whenever ua names salvage).
func RobotsToken(ua string) string {
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
// exchanges in flight get Config.Grace to finish before they are cut, or
// less if Hurry is called.
func (cr *Crawler) Run(ctx context.Context) error {
	if err := cr.addSeeds(); err != nil {
		return err
	}
	cr.startGroups()
	cr.addEarlier()
	fetchCtx, stop := graceContext(ctx, cr.cfg.Grace, cr.hurry)
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
	cerr := cr.endGroups()
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if cerr != nil {
		return cerr
	}
	return ctx.Err()
}

// startGroups hands the sink's Sync to a frontier that commits in groups,
// so the sink is synced once per group commit instead of once per URL.
func (cr *Crawler) startGroups() {
	gc, ok := cr.frontier.(GroupCommitter)
	s, sok := cr.cfg.Sink.(Syncer)
	if !ok || !sok {
		return
	}
	gc.SyncBeforeCommit(s.Sync)
	cr.grouped = gc
}

// endGroups commits the last group (the sink synced first) and takes the
// hook back: the sink may be closed before the frontier.
func (cr *Crawler) endGroups() error {
	if cr.grouped == nil {
		return nil
	}
	err := cr.grouped.Commit()
	cr.grouped.SyncBeforeCommit(nil)
	cr.grouped = nil
	if err != nil {
		return fmt.Errorf("commit crawl state: %w", err)
	}
	return nil
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
		cr.fetching.Add(1)
		v := w.process(it)
		cr.fetching.Add(-1)
		cr.settle(it, v)
	}
}

// settle hands a processed item back to the frontier. The sink is synced
// first, here or, with a frontier that commits in groups, before the
// commit that holds the settle (startGroups).
func (cr *Crawler) settle(it Item, v verdict) {
	if s, ok := cr.cfg.Sink.(Syncer); ok && cr.grouped == nil {
		s.Sync()
	}
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
	cr.refuseWith(it, Event{Status: status, Rule: rule, Reason: reason})
}

// refuseFamily reports a URL of a family the novelty budget closed.
func (cr *Crawler) refuseFamily(it Item, fam string) {
	rule, reason := cr.nov.refusal(fam)
	cr.refuseWith(it, Event{Status: StatusTrap, Rule: rule, Reason: reason, Family: fam})
}

// refuseWith is refuse for a refusal that says more (its Cause, Err, Family).
func (cr *Crawler) refuseWith(it Item, ev Event) {
	cr.refusedMu.Lock()
	_, dup := cr.refused[it.URL]
	cr.refused[it.URL] = struct{}{}
	cr.refusedMu.Unlock()
	if dup {
		return
	}
	ev.Kind, ev.URL, ev.FetchURL, ev.HopPath, ev.Via, ev.Start = EventRefused, it.URL, it.URL, it.HopPath, it.Via, cr.cfg.Clock()
	cr.emit(ev)
}

// enqueueLinks decides every crawlable outlink and queues the allowed ones.
// It returns the navigational links it queued for the first time, for the
// novelty budget.
func (cr *Crawler) enqueueLinks(from Item, links []extract.Link) []newLink {
	via, _ := url.Parse(from.URL)
	cr.learnSessions(via, links)
	var added []newLink
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
		if l.Hop == policy.HopRedirect {
			if it.ChainStart = chainStart(from); cr.refuseLongChain(it) {
				continue
			}
		}
		if !cr.enqueue(it, u, l.Hop, via, from.CalSteps, &added) {
			continue
		}
		cr.decided.add(key)
	}
	return added
}

// enqueue decides one outlink and queues it when allowed; false when the
// decision is not settled for the link (another page may decide otherwise).
func (cr *Crawler) enqueue(it Item, u *url.URL, hop policy.Hop, via *url.URL, calSteps int, added *[]newLink) bool {
	seenKey, folded := cr.sessions.seenKey(u)
	if hop == policy.HopRedirect {
		folded = "" // a redirect that adds a session id to its own URL must be followed
	}
	if folded != "" {
		it.Key = seenKey
	}
	d := cr.cfg.Scope.Decide(policy.Candidate{URL: u, HopPath: it.HopPath, Via: via, CalendarSteps: calSteps})
	it.CalSteps = d.CalendarSteps
	fam := ""
	if hop == policy.HopLink {
		fam = family(u)
	}
	switch {
	case !d.Allowed:
		cr.refuse(it, refusalStatus(d.Rule), d.Rule, d.Reason)
		return settled(d.Rule, byte(hop))
	case cr.robotsRefuse(u):
		cr.refuse(it, StatusRobots, "robots", "disallowed by robots.txt")
	case hop == policy.HopLink && cr.overBudget(u):
		cr.refuse(it, StatusQuota, "budget:pages-per-host", "per-host page budget reached")
	case cr.nov.isClosed(fam):
		cr.refuseFamily(it, fam)
	case cr.frontier.Add(it):
		switch hop {
		case policy.HopLink:
			*added = append(*added, newLink{fam: fam, novel: cr.nov.isNovel(u), loop: policy.HasLoop(u)})
		case policy.HopEmbed:
			*added = append(*added, newLink{embed: true, novel: cr.nov.isNovel(u)})
		}
	case folded != "":
		// A URL whose session parameter alone is new: one line per such URL, never a fetch.
		cr.refuse(it, StatusFolded, folded, "the same page as "+seenKey+" but for its session parameter")
		return false
	}
	return true
}

// robotsRefuse reports a link that its host's robots.txt, already read,
// disallows: refused when found, it costs its host no turn.
func (cr *Crawler) robotsRefuse(u *url.URL) bool {
	if cr.cfg.IgnoreRobots {
		return false
	}
	rules, ok := cr.robots.peek(HostKey(u.String()), cr.cfg.Clock())
	return ok && !rules.Unavailable() && !rules.Allowed(cr.robotsAgent, u.RequestURI())
}

// learnSessions learns the session parameters a page stamps on its links.
func (cr *Crawler) learnSessions(page *url.URL, links []extract.Link) {
	if page == nil {
		return
	}
	raws := make([]string, 0, len(links))
	for _, l := range links {
		if l.Hop == policy.HopLink {
			raws = append(raws, l.URL)
		}
	}
	for _, name := range cr.sessions.learn(page, queryLinks(raws)) {
		cr.cfg.Logger.Info("session parameter learned", "param", name, "host", page.Host, "page", page.String())
	}
}

// chargeNovelty applies a fetched HTML page's contribution to the novelty
// budget and logs the families it closes.
func (cr *Crawler) chargeNovelty(page *url.URL, links []extract.Link, added []newLink) {
	if len(added) == 0 {
		return
	}
	p := pageNovelty{fam: family(page), added: added}
	if p.fam != "" {
		p.outside = cr.nov.outsideLinks(page, p.fam, links)
	}
	closed, adds := cr.nov.chargePage(p)
	cr.cfg.Logger.Debug("novelty", "page", page.String(), "family", p.fam, "adds", adds,
		"new_links", len(added), "outside_links", len(p.outside))
	for _, fam := range closed {
		cr.cfg.Logger.Info("trap:no-novelty: family closed", "family", fam, "limit", cr.nov.limit, "page", page.String())
	}
}

// closedFamily reports (and refuses) a queued link whose family was closed
// after it was queued: it is not fetched.
func (cr *Crawler) closedFamily(u *url.URL, it Item) bool {
	if !strings.HasSuffix(it.HopPath, string(policy.HopLink)) {
		return false
	}
	fam := family(u)
	if !cr.nov.isClosed(fam) {
		return false
	}
	cr.refuseFamily(it, fam)
	return true
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
