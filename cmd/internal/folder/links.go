package folder

import (
	"net/http"

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
		if c.NotModified {
			// A 304 to a conditional request: the earlier 2xx capture stands
			// (crawl --previous asks only about those).
			k.Status = http.StatusOK
		}
	}
	if ev.Kind == crawler.EventRefused {
		k.Status, k.Refusal = 0, ev.Rule
	}
	k.Err = errKind(ev)
	return k
}

// errKind is the link taxonomy's error kind of a crawl event: the
// crawler's Failure (netfail.Kind) for a fetch without an answer, and for a
// URL refused because its host's robots.txt got none; robots for a URL
// robots.txt excludes, or refused for a robots.txt that answered 5xx or
// 429 (RFC 9309 reads it as "disallow everything"); private for a
// private address.
func errKind(ev crawler.Event) policy.ErrKind {
	switch {
	case ev.Failure != policy.ErrNone:
		return ev.Failure
	case ev.Status == crawler.StatusPrereqFailed, ev.Status == crawler.StatusRobots:
		return policy.ErrRobots
	case ev.Status == crawler.StatusBlockedPrivate:
		return policy.ErrPrivate
	}
	return policy.ErrNone
}
