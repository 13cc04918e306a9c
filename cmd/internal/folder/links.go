package folder

import (
	"strings"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"
)

// collect feeds the link report: every page's outlinks and feed elements,
// and what became of every URL.
func collect(col *verify.Collector, ev crawler.Event, c *warc.Capture) {
	if ev.Kind == crawler.EventRetry {
		return
	}
	col.Know(ev.URL, known(ev, c))
	if len(ev.Links) > 0 {
		col.AddPage(ev.URL, ev.Links)
	}
	if len(ev.Elements) > 0 {
		col.AddElements(ev.URL, ev.Elements)
	}
}

// known turns a crawl event into what the link report knows of its URL.
func known(ev crawler.Event, c *warc.Capture) verify.Known {
	k := verify.Known{Status: ev.Status, Location: ev.Location, ContentType: mimeOnly(ev.ContentType), Evidence: ev.Err}
	if c != nil {
		k.Stream = c.Stream
	}
	if ev.Kind == crawler.EventRefused {
		k.Status, k.Refusal = 0, ev.Rule
	}
	k.Err = errKind(ev)
	return k
}

// errKind maps the crawler's negative statuses to the link taxonomy's error
// kinds. A URL refused because its host's robots.txt could not be fetched
// takes the kind of that fetch's failure: robots-excluded is for a robots.txt
// that was read (or answered 5xx or 429, which RFC 9309 reads as "disallow
// everything").
func errKind(ev crawler.Event) policy.ErrKind {
	switch ev.Status {
	case crawler.StatusDNSFailed:
		return policy.ErrDNS
	case crawler.StatusConnectFailed:
		if strings.Contains(ev.Err, "tls") || strings.Contains(ev.Err, "certificate") || strings.Contains(ev.Err, "x509") {
			return policy.ErrTLS
		}
		return policy.ErrRefused
	case crawler.StatusConnectBroken:
		if verify.MalformedResponse(ev.Err) {
			return policy.ErrMalformed
		}
		return policy.ErrReset
	case crawler.StatusTimeout:
		return policy.ErrTimeout
	case crawler.StatusPrereqFailed:
		if ev.Cause < 0 {
			return errKind(crawler.Event{Status: ev.Cause, Err: ev.Err})
		}
		return policy.ErrRobots
	case crawler.StatusRobots:
		return policy.ErrRobots
	case crawler.StatusBlockedPrivate:
		return policy.ErrPrivate
	}
	return policy.ErrNone
}
