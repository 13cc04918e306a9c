package crawler

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/salvage-archive/salvage/crawler/extract"
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

// process handles one frontier item and returns the politeness delay for its host.
func (w *worker) process(it Item) (retryAfter time.Duration, retry bool, hostDelay time.Duration) {
	u, err := url.Parse(it.URL)
	if err != nil {
		w.cr.emit(Event{Kind: EventFetched, URL: it.URL, HopPath: it.HopPath, Via: it.Via, Status: StatusInvalidURI, Err: err.Error()})
		return 0, false, 0
	}
	if w.cr.closedFamily(u, it) {
		return 0, false, 0
	}
	rules, attempts := w.robots(u, it)
	hostDelay = w.cr.cfg.Delay
	if d := rules.CrawlDelay(w.cr.robotsAgent); d > hostDelay {
		hostDelay = d
	}
	if rules.Unavailable() && !w.cr.cfg.IgnoreRobots {
		if attempts <= w.cr.cfg.MaxRetries {
			w.cr.emit(Event{Kind: EventRetry, URL: it.URL, HopPath: it.HopPath, Via: it.Via, Status: StatusPrereqFailed, Err: "robots.txt unavailable: host not crawled now", Attempt: it.Attempt + 1})
			return w.cr.cfg.RetryDelay, true, hostDelay
		}
		w.cr.refuseWith(it, Event{Status: StatusPrereqFailed, Rule: "robots-unavailable", Cause: rules.Status(), Err: robotsFailure(rules.Status()),
			Reason: "robots.txt answered 5xx or could not be fetched (RFC 9309: do not crawl)"})
		return 0, false, hostDelay
	}
	if !w.cr.cfg.IgnoreRobots && !rules.Allowed(w.cr.robotsAgent, u.RequestURI()) {
		w.cr.refuse(it, StatusRobots, "robots", "disallowed by robots.txt")
		return 0, false, hostDelay
	}
	return w.fetch(u, it, hostDelay)
}

func (w *worker) fetch(u *url.URL, it Item, hostDelay time.Duration) (time.Duration, bool, time.Duration) {
	o := w.getScanning(it)
	ev := w.event(it, o)
	if after, ok := w.retryable(ev, o, it); ok {
		ev.Kind = EventRetry
		w.cr.emit(ev)
		return after, true, hostDelay
	}
	if o.res.status > 0 {
		ev.Links, ev.Elements, ev.Language = w.links(u, o)
		ev.Language = withContentLanguage(ev.Language, o.res.header)
		ev.Links = append(ev.Links, extract.Headers(o.res.header, u)...)
		if loc := o.res.header.Get("Location"); loc != "" && o.res.status/100 == 3 {
			if target, err := u.Parse(strings.TrimSpace(loc)); err == nil {
				ev.Location = target.String()
				ev.Links = append(ev.Links, extract.Link{URL: ev.Location, Hop: policy.HopRedirect, Element: "http", Attr: "location"})
			}
		}
	}
	dup := w.cr.duplicatePage(o.res)
	if dup {
		ev.Rule = "trap:duplicate-page"
	}
	w.cr.emit(ev)
	w.cr.countPage(u, o.res)
	if dup {
		return 0, false, hostDelay
	}
	added := w.cr.enqueueLinks(it, ev.Links)
	if parseKind(o.res.ctype) == kindHTML {
		w.cr.chargeNovelty(u, ev.Links, added)
	}
	return 0, false, hostDelay
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
		ev.Status = failureStatus(o.res.err)
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

// retryable decides whether a failed fetch goes back to the queue, and when.
func (w *worker) retryable(ev Event, o outcome, it Item) (time.Duration, bool) {
	if it.Attempt >= w.cr.cfg.MaxRetries {
		return 0, false
	}
	backoff := w.cr.cfg.RetryDelay << it.Attempt
	switch {
	case ev.Status == http.StatusTooManyRequests || ev.Status == http.StatusServiceUnavailable:
		if d, ok := extract.RetryAfter(o.res.header.Get("Retry-After"), w.cr.cfg.Clock()); ok {
			backoff = min(d, w.cr.cfg.MaxRetryAfter)
		}
		return backoff, true
	case ev.Status == StatusConnectFailed || ev.Status == StatusConnectBroken || ev.Status == StatusTimeout:
		return backoff, true
	}
	return 0, false
}

// failureStatus maps a transport error to a Heritrix-style negative status:
// -2 (connect failed) when no connection was made (refused, no route, an
// untrusted certificate), -3 (connection broken) when the server accepted
// it and dropped it before an answer, even in the dial (a reset at once).
func failureStatus(err error) int {
	var dnsErr *net.DNSError
	var netErr net.Error
	var opErr *net.OpError
	switch {
	case errors.Is(err, policy.ErrPrivateAddress):
		return StatusBlockedPrivate
	case errors.As(err, &dnsErr):
		return StatusDNSFailed
	case certFailure(err):
		return StatusConnectFailed
	case errors.As(err, &netErr) && netErr.Timeout(), errors.Is(err, context.DeadlineExceeded), timeoutInChain(err):
		return StatusTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return StatusConnectFailed
	case errors.Is(err, syscall.ECONNRESET):
		return StatusConnectBroken
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return StatusConnectFailed
	}
	return StatusConnectBroken
}

// certFailure: the server's certificate was not trusted (no request was sent).
func certFailure(err error) bool {
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	return err != nil && (errors.As(err, &certErr) || errors.As(err, &unknownCA) || errors.As(err, &hostErr))
}

// timeoutInChain finds a Timeout() error anywhere in err's chain: a
// *url.Error is a net.Error itself, but looks only one level down.
func timeoutInChain(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if t, ok := err.(interface{ Timeout() bool }); ok && t.Timeout() {
			return true
		}
	}
	return false
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\r", " ")
	return strings.ReplaceAll(s, "\n", " ")
}

// robots returns the rules for u's host, fetching robots.txt (and archiving
// it, as an ordinary exchange) on first use.
func (w *worker) robots(u *url.URL, it Item) (*policy.Robots, int) {
	key := HostKey(u.String())
	return w.cr.robots.get(key, w.cr.cfg.Clock, w.cr.cfg.RetryDelay, func() (int, []byte) {
		return w.fetchRobots(u, it)
	})
}

// fetchRobots follows up to five redirects, as RFC 9309 asks.
func (w *worker) fetchRobots(page *url.URL, it Item) (int, []byte) {
	target := &url.URL{Scheme: page.Scheme, Host: page.Host, Path: "/robots.txt"}
	hop := it.HopPath + string(policy.HopPrereq)
	for range 6 {
		o := w.get(target.String(), true)
		ev := w.event(Item{URL: target.String(), HopPath: hop, Via: it.URL}, o)
		w.cr.emit(ev)
		if ev.Status == StatusBlockedPrivate || certFailure(o.res.err) {
			// No request could be sent to this host (a private address, an
			// untrusted certificate): there are no rules to obey, and the
			// page's own fetch fails the same way and is logged with its cause.
			return http.StatusNotFound, nil
		}
		if o.res.err != nil && o.res.status == 0 {
			return ev.Status, nil // the failure status: the URLs refused for it say why
		}
		loc := o.res.header.Get("Location")
		if o.res.status/100 != 3 || loc == "" {
			w.queueSitemaps(ev, o)
			return o.res.status, o.res.body
		}
		next, err := target.Parse(loc)
		if err != nil {
			return 0, nil
		}
		target, hop = next, hop+string(policy.HopRedirect)
	}
	return 0, nil
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
