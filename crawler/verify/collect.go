package verify

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// Known is what a crawl or an archive says about a URL it fetched (or refused).
type Known struct {
	Status      int
	Location    string // resolved redirect target
	ContentType string
	Err         policy.ErrKind
	Stream      bool
	Refusal     string // the policy rule that kept it from being fetched, if any
	Evidence    string // what went wrong, as the crawl said it (a refusal's is added to its class's evidence)
}

// Lookup is the archive as the link checker sees it.
type Lookup interface {
	Best(url string) (Capture, bool)
}

// Options configure Collector.Report.
type Options struct {
	Checker     *Checker      // live checks of what the crawl or archive cannot judge; nil: offline
	Robots      RobotsAllower // robots.txt gate of live checks; nil: robots.txt not consulted
	Archive     Lookup        // nil: no archive lookups
	ReplayBase  string        // prefix of replay URLs: ReplayBase + "/" + TIMESTAMP + "/" + URL
	Seeds       []string
	Archives    []string
	Concurrency int // live checks at once; default 16
	Clock       func() time.Time
	Tool        string
	// Until bounds the live checks: a link whose check has not finished by
	// then is not-checked, saying so (zero: no bound). A crawl's report sets
	// it to one --check-timeout after the crawl: the checks that overlapped
	// the crawl are done or in flight, and a host that hangs must not hold
	// the report for one timeout per queued link.
	Until time.Time
}

// Collector gathers every link target with the places it appears, and what
// is known of it, then classifies them all in Report. Safe for concurrent use.
type Collector struct {
	mu       sync.Mutex
	rules    *policy.LinkRules
	internal func(u *url.URL) bool
	links    map[string]*Link
	order    []string
	known    map[string]Known
	feeds    map[string]*policy.FeedCandidate
	feedPage map[string][]string
	pages    map[string]bool // pages whose links were added
}

// NewCollector starts a collection; internal says which URLs the crawl
// covers (they are judged from the crawl, not checked live).
func NewCollector(rules *policy.LinkRules, internal func(u *url.URL) bool) *Collector {
	if rules == nil {
		rules = policy.DefaultLinkRules()
	}
	return &Collector{rules: rules, internal: internal, links: map[string]*Link{},
		known: map[string]Known{}, feeds: map[string]*policy.FeedCandidate{}, feedPage: map[string][]string{},
		pages: map[string]bool{}}
}

// key is the canonical form of an http(s) URL, or the URL as written.
func key(raw string) (string, *url.URL) {
	u, err := policy.Canonicalize(raw, nil)
	if err != nil {
		return strings.TrimSpace(raw), nil
	}
	return policy.CanonicalString(u), u
}

// AddPage records the outlinks of one page.
func (c *Collector) AddPage(page string, links []extract.Link) {
	c.mu.Lock()
	defer c.mu.Unlock()
	again := c.pages[page]
	c.pages[page] = true
	for _, l := range links {
		k, u := key(l.URL)
		if k == "" {
			continue
		}
		lk := c.links[k]
		if lk == nil {
			lk = &Link{URL: k, Internal: u != nil && c.internal != nil && c.internal(u)}
			c.links[k] = lk
			c.order = append(c.order, k)
		}
		a := Appearance{Page: page, Element: l.Element, Attr: l.Attr, Text: l.Text, Place: l.Place}
		if !hasAppearance(lk.Appearances, a, again) {
			lk.Appearances = append(lk.Appearances, a)
		}
	}
}

// hasAppearance reports whether apps holds a. On a page's first AddPage its
// appearances can only be at the end of apps, so only that run is searched;
// a scan of every page (quadratic in the site: a menu link appears on all
// of them) is left for a page added again (the same page in two archives).
func hasAppearance(apps []Appearance, a Appearance, again bool) bool {
	if again {
		return slices.Contains(apps, a)
	}
	for i := len(apps) - 1; i >= 0 && apps[i].Page == a.Page; i-- {
		if apps[i] == a {
			return true
		}
	}
	return false
}

// AddElements records the feed-relevant elements of one page.
func (c *Collector) AddElements(page string, els []policy.FeedElement) {
	cands := c.rules.DetectFeeds(page, els)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, fc := range cands {
		k := fc.ID + " " + fc.URL
		if c.feeds[k] == nil {
			cp := fc
			c.feeds[k] = &cp
		} else if fc.ClosedText != "" {
			c.feeds[k].ClosedText = fc.ClosedText
		}
		if !slices.Contains(c.feedPage[k], page) {
			c.feedPage[k] = append(c.feedPage[k], page)
		}
	}
}

// Know records what the crawl or archive knows of a URL.
func (c *Collector) Know(raw string, k Known) {
	kk, _ := key(raw)
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.known[kk]; ok && old.Status > 0 && k.Status <= 0 {
		return // a fetch result beats a later refusal or failure of the same URL
	}
	c.known[kk] = k
}

// Report classifies every link and feed.
func (c *Collector) Report(ctx context.Context, opt Options) *Report {
	if opt.Clock == nil {
		opt.Clock = time.Now
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	outOfTime := c.judge(ctx, opt)
	r := &Report{Schema: SchemaVersion, Tool: opt.Tool, Generated: opt.Clock().UTC(), Seeds: opt.Seeds,
		Archives: opt.Archives, Counts: map[string]int{}, ByHost: map[string]map[string]int{}, OutOfTime: outOfTime}
	for _, k := range c.order {
		l := c.links[k]
		c.addCapture(l, opt)
		r.Links = append(r.Links, *l)
	}
	r.Feeds = c.feedStates()
	r.count()
	r.Group()
	if opt.Archive != nil {
		r.Missing = missing(r.Links)
	}
	return r
}

// judge classifies every link: from what is known, else live, else
// not-checked. It returns how many live checks ran out of time (Until).
func (c *Collector) judge(ctx context.Context, opt Options) int {
	if !opt.Until.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, opt.Until)
		defer cancel()
	}
	var live []*Link
	for _, k := range c.order {
		l := c.links[k]
		if c.judgeKnown(l) {
			continue
		}
		if opt.Checker == nil || !isHTTP(l.URL) {
			c.judgeOffline(l, opt)
			continue
		}
		live = append(live, l)
	}
	var outOfTime atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(opt.Concurrency, 16))
	for _, l := range byHostInTurn(live) {
		g.Go(func() error {
			if u, err := url.Parse(l.URL); err == nil && opt.Robots != nil && !opt.Robots.Allowed(gctx, u) {
				l.Class, l.Evidence = policy.ClassRobotsExcluded, "robots.txt disallows checking it"
				return nil
			}
			res := opt.Checker.Check(gctx, l.URL)
			if res.Class == policy.ClassNotChecked && errors.Is(gctx.Err(), context.DeadlineExceeded) {
				res.Evidence = "out of time: its check had not finished one --check-timeout after the crawl"
				outOfTime.Add(1)
			}
			applyResult(l, res)
			return nil
		})
	}
	_ = g.Wait()
	return int(outOfTime.Load())
}

// byHostInTurn orders links one host at a time, in turn (each host's in
// their order): the checks' workers then wait on many hosts' limits, not
// all on the one host with the most links, whose backlog would leave the
// others unchecked when the report's time runs out.
func byHostInTurn(links []*Link) []*Link {
	var hosts []string
	queues := map[string][]*Link{}
	for _, l := range links {
		h := l.URL
		if u, err := url.Parse(l.URL); err == nil {
			h = hostKey(u)
		}
		if len(queues[h]) == 0 {
			hosts = append(hosts, h)
		}
		queues[h] = append(queues[h], l)
	}
	out := make([]*Link, 0, len(links))
	for len(out) < len(links) {
		for _, h := range hosts {
			if q := queues[h]; len(q) > 0 {
				out = append(out, q[0])
				queues[h] = q[1:]
			}
		}
	}
	return out
}

func isHTTP(u string) bool {
	return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")
}

func applyResult(l *Link, res Result) {
	l.Chain, l.FinalURL, l.Status, l.ContentType = res.Chain, res.FinalURL, res.Status, res.ContentType
	l.Class, l.Evidence, l.CheckedAt = res.Class, res.Evidence, res.CheckedAt
	l.DurationMS = res.Duration.Milliseconds()
}
