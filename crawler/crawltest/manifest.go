package crawltest

import (
	"net/url"
	"slices"
	"sort"
)

// Manifest is what a complete crawl of the replica from Seeds finds, URL by
// URL: absolute canonical URLs (https, default ports dropped, percent
// escapes upper-case, no fragments), each list sorted. It is computed from
// the tables and indexes that drive the server.
type Manifest struct {
	Seeds []string // https://minusma.unmissions.org/en and https://minusma.unmissions.org/

	// On minusma.unmissions.org:
	Pages            []string // HTML pages answering 200, reachable from the seeds by links (one only through a meta refresh); not the session mazes' pages
	Requisites       []string // CSS, JS, images, fonts, audio, video, captions, with the query they are linked with (itok tokens, cache-busters); also on RateLimitedHost
	PDFs             []string // PDF files (each has two /URI link annotations); also on RateLimitedHost
	Redirects        []string // URLs answering 3xx: a 301->302 chain and http:// links (301 to https)
	NotFound         []string // linked, answering 404 with Drupal's "Page not found" page
	RobotsDisallowed []string // linked, disallowed by robots.txt (served 200 if fetched anyway)
	Traps            []string // the calendar months near the linked one; every /en/calendar/YYYY/MM answers 200
	TrapPrefix       string   // the calendar's URL prefix
	Discovery        []string // robots.txt, the sitemap index sitemap.xml, its two sitemaps (one gzipped) and the RSS feed

	// Pages nothing links to, reachable only through discovery (discovery.go):
	SitemapOnly  []string // listed only in a sitemap (two of them in the gzipped one), with a <lastmod>
	FeedOnly     []string // articles listed only in the RSS feed /en/rss.xml
	HreflangOnly []string // French pages named only by the English page's <link rel="alternate" hreflang="fr">

	// Behaviours of other sites, in this site's own shapes:

	// SessionMazes are applications whose links carry a session id that is
	// new on every view, one per style (?sid=, ;jsessionid=, ?PHPSESSID=,
	// and ?visit=, a name no list of session parameters holds). Their pages
	// are not in Pages: a crawl captures each once, under the URL without
	// the id or under one URL with it (SessionMaze.Page tells which page a
	// URL views).
	SessionMazes []SessionMaze
	// TrapFamilies are endless URL families besides the calendar of
	// Traps: two calendars in other shapes (/en/events/YYYY-MM, linked
	// relatively, and /en/agenda?month=YYYYMM, linked by query-only hrefs)
	// and a faceted search that is a trap only by content (no dates, no
	// repeated segments, nothing new on its pages).
	TrapFamilies []TrapFamily
	// RetryLater is an ordinary page, linked from /en/documents and
	// /en/publications, that answers 503 with Retry-After: 3600 while the
	// replica runs. It is in Pages only after Replica.SetRetryLater(false),
	// when it answers 200.
	RetryLater string
	// Unlinked are the pages a later version (Config.Version) still serves
	// unchanged but no longer links from anywhere, and the files only they
	// embed: only an earlier crawl knows them.
	Unlinked []string
	// RateLimitedHost is the site's media host, in scope as a subdomain:
	// it answers 429 with Retry-After for Config.MediaThrottle from its
	// first request (robots.txt excepted), then serves its images and PDFs,
	// which are in Requisites and PDFs.
	RateLimitedHost string

	// Translations maps every English page to its French version, for every
	// pair that hreflang or the language switcher links (the seed /en and
	// the French front page / included).
	Translations map[string]string
	// SwitcherOnly are the French pages (in Pages) that only the Drupal
	// language switchers pair with their English page: no hreflang names
	// them, and three are linked by nothing else.
	SwitcherOnly []string
	// SwitcherFallback are the English pages of Pages, SitemapOnly and
	// FeedOnly whose language switcher names no translation and falls back
	// to the French front page /, as the seed's does not: those without a
	// translation and those whose translation only hreflang names.
	SwitcherFallback []string

	Stream          string // the endless radio stream
	StreamBehaviour string // ExternalStream, or ExternalRefused while the radio is down (Config.RadioDown, SetRadioDown)

	// External maps every off-site URL the site references (links, embeds,
	// PDF annotations, login-redirect and redirect-loop targets) to its
	// behaviour: one of the External* constants.
	External          map[string]string
	OffsiteRequisites []string // the External URLs embedded by pages (scripts, iframes)
}

// SessionMaze is one application whose links carry a fresh session id.
type SessionMaze struct {
	Param string   // the session parameter, as the application spells it ("sid", "jsessionid", ...)
	Entry string   // the URL the site links (the ;jsessionid= one with an id of its own)
	Pages []string // the application's pages, without the id; each answers 200 with any id or none
}

// Page returns the page of z that u views: u without z's session
// parameter (a query argument or a ;param= path parameter), canonical.
func (z SessionMaze) Page(u string) (string, bool) {
	p, err := url.Parse(u)
	if err != nil {
		return "", false
	}
	page := canonicalString(p.Scheme + "://" + p.Host + stripPathParam(p.EscapedPath(), z.Param) + "?" + stripQueryArg(p.RawQuery, z.Param))
	return page, slices.Contains(z.Pages, page)
}

// TrapFamily is an endless family of URLs: every member answers 200 and
// links new members.
type TrapFamily struct {
	Name    string   // "events", "agenda", "search"
	Entry   string   // the member the site links
	Prefix  string   // every URL starting with it is a member
	Example []string // the entry and the members it links: what a crawler one step into the family fetches
}

// Manifest lists the replica's URLs; it does not need Start. Only
// StreamBehaviour (SetRadioDown) and whether Pages holds RetryLater
// (SetRetryLater) change.
func (r *Replica) Manifest() Manifest {
	s := r.site
	retryLater := s.retryLater.Load()
	m := Manifest{
		Seeds:            []string{siteOrigin + "/en", siteOrigin + "/"},
		Pages:            s.pageURLs(retryLater),
		Requisites:       s.fileURLs(false),
		PDFs:             s.fileURLs(true),
		Redirects:        s.redirectURLs(),
		NotFound:         siteURLs(gonePaths),
		RobotsDisallowed: siteURLs(pathsOf(userPages)),
		Traps:            siteURLs(calendarTraps()),
		TrapPrefix:       siteOrigin + calendarPrefix,
		Discovery:        siteURLs([]string{"/robots.txt", "/sitemap.xml", sitemapPagesPath, sitemapArchivePath, feedPath}),
		Stream:           radioURL,
		StreamBehaviour:  r.streamBehaviour(),
		SessionMazes:     mazeURLs(),
		TrapFamilies:     trapFamilies(),
		RetryLater:       siteOrigin + retryLaterPage.Path,
		RateLimitedHost:  mediaHost,
		SwitcherFallback: s.switcherFallbackURLs(retryLater),
		Unlinked:         s.unlinkedURLs(),
	}
	m.Translations, m.SwitcherOnly = s.translationURLs()
	m.External, m.OffsiteRequisites = s.externalURLs()
	m.SitemapOnly, m.FeedOnly, m.HreflangOnly = discoveryURLs()
	return m
}

func pathsOf(ps []pageSpec) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Path
	}
	return out
}

// siteURLs makes root-relative hrefs absolute and canonical, sorted.
func siteURLs(hrefs []string) []string {
	out := make([]string, len(hrefs))
	for i, h := range hrefs {
		out[i] = canonicalString(siteOrigin + h)
	}
	sort.Strings(out)
	return out
}

func (s *site) pageURLs(retryLater bool) []string {
	hrefs := s.revision.pagePaths(append(pathsOf(enPages), pathsOf(frPages)...))
	if !retryLater {
		hrefs = append(hrefs, retryLaterPage.Path)
	}
	for n := 1; n < s.newsPages(); n++ {
		hrefs = append(hrefs, newsPageHref(n))
	}
	for k := range s.cfg.Articles {
		hrefs = append(hrefs, articleHref(k))
	}
	return siteURLs(hrefs)
}

// fileURLs lists the PDFs (pdf true) or the other files.
func (s *site) fileURLs(pdf bool) []string {
	var hrefs []string
	for k := range s.cfg.Articles {
		switch {
		case !pdf:
			hrefs = append(hrefs, articleImage(k))
		case articleHasPDF(k):
			hrefs = append(hrefs, articlePDF(k))
		}
	}
	keep := func(p string) bool { return isPDF(p) == pdf }
	linked := slices.DeleteFunc(s.assets.urls(keep), func(u string) bool { return s.unlinkedFiles[u] })
	out := append(append(siteURLs(hrefs), linked...), s.media.urls(keep)...)
	sort.Strings(out)
	return out
}

func (s *site) redirectURLs() []string {
	var hrefs []string
	for _, r := range redirects {
		hrefs = append(hrefs, r.From)
	}
	out := siteURLs(hrefs)
	for u := range s.insecure {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}

// externalURLs classifies the off-site URLs, adding login-redirect targets.
func (s *site) externalURLs() (map[string]string, []string) {
	ext := map[string]string{}
	var embeds []string
	for raw, embed := range s.offsite {
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		ext[raw] = classify(u)
		if embed {
			embeds = append(embeds, raw)
		}
		if h := findExternal(hostOnly(u.Host)); h != nil {
			if target := h.redirectTarget(ext[raw], u.Path); target != "" {
				ext[canonicalString(target)] = classify(mustParse(target))
			}
		}
	}
	sort.Strings(embeds)
	return ext, embeds
}

func mustParse(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		return &url.URL{}
	}
	return u
}

// unlinkedURLs are the unlinked pages and the files only they embed.
func (s *site) unlinkedURLs() []string {
	out := siteURLs(s.revision.unlinked())
	for u := range s.unlinkedFiles {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}
