package verify

import (
	"errors"
	"net/url"
	"sort"
	"strings"

	"github.com/salvage-archive/salvage/policy"
)

const maxChain = 20

// judgeKnown classifies an internal link from what the crawl or archive saw.
func (c *Collector) judgeKnown(l *Link) bool {
	k, ok := c.known[l.URL]
	if !l.Internal || !ok {
		return false
	}
	c.judgeFrom(l, k)
	return true
}

func (c *Collector) judgeFrom(l *Link, k Known) {
	if k.Refusal != "" && k.Err == policy.ErrNone {
		l.Class, l.Evidence = policy.ClassNotChecked, "not fetched: "+k.Refusal
		return
	}
	obs := c.observe(l.URL)
	l.Class, l.Evidence = c.rules.Classify(obs)
	switch {
	case k.Evidence == "":
	case l.Evidence == "":
		l.Evidence = k.Evidence
	case k.Refusal != "": // refused for its host's robots.txt: say which fetch failed
		l.Evidence += " (not requested: " + k.Refusal + ", " + k.Evidence + ")"
	}
	l.Status, l.ContentType = obs.Status, obs.ContentType
	for _, h := range obs.Chain {
		l.Chain = append(l.Chain, Hop{URL: h.URL, Status: h.Status, Location: h.Location})
	}
	if n := len(obs.Chain); n > 0 {
		l.FinalURL = obs.Chain[n-1].URL
	}
}

// observe follows what is known from start through its redirects.
func (c *Collector) observe(start string) policy.Observation {
	obs := policy.Observation{URL: start}
	seen := map[string]bool{}
	for cur := start; len(obs.Chain) < maxChain; {
		k, ok := c.known[cur]
		if !ok {
			break
		}
		if seen[cur] {
			obs.RedirectLoop = true
			break
		}
		seen[cur] = true
		obs.Chain = append(obs.Chain, policy.ObservedHop{URL: cur, Status: k.Status, Location: k.Location})
		obs.Status, obs.ContentType, obs.Err, obs.Stream = k.Status, k.ContentType, k.Err, k.Stream
		if k.Status/100 != 3 || k.Location == "" {
			break
		}
		cur, _ = key(k.Location)
	}
	if n := len(obs.Chain); n == maxChain && obs.Status/100 == 3 && obs.Chain[n-1].Location != "" {
		obs.Err = policy.ErrTooManyRedirects // a longer chain than any browser follows
	}
	return obs
}

// judgeOffline classifies a link without a live check: non-http schemes,
// malformed URLs, and what the crawl or archive knows.
func (c *Collector) judgeOffline(l *Link, opt Options) {
	if strings.HasPrefix(l.URL, "#") {
		l.Class, l.Evidence = policy.ClassNotChecked, "same-page anchor"
		return
	}
	if _, err := policy.Canonicalize(l.URL, nil); err != nil {
		l.Class, l.Evidence = policy.ClassNotChecked, "scheme not checked: "+scheme(l.URL)
		if !errors.Is(err, policy.ErrUnsupportedScheme) {
			l.Class, l.Evidence = policy.ClassMalformed, "malformed: "+err.Error()
		}
		return
	}
	if k, ok := c.known[l.URL]; ok {
		c.judgeFrom(l, k)
		return
	}
	if opt.Archive != nil {
		if cp, ok := opt.Archive.Best(l.URL); ok {
			c.judgeFrom(l, Known{Status: cp.Status, ContentType: cp.Mime})
			return
		}
	}
	l.Class, l.Evidence = policy.ClassNotChecked, "offline: neither crawled nor archived"
}

func scheme(raw string) string {
	s, _, ok := strings.Cut(raw, ":")
	if !ok || s == "" {
		return "none"
	}
	return strings.ToLower(s)
}

// addCapture looks the link up in the archive and, for a dead link with a
// capture, gives its replay URL.
func (c *Collector) addCapture(l *Link, opt Options) {
	if opt.Archive == nil || !isHTTP(l.URL) {
		return
	}
	cp, ok := opt.Archive.Best(l.URL)
	if !ok {
		return
	}
	l.Captured = &cp
	if l.Class.Problem() {
		l.ReplayURL = opt.ReplayBase + "/" + cp.Date.UTC().Format("20060102150405") + "/" + l.URL
	}
}

func (c *Collector) feedStates() []Feed {
	classOf := func(raw string) (policy.LinkClass, bool) {
		k, _ := key(raw)
		if l, ok := c.links[k]; ok && l.Class != "" {
			return l.Class, true
		}
		return "", false
	}
	keys := make([]string, 0, len(c.feeds))
	for k := range c.feeds {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	feeds := make([]Feed, 0, len(keys))
	for _, k := range keys {
		fc := c.feeds[k]
		state, ev := c.rules.FeedState(*fc, classOf)
		feeds = append(feeds, Feed{Platform: fc.Platform, Kind: fc.Kind, URL: fc.URL, Pages: c.feedPage[k], State: state, Evidence: ev})
	}
	return feeds
}

// count fills the per-class and per-host tallies.
func (r *Report) count() {
	for _, l := range r.Links {
		r.Counts[string(l.Class)]++
		host := "(none)"
		if u, err := url.Parse(l.URL); err == nil && u.Host != "" {
			host = u.Host
		}
		if r.ByHost[host] == nil {
			r.ByHost[host] = map[string]int{}
		}
		r.ByHost[host][string(l.Class)]++
	}
}

// missing is the patch list: the site's own links and every page's
// requisites (wherever they live) that the archive does not hold. Links to
// other sites' pages are not part of the site, so they are not listed.
func missing(links []Link) []string {
	var out []string
	for _, l := range links {
		if isHTTP(l.URL) && l.Captured == nil && (l.Internal || isRequisite(l)) {
			out = append(out, l.URL)
		}
	}
	sort.Strings(out)
	return out
}

// navigational are the elements and link relations that point at pages
// rather than embed resources.
var navigational = map[string]bool{"a": true, "area": true, "meta": true, "pdf": true, "http": true, "sitemap": true,
	"robots": true, "link/alternate": true, "link/canonical": true, "link/next": true, "link/prev": true, "link/shortlink": true}

// isRequisite: some page embeds the link (image, script, style sheet, frame, ...).
func isRequisite(l Link) bool {
	for _, a := range l.Appearances {
		if !navigational[a.Element] && !navigational[a.Element+"/"+a.Attr] {
			return true
		}
	}
	return false
}

// Problems counts links whose class is in fail.
func (r *Report) Problems(fail []policy.LinkClass) int {
	n := 0
	for _, l := range r.Links {
		for _, f := range fail {
			if l.Class == f {
				n++
			}
		}
	}
	return n
}
