package crawler

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/crawler/netfail"
	"github.com/salvage-archive/salvage/policy"
)

// worker fetches one URL at a time with its own collector.
type worker struct {
	id  int
	cr  *Crawler
	c   *colly.Collector
	tap *pdfTap
	xml *xmlTap
}

// outcome is a fetch's result as the crawler sees it.
type outcome struct {
	res   *fetchResult
	start time.Time
	dur   time.Duration
}

func (w *worker) get(rawURL string, keepBody bool) outcome {
	res := &fetchResult{keepBody: keepBody}
	ctx := colly.NewContext()
	ctx.Put(resultKey, res)
	start := w.cr.cfg.Clock()
	if err := w.c.Request(http.MethodGet, rawURL, nil, ctx, nil); err != nil && res.err == nil &&
		!errors.Is(err, colly.ErrAbortedAfterHeaders) {
		res.err = err
	}
	return outcome{res: res, start: start, dur: w.cr.cfg.Clock().Sub(start)}
}

// verdict is what becomes of a processed item.
type verdict struct {
	// hostDelay is its host's pause after it: the politeness delay, longer
	// for an overloaded host, 0 when no request was made to the host.
	hostDelay time.Duration
	retry     bool          // back to its queue
	after     time.Duration // retry: the URL's own wait
	deferral  *Deferral     // set aside for the next run
	status    int           // retry: the answer that asked for it
	reason    string        // retry: why, for crawl.log
	label     string        // retry: what the URL waits for, for the progress line
}

// process handles one frontier item.
func (w *worker) process(it Item) verdict {
	u, err := url.Parse(it.URL)
	if err != nil {
		w.cr.emit(Event{Kind: EventFetched, URL: it.URL, HopPath: it.HopPath, Via: it.Via, Status: StatusInvalidURI, Err: err.Error()})
		return verdict{}
	}
	if w.cr.closedFamily(u, it) {
		return verdict{}
	}
	robots := w.robots(u, it)
	rules := robots.rules
	hostDelay := w.cr.cfg.Delay
	if d := rules.CrawlDelay(w.cr.robotsAgent); d > hostDelay {
		hostDelay = d
	}
	// A URL refused without a request costs its host no time; a robots.txt
	// fetched for it is a request.
	var cost time.Duration
	if robots.fetched {
		cost = hostDelay
	}
	if rules.Unavailable() && !w.cr.cfg.IgnoreRobots {
		if robots.attempts <= robotsRetries(robots.failure, w.cr.cfg.MaxRetries) {
			w.cr.emit(Event{Kind: EventRetry, URL: it.URL, HopPath: it.HopPath, Via: it.Via, Status: StatusPrereqFailed, Err: "robots.txt unavailable: host not crawled now",
				Attempt: it.Attempt + 1, RetryRule: "retry:" + robotsRuleName(robots.failure)})
			v := verdict{retry: true, after: w.cr.cfg.RetryDelay, status: StatusPrereqFailed, reason: "robots.txt unavailable", label: "robots.txt unavailable"}
			if robots.fetched { // the host's robots.txt just failed: nothing of it goes before it is fetched again
				v.hostDelay = max(w.cr.cfg.RetryDelay, hostDelay)
			}
			return v
		}
		w.cr.refuseWith(it, Event{Status: StatusPrereqFailed, Rule: "robots-unavailable", Cause: rules.Status(), Err: robotsFailure(rules.Status()),
			Failure: robots.failure, FailureCause: netfail.Words(robots.failure), RetryRule: "retries-spent:" + robotsRuleName(robots.failure),
			Reason: "robots.txt answered 5xx or could not be fetched (RFC 9309: do not crawl)"})
		return verdict{hostDelay: cost}
	}
	if !w.cr.cfg.IgnoreRobots && !rules.Allowed(w.cr.robotsAgent, u.RequestURI()) {
		w.cr.refuse(it, StatusRobots, "robots", "disallowed by robots.txt")
		return verdict{hostDelay: cost}
	}
	return w.fetch(u, it, hostDelay)
}

func (w *worker) fetch(u *url.URL, it Item, hostDelay time.Duration) verdict {
	o := w.getScanning(it)
	w.reread(it, o.res)
	ev := w.event(it, o)
	v, waits := w.wait(u, it, ev, o, hostDelay, &ev.RetryRule)
	if waits {
		return v
	}
	if o.res.status > 0 {
		ev.Links, ev.Elements, ev.Language = w.links(u, o)
		ev.Language = withContentLanguage(ev.Language, o.res.header)
		ev.Links = append(ev.Links, extract.Headers(o.res.header, u)...)
		if loc := o.res.header.Get("Location"); loc != "" && o.res.status/100 == 3 {
			if target, err := u.Parse(strings.TrimSpace(loc)); err == nil {
				ev.Location = target.String()
				ev.Links = append(withoutTarget(ev.Links, ev.Location),
					extract.Link{URL: ev.Location, Hop: policy.HopRedirect, Element: "http", Attr: "location"})
			}
		}
		ev.Links, ev.OutlinksDropped = capOutlinks(ev.Links, w.cr.cfg.MaxOutlinks)
	}
	dup := w.cr.duplicatePage(o.res)
	if dup {
		ev.Rule = "trap:duplicate-page"
	}
	w.cr.emit(ev)
	w.cr.countPage(u, o.res)
	if dup {
		return verdict{hostDelay: v.hostDelay}
	}
	added := w.cr.enqueueLinks(it, ev.Links)
	if parseKind(o.res.ctype) == kindHTML {
		w.cr.chargeNovelty(u, ev.Links, added)
	}
	return verdict{hostDelay: v.hostDelay} // an overloaded host's pause holds after a final answer too
}

// wait applies the wait rules (waits.go) to a fetch's answer: a deferral
// or a retry is reported and returned with true; otherwise the fetch is
// final, and the verdict carries its host's delay.
func (w *worker) wait(u *url.URL, it Item, ev Event, o outcome, hostDelay time.Duration, final *string) (verdict, bool) {
	now := w.cr.cfg.Clock()
	a := answer{host: HostKey(u.String()), url: it.URL, status: ev.Status,
		backoff: backoff(w.cr.cfg.RetryDelay, it.Attempt, w.cr.cfg.MaxWait)}
	a.retryAfter, a.asked = extract.RetryAfter(o.res.header.Get("Retry-After"), now)
	p := w.cr.waits.decide(a, now)
	v := verdict{hostDelay: max(hostDelay, p.host), status: ev.Status, reason: p.reason, label: p.label}
	rule, ruled := policy.RetryRuleFor(ev.Failure, ev.Status, a.asked)
	retries := rule.Retries(w.cr.cfg.MaxRetries)
	switch {
	case p.deferIt && w.cr.deferrer != nil && rule.Budget != policy.RetryNone:
		ev.Kind, ev.Rule, ev.Reason, ev.RetryAt = EventDeferred, RuleDeferred, p.reason, now.Add(a.retryAfter)
		w.cr.emit(ev)
		v.deferral = &Deferral{Item: it, Status: ev.Status, RetryAfter: a.retryAfter, Asked: ev.RetryAt, Reason: p.reason}
		return v, true
	case p.retry && it.Attempt < retries:
		ev.Kind, ev.Reason, ev.RetryRule = EventRetry, p.reason, "retry:"+rule.Name
		w.cr.emit(ev)
		v.retry, v.after = true, p.url
		return v, true
	}
	*final = finalRetryRule(rule, ruled, ev.Status)
	return v, false
}

// finalRetryRule is what crawl.log says of a final answer that a retry
// rule is about: "no-retry:malformed" or "no-retry:500" when the rule allows
// none, or "retries-spent:timeout" when its retries (as many as --retries
// lets it have) are used up; "" for a fine answer and for a 4xx (an answer
// nobody expects to change).
func finalRetryRule(rule policy.RetryRule, ruled bool, status int) string {
	switch {
	case !ruled, status > 0 && status < 500 && rule.Budget == policy.RetryNone:
		return ""
	case rule.Budget == policy.RetryNone:
		return "no-retry:" + rule.Name
	}
	return "retries-spent:" + rule.Name
}

// backoff is the retry wait of attempt: d doubled attempt times, at most limit.
func backoff(d time.Duration, attempt int, limit time.Duration) time.Duration {
	for range attempt {
		if d >= limit {
			break
		}
		d *= 2
	}
	return min(d, limit)
}

func (w *worker) event(it Item, o outcome) Event {
	ev := Event{Kind: EventFetched, URL: it.URL, FetchURL: o.res.fetchURL, HopPath: it.HopPath, Via: it.Via,
		Status: o.res.status, ContentType: o.res.ctype, Start: o.start, Duration: o.dur, Worker: w.id, Attempt: it.Attempt + 1,
		Lastmod: it.Lastmod}
	if ev.FetchURL == "" {
		ev.FetchURL = it.URL
	}
	if u, err := url.Parse(it.URL); err == nil {
		_, ev.Rule = w.cr.cfg.Scope.SeenKey(u) // a URL queued with its session parameter folded says so
	}
	if o.res.err != nil && o.res.status == 0 {
		ev.Failure, ev.FailureCause = netfail.Kind(o.res.err), netfail.Cause(o.res.err)
		ev.Status = failureStatus(ev.Failure)
		ev.Err = oneLine(o.res.err.Error())
	}
	return ev
}

func (w *worker) links(u *url.URL, o outcome) ([]extract.Link, []policy.FeedElement, extract.Language) {
	if s := w.tap.take(); s != nil {
		return s.Links(), nil, extract.Language{}
	}
	return bodyLinks(parseKind(o.res.ctype), o.res.body, u, !w.cr.cfg.NoFeedElements)
}

// failureStatus is the Heritrix-style negative status of a fetch that got
// no answer for the reason k: -1 the name did not resolve; -2 no
// connection was made, or no TLS session on it (no request was sent); -4
// timeout; -3 the connection broke before a usable answer (reset, closed,
// malformed).
func failureStatus(k policy.ErrKind) int {
	switch k {
	case policy.ErrPrivate:
		return StatusBlockedPrivate
	case policy.ErrDNS:
		return StatusDNSFailed
	case policy.ErrRefused, policy.ErrNoRoute, policy.ErrTLS:
		return StatusConnectFailed
	case policy.ErrTimeout:
		return StatusTimeout
	}
	return StatusConnectBroken
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\r", " ")
	return strings.ReplaceAll(s, "\n", " ")
}

// robots returns the rules for u's host, fetching robots.txt (and archiving
// it, as an ordinary exchange) on first use; fetched says it did now.
func (w *worker) robots(u *url.URL, it Item) hostRobots {
	key := HostKey(u.String())
	fetched := false
	h := w.cr.robots.get(key, w.cr.cfg.Clock, w.cr.cfg.RetryDelay, func() RobotsFile {
		fetched = true
		return w.fetchRobots(u, it)
	})
	h.fetched = fetched
	return h
}

// fetchRobots follows up to five redirects, as RFC 9309 asks.
func (w *worker) fetchRobots(page *url.URL, it Item) RobotsFile {
	target := &url.URL{Scheme: page.Scheme, Host: page.Host, Path: "/robots.txt"}
	hop := it.HopPath + string(policy.HopPrereq)
	for range 6 {
		o := w.get(target.String(), true)
		ev := w.event(Item{URL: target.String(), HopPath: hop, Via: it.URL}, o)
		w.cr.emit(ev)
		if ev.Failure == policy.ErrPrivate || ev.Failure == policy.ErrTLS {
			// No request could be sent to this host (a private address, a
			// failed TLS handshake such as an untrusted certificate): there
			// are no rules to obey, and the page's own fetch fails the same
			// way and is logged with its cause.
			return RobotsFile{Status: http.StatusNotFound}
		}
		if ev.Failure != policy.ErrNone {
			return RobotsFile{Status: ev.Status, Failure: ev.Failure} // the URLs refused for it say why
		}
		loc := o.res.header.Get("Location")
		if o.res.status/100 != 3 || loc == "" {
			w.queueSitemaps(ev, o)
			return RobotsFile{Status: o.res.status, Body: o.res.body}
		}
		next, err := target.Parse(loc)
		if err != nil {
			return RobotsFile{}
		}
		target, hop = next, hop+string(policy.HopRedirect)
	}
	return RobotsFile{}
}

// robotsRetries is how many times a robots.txt that could not be had is
// fetched again: as the retry rules say for a fetch that got no answer (a
// malformed one is not asked again), max for one that answered 5xx or 429.
func robotsRetries(failure policy.ErrKind, max int) int {
	if failure == policy.ErrNone {
		return max
	}
	r, _ := policy.RetryRuleFor(failure, 0, false)
	return r.Retries(max)
}

// robotsRuleName names the retry rule of a URL held by its host's
// robots.txt: the rule of that fetch's failure ("refused"), or
// "robots-unavailable" for a robots.txt that answered 5xx or 429.
func robotsRuleName(failure policy.ErrKind) string {
	if failure == policy.ErrNone {
		return "robots-unavailable"
	}
	r, _ := policy.RetryRuleFor(failure, 0, false)
	return r.Name
}

// robotsFailure says why a host's robots.txt could not be had, from the
// status its last fetch left (the failure status when there was no answer).
func robotsFailure(status int) string {
	switch status {
	case StatusDNSFailed:
		return "robots.txt: the host name did not resolve"
	case StatusConnectFailed:
		return "robots.txt: the connection failed"
	case StatusConnectBroken:
		return "robots.txt: the connection was closed or broke before an answer"
	case StatusTimeout:
		return "robots.txt: no answer in time"
	case 0:
		return "robots.txt: no answer (a redirect loop, or a redirect that cannot be followed)"
	}
	if status < 0 {
		return fmt.Sprintf("robots.txt: fetch failed (%d)", status)
	}
	return fmt.Sprintf("robots.txt: answered %d", status)
}

// queueSitemaps queues the Sitemap: lines of a fetched robots.txt as S hops.
func (w *worker) queueSitemaps(robots Event, o outcome) {
	if w.cr.cfg.NoSitemaps {
		return
	}
	var links []extract.Link
	for _, sm := range w.cr.sitemapsOf(robots.URL, o.res.status, o.res.body) {
		links = append(links, extract.Link{URL: sm, Hop: policy.HopSitemap, Element: "robots", Attr: "sitemap"})
	}
	w.cr.enqueueLinks(Item{URL: robots.URL, HopPath: robots.HopPath, Via: robots.Via}, links)
}
