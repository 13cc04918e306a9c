package crawltest

import (
	"net/url"
	"sort"
)

// Manifest is what a complete crawl of the replica from Seeds finds, URL by
// URL: absolute canonical URLs (https, default ports dropped, percent
// escapes upper-case, no fragments), each list sorted. It is computed from
// the tables and indexes that drive the server.
type Manifest struct {
	Seeds []string // https://minusma.unmissions.org/en and https://minusma.unmissions.org/

	// On minusma.unmissions.org:
	Pages            []string // HTML pages answering 200, reachable from the seeds by links (one only through a meta refresh)
	Requisites       []string // CSS, JS, images, fonts, audio, video, captions, with the query they are linked with
	PDFs             []string // PDF files (each has two /URI link annotations)
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

	Stream          string // the endless radio stream
	StreamBehaviour string // ExternalStream, or ExternalRefused while the radio is down (Config.RadioDown, SetRadioDown)

	// External maps every off-site URL the site references (links, embeds,
	// PDF annotations, login-redirect and redirect-loop targets) to its
	// behaviour: one of the External* constants.
	External          map[string]string
	OffsiteRequisites []string // the External URLs embedded by pages (scripts, iframes)
}

// Manifest lists the replica's URLs; it does not need Start. Only
// StreamBehaviour changes, with SetRadioDown.
func (r *Replica) Manifest() Manifest {
	s := r.site
	m := Manifest{
		Seeds:            []string{siteOrigin + "/en", siteOrigin + "/"},
		Pages:            s.pageURLs(),
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
	}
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

func (s *site) pageURLs() []string {
	hrefs := append(pathsOf(enPages), pathsOf(frPages)...)
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
	out := append(siteURLs(hrefs), s.assets.urls(func(p string) bool { return isPDF(p) == pdf })...)
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
