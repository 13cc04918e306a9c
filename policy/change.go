package policy

import (
	"mime"
	"strings"
)

// ChangeKind is what became of a URL between an earlier crawl and this one
// (the changes report, docs/changes.md). ClassifyChange decides it.
type ChangeKind string

// Change kinds, in the order ChangeKinds lists them: what was lost first.
const (
	ChangeGone         ChangeKind = "gone"          // was 2xx; now 4xx/5xx, refused by the crawl or failed
	ChangeMoved        ChangeKind = "moved"         // was 2xx; now a 3xx redirect
	ChangeChanged      ChangeKind = "changed"       // answers as before, with another payload (or another status)
	ChangeOrphaned     ChangeKind = "orphaned"      // answers, but links from the seeds no longer reach it
	ChangeNotRecrawled ChangeKind = "not-recrawled" // in the earlier crawl, not fetched in this one (scope, budget)
	ChangeNew          ChangeKind = "new"           // not in the earlier crawl
	ChangeUnchanged    ChangeKind = "unchanged"     // the same payload (a revisit record counts as the same)
)

// ChangeKinds returns every change kind, in the documented order.
func ChangeKinds() []ChangeKind {
	return []ChangeKind{ChangeGone, ChangeMoved, ChangeChanged, ChangeOrphaned, ChangeNotRecrawled, ChangeNew, ChangeUnchanged}
}

// Lost reports whether a URL of kind k no longer answers where it did.
func (k ChangeKind) Lost() bool { return k == ChangeGone || k == ChangeMoved }

// Fetch is one crawl's latest capture of a URL, as the change rules see it.
type Fetch struct {
	Status int    // the HTTP status
	Digest string // the payload digest
	// Revisit: the crawl wrote a revisit record (identical payload, or
	// server-not-modified, status 304), which refers to a payload archived
	// before; its Digest may be empty.
	Revisit bool
}

// ChangeFacts is what is known of one URL in the two crawls.
type ChangeFacts struct {
	Before, After *Fetch // nil: no capture in that crawl
	// Failed: this crawl has no capture but its link report gives the URL a
	// problem class (refused by the crawl, robots.txt, no answer).
	Failed bool
	// PerRequestOnly: the two payloads differ only in values a server makes
	// anew for every response, the session ids the page's links carry
	// (SessionRules.FoldText) and the tokens of its forms (FoldTokens): not
	// a change.
	PerRequestOnly bool
	// LinkedBefore and LinkedNow: links from the crawl's seeds reach the URL
	// (a seed is; a URL only the frontier knew, or only such pages link, is
	// not).
	LinkedBefore, LinkedNow bool
}

// ClassifyChange decides what became of a URL. A revisit record of this
// crawl is unchanged when it is server-not-modified (304) or refers to the
// earlier payload (same status, same digest); orphaned beats
// changed and unchanged for a URL that still answers 2xx.
func ClassifyChange(f ChangeFacts) ChangeKind {
	switch {
	case f.Before == nil:
		return ChangeNew
	case f.After == nil && f.Failed && success(f.Before.Status):
		return ChangeGone
	case f.After == nil:
		return ChangeNotRecrawled
	}
	k := compareFetches(*f.Before, *f.After)
	if k == ChangeChanged && f.PerRequestOnly {
		k = ChangeUnchanged
	}
	if (k == ChangeUnchanged || k == ChangeChanged) && answers(*f.After) && f.LinkedBefore && !f.LinkedNow {
		return ChangeOrphaned
	}
	return k
}

// compareFetches compares two captures of one URL.
func compareFetches(before, after Fetch) ChangeKind {
	if after.Revisit && (after.Status == 304 || after.Status == before.Status && (after.Digest == "" || after.Digest == before.Digest)) {
		return ChangeUnchanged // server-not-modified, or identical payload
	}
	if success(before.Status) {
		switch {
		case after.Status >= 300 && after.Status < 400:
			return ChangeMoved
		case !success(after.Status):
			return ChangeGone
		}
	}
	if before.Status == after.Status && before.Digest == after.Digest {
		return ChangeUnchanged
	}
	return ChangeChanged
}

func success(status int) bool { return status >= 200 && status < 300 }

// answers: the URL still serves its page, a 304 to a conditional request
// (a server-not-modified revisit) included.
func answers(f Fetch) bool { return success(f.Status) || f.Revisit && f.Status == 304 }

// LinkRegressed reports whether a link that worked (ok or redirected)
// became a problem: what `salvage verify --fail-on-new` fails on.
func LinkRegressed(before, after LinkClass) bool {
	return (before == ClassOK || before == ClassRedirected) && after.Problem()
}

// FeedWasClosed reports whether a feed that was live is now closed.
func FeedWasClosed(before, after FeedState) bool {
	return before == FeedLive && after == FeedClosed
}

// DocumentType reports whether a media type (a Content-Type without its
// parameters) is a page or document people read, rather than a page's
// requisite: HTML, PDF, plain text, office and e-book formats.
func DocumentType(mime string) bool {
	mt := strings.ToLower(strings.TrimSpace(mime))
	switch mt {
	case "text/html", "application/xhtml+xml", "application/pdf", "text/plain", "application/msword",
		"application/rtf", "application/epub+zip", "application/vnd.ms-excel", "application/vnd.ms-powerpoint":
		return true
	}
	return strings.HasPrefix(mt, "application/vnd.openxmlformats-officedocument.") ||
		strings.HasPrefix(mt, "application/vnd.oasis.opendocument.")
}

// DiscoveryResource reports whether a URL with this media type (a
// Content-Type, parameters allowed) is a list of URLs for crawlers (a
// sitemap or a feed: an XML type, or a path ending in .xml, .xml.gz or
// .rss served as anything but a page or a style sheet), which robots.txt,
// sitemap indexes and the crawler's own probes find as often as a page's
// links do, and whose links the crawler reads as it streams.
func DiscoveryResource(path, ctype string) bool {
	mt := MediaType(ctype)
	if strings.HasSuffix(mt, "/xml") || strings.HasSuffix(mt, "+xml") {
		return mt != "application/xhtml+xml" && mt != "image/svg+xml"
	}
	if mt == "text/html" || mt == "text/css" {
		return false
	}
	p := strings.ToLower(path)
	return strings.HasSuffix(p, ".xml") || strings.HasSuffix(p, ".xml.gz") || strings.HasSuffix(p, ".rss")
}

// MediaType is a Content-Type's media type, lower-case, without its
// parameters (what precedes the first ';' when it does not parse).
func MediaType(ctype string) string {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		mt, _, _ = strings.Cut(ctype, ";")
	}
	return strings.ToLower(strings.TrimSpace(mt))
}
