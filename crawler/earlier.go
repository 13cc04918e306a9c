package crawler

import (
	"bufio"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// EarlierPages gives the payload an earlier crawl archived for a URL (salvage
// crawl --previous), so that a page, PDF, sitemap or feed the server answers
// 304 Not Modified still yields its links. It must be safe for concurrent use.
type EarlierPages interface {
	// Open reads the earlier payload of url (canonical), decoded of its
	// Content-Encoding, with its Content-Type.
	Open(url string) (body io.ReadCloser, contentType string, ok bool)
}

// EarlierURL is a URL an earlier crawl captured (Config.EarlierURLs), with
// the media type it had. An HTML page (or a capture without a type, as a
// redirect may be) is queued as a link with hop path "X", anything else as
// an embed with hop path "XE": known, though no page of this crawl may link
// to it any more.
type EarlierURL struct {
	URL         string
	ContentType string
}

// hop is how e is decided and queued.
func (e EarlierURL) hop() policy.Hop {
	if mt := policy.MediaType(e.ContentType); mt == "" || mt == "unk" || parseKind(mt) == kindHTML {
		return policy.HopLink
	}
	return policy.HopEmbed
}

// addEarlier queues the earlier crawl's URLs through the scope, like links
// found on a page: out-of-scope ones are refused, known ones are skipped.
func (cr *Crawler) addEarlier() {
	cr.learnEarlierSessions()
	var added []newLink
	for _, e := range cr.cfg.EarlierURLs {
		u, err := policy.Canonicalize(e.URL, nil)
		if err != nil {
			continue
		}
		hop := e.hop()
		it := Item{URL: policy.CanonicalString(u), HopPath: string(policy.HopSpeculative)}
		if hop == policy.HopEmbed {
			it.HopPath += string(policy.HopEmbed)
		}
		cr.enqueue(it, u, hop, nil, cr.cfg.Scope.EarlierCalendarSteps(u), &added)
	}
}

// learnEarlierSessions learns, host by host, the session parameters the
// earlier URLs carry (one token on several paths), before they are queued:
// an earlier URL with an old session id and the same page linked with a new
// one are then one URL, fetched once.
func (cr *Crawler) learnEarlierSessions() {
	byHost := map[string][]*url.URL{}
	for _, e := range cr.cfg.EarlierURLs {
		if u, err := url.Parse(e.URL); err == nil && u.RawQuery != "" {
			byHost[u.Host] = append(byHost[u.Host], u)
		}
	}
	for host, links := range byHost {
		for _, name := range cr.sessions.learn(&url.URL{Host: host}, links) {
			cr.cfg.Logger.Info("session parameter learned from the earlier crawl", "param", name, "host", host)
		}
	}
}

// reread reads a 304's earlier payload as if it had been sent again: an
// HTML or CSS body is kept for its links, a PDF goes through the PDF
// scanner (its links are then taken as a streamed PDF's), a sitemap or feed
// through the XML scanner (its links queued as they are found).
func (w *worker) reread(it Item, res *fetchResult) {
	cr := w.cr
	if cr.cfg.EarlierPages == nil || res.status != http.StatusNotModified || len(res.body) > 0 {
		return
	}
	u, err := url.Parse(it.URL)
	if err != nil {
		return
	}
	body, ctype, ok := cr.cfg.EarlierPages.Open(policy.CanonicalString(u))
	if !ok {
		return
	}
	defer body.Close()
	res.ctype = ctype
	switch {
	case isPDF(ctype):
		s := extract.NewPDFScanner(u)
		_, _ = io.Copy(s, body)
		w.tap.put(s)
	case policy.DiscoveryResource(u.Path, ctype):
		br := bufio.NewReader(body)
		magic, _ := br.Peek(2)
		gz := len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b
		scanXML(br, gz, u, cr.xmlWant(), func(l extract.Link) { cr.enqueueLinks(it, []extract.Link{l}) })
	default:
		res.body, _ = io.ReadAll(io.LimitReader(body, int64(cr.cfg.MaxHTMLParse)))
	}
}

// Revalidation is what a 304 Not Modified to a URL an earlier crawl
// captured costs the crawler, so a recrawl asks conditionally only where
// no link is lost.
type Revalidation byte

const (
	// RevalidateNever: it is robots.txt (its rules are parsed from the
	// answer), or its type is unknown (what would be read from it is too):
	// fetched whole.
	RevalidateNever Revalidation = iota
	// RevalidateLeaf: no links are read from it (images, scripts, fonts...).
	RevalidateLeaf
	// RevalidateWithPayload: its links are read from its body (HTML, CSS,
	// PDF, sitemaps and feeds): a 304 needs the earlier payload from
	// EarlierPages.
	RevalidateWithPayload
)

// RevalidationOf classifies an earlier capture by its URL and media type.
func RevalidationOf(rawURL, ctype string) Revalidation {
	u, err := url.Parse(rawURL)
	switch mt := policy.MediaType(ctype); {
	case err != nil || strings.EqualFold(u.Path, "/robots.txt"):
		return RevalidateNever
	case mt == "" || mt == "unk": // no type (CDX writes "unk"): what the crawler would read is unknown
		return RevalidateNever
	case parseKind(ctype) != kindNone, isPDF(ctype), policy.DiscoveryResource(u.Path, ctype):
		return RevalidateWithPayload
	}
	return RevalidateLeaf
}
