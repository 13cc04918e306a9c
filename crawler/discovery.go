package crawler

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// xmlWant is what the XML tap reads: feeds always, sitemaps unless turned off.
func (cr *Crawler) xmlWant() extract.XMLWant {
	if cr.cfg.NoSitemaps {
		return extract.XMLFeeds
	}
	return extract.XMLFeeds | extract.XMLSitemaps
}

// getScanning fetches it with the XML tap on: a sitemap's or feed's links
// are enqueued while the body streams into the WARC, never collected.
func (w *worker) getScanning(it Item) outcome {
	w.xml.begin(func(l extract.Link) { w.cr.enqueueLinks(it, []extract.Link{l}) })
	defer w.xml.end()
	return w.get(it.URL, false)
}

// sitemapsOf lists the sitemaps a robots.txt names; when it names none (or
// answered 4xx, "no rules"), a seed host's /sitemap.xml is tried, as search
// engines do. Other hosts are not probed: a guess there would fetch a URL
// nothing references.
func (cr *Crawler) sitemapsOf(robotsURL string, status int, body []byte) []string {
	if status/100 == 2 {
		if sm := policy.ParseRobots(status, body).Sitemaps(); len(sm) > 0 {
			return sm
		}
	}
	if status/100 != 2 && status/100 != 4 {
		return nil
	}
	u, err := url.Parse(robotsURL)
	if err != nil || !cr.seedHost(HostKey(robotsURL)) {
		return nil
	}
	return []string{(&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/sitemap.xml"}).String()}
}

func (cr *Crawler) seedHost(key string) bool {
	for _, s := range cr.cfg.Seeds {
		if u, err := policy.Canonicalize(s, nil); err == nil && HostKey(policy.CanonicalString(u)) == key {
			return true
		}
	}
	return false
}

// withContentLanguage fills a page's language from its Content-Language
// header when the HTML names none (the first language of the list).
func withContentLanguage(l extract.Language, h http.Header) extract.Language {
	if l.Lang == "" && h != nil {
		first, _, _ := strings.Cut(h.Get("Content-Language"), ",")
		l.Lang = strings.TrimSpace(first)
	}
	return l
}
