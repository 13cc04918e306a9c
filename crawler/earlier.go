package crawler

import (
	"net/http"
	"net/url"

	"github.com/salvage-archive/salvage/policy"
)

// EarlierPages gives the payload an earlier crawl archived for a URL (salvage
// crawl --previous), so that a page the server answers 304 Not Modified still
// yields its links. It must be safe for concurrent use.
type EarlierPages interface {
	Payload(url string) (body []byte, contentType string, ok bool)
}

// EarlierURL is a URL an earlier crawl captured (Config.EarlierURLs): a
// page (Hop policy.HopLink) or a requisite (policy.HopEmbed). It is queued
// with hop path "X" (a page) or "XE" (a requisite): known, though no page of
// this crawl may link to it any more.
type EarlierURL struct {
	URL string
	Hop policy.Hop
}

// addEarlier queues the earlier crawl's URLs through the scope, like links
// found on a page: out-of-scope ones are refused, known ones are skipped.
func (cr *Crawler) addEarlier() {
	var added []newLink
	for _, e := range cr.cfg.EarlierURLs {
		u, err := policy.Canonicalize(e.URL, nil)
		if err != nil {
			continue
		}
		it := Item{URL: policy.CanonicalString(u), HopPath: string(policy.HopSpeculative)}
		if e.Hop == policy.HopEmbed {
			it.HopPath += string(policy.HopEmbed)
		}
		cr.enqueue(it, u, e.Hop, nil, 0, &added)
	}
}

// earlierBody puts the earlier capture's payload in place of a 304's empty
// body, so that the page is parsed for links as if it had been sent again.
func (cr *Crawler) earlierBody(rawURL string, res *fetchResult) {
	if cr.cfg.EarlierPages == nil || res.status != http.StatusNotModified || len(res.body) > 0 {
		return
	}
	key := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		key = policy.CanonicalString(u)
	}
	body, ctype, ok := cr.cfg.EarlierPages.Payload(key)
	if !ok {
		return
	}
	if len(body) > cr.cfg.MaxHTMLParse {
		body = body[:cr.cfg.MaxHTMLParse]
	}
	res.body, res.ctype = body, ctype
}
