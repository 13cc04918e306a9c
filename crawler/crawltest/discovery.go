package crawltest

import (
	"fmt"
	"net/http"
	"strings"
)

// Pages that no link reaches, found only through discovery: sitemaps (some
// through the sitemap index's gzipped sitemap), the RSS feed, and hreflang
// alternates. Like the other tables, they drive the router, the sitemaps,
// the feed and the manifest.

const (
	sitemapPagesPath   = "/sitemap-pages.xml"
	sitemapArchivePath = "/sitemap-archive.xml.gz"
	feedPath           = "/en/rss.xml"
)

// sitemapOnly are old pages listed only in a sitemap; Date is their <lastmod>.
// The first two are in sitemap-pages.xml, the rest in the gzipped archive.
var sitemapOnly = []pageSpec{
	{Path: "/en/press-releases-2019", Title: "Press releases 2019", Date: "2019-12-31"},
	{Path: "/en/archives-2014", Title: "Archives 2014", Date: "2015-01-15"},
	{Path: "/en/press-releases-2018", Title: "Press releases 2018", Date: "2018-12-31"},
	{Path: "/en/archives-2013", Title: "Archives 2013", Date: "2014-01-10"},
}

const sitemapOnlyInPages = 2

// feedOnly are articles listed only in the RSS feed.
var feedOnly = []pageSpec{
	{Path: "/en/mopti-water-project-hands-over-wells", Title: "Mopti water project hands over twelve wells", Date: "2023-12-02"},
	{Path: "/en/timbuktu-manuscripts-digitised", Title: "Timbuktu manuscripts digitised with MINUSMA support", Date: "2023-11-28"},
}

// hreflangOnly are French translations that only the English page's
// <link rel="alternate" hreflang="fr"> names (its language switcher links
// the French front page instead).
var hreflangOnly = []pageSpec{
	{Path: "/histoire", Title: "Historique", Twin: "/en/history", Kind: kindHreflangOnly},
	{Path: "/direction", Title: "Direction de la Mission", Twin: "/en/leadership", Kind: kindHreflangOnly},
}

// discoveryPages are the tables above, in a fixed order (node ids).
func discoveryPages() []*pageSpec {
	return append(append(pagePtrs(sitemapOnly), pagePtrs(feedOnly)...), pagePtrs(hreflangOnly)...)
}

// discoveryRoute serves the sitemap index's sitemaps and the feed.
func (s *site) discoveryRoute(p string) (response, bool) {
	switch p {
	case "/sitemap.xml":
		return textResponse(http.StatusOK, "application/xml; charset=utf-8", sitemapIndexXML()), true
	case sitemapPagesPath:
		return textResponse(http.StatusOK, "application/xml; charset=utf-8", sitemapXML()), true
	case sitemapArchivePath:
		return response{status: http.StatusOK, ctype: "application/x-gzip", body: gzipBytes([]byte(urlsetXML(sitemapOnly[sitemapOnlyInPages:])))}, true
	case feedPath:
		return textResponse(http.StatusOK, "application/rss+xml; charset=utf-8", feedXML()), true
	}
	return response{}, false
}

// sitemapIndexXML is /sitemap.xml: an index of the two sitemaps.
func sitemapIndexXML() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range []string{sitemapPagesPath, sitemapArchivePath} {
		b.WriteString("  <sitemap><loc>" + siteOrigin + p + "</loc><lastmod>2023-12-31</lastmod></sitemap>\n")
	}
	b.WriteString("</sitemapindex>\n")
	return b.String()
}

// sitemapXML is sitemap-pages.xml: linked pages (sitemapPaths) and the first
// sitemap-only pages.
func sitemapXML() string {
	ps := make([]pageSpec, 0, len(sitemapPaths)+sitemapOnlyInPages)
	for _, p := range sitemapPaths {
		ps = append(ps, pageSpec{Path: p, Date: "2023-12-31"})
	}
	return urlsetXML(append(ps, sitemapOnly[:sitemapOnlyInPages]...))
}

func urlsetXML(ps []pageSpec) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range ps {
		b.WriteString("  <url><loc>" + siteOrigin + p.Path + "</loc><lastmod>" + p.Date + "</lastmod><changefreq>never</changefreq></url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.String()
}

// feedXML is Drupal's /en/rss.xml: the feed-only articles and two linked
// press releases.
func feedXML() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xml:base="https://minusma.unmissions.org/en" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>MINUSMA</title>
<link>https://minusma.unmissions.org/en</link>
<description>United Nations Multidimensional Integrated Stabilization Mission in Mali</description>
<language>en</language>
`)
	items := append([]pageSpec{}, feedOnly...)
	for _, p := range enPages {
		if p.Path == "/en/closure-minusma-camp-sevare-mopti-region" || p.Path == "/en/odyssey-last-minusma-convoy-kidal-gao" {
			items = append(items, p)
		}
	}
	for _, p := range items {
		fmt.Fprintf(&b, "<item>\n <title>%s</title>\n <link>%s</link>\n <pubDate>%s</pubDate>\n <dc:creator>MINUSMA</dc:creator>\n <guid isPermaLink=\"false\">%s</guid>\n</item>\n",
			htmlEscape(p.Title), htmlEscape(siteOrigin+p.Path), p.Date, htmlEscape(p.Path))
	}
	b.WriteString("</channel>\n</rss>\n")
	return b.String()
}

// feedHead announces the feed on every English page, as Drupal does.
const feedHead = `<link rel="alternate" type="application/rss+xml" title="MINUSMA RSS" href="https://minusma.unmissions.org/en/rss.xml" />` + "\n"

// discoveryURLs lists the sitemap-only, feed-only and hreflang-only pages.
func discoveryURLs() (sitemap, feed, hreflang []string) {
	return siteURLs(pathsOf(sitemapOnly)), siteURLs(pathsOf(feedOnly)), siteURLs(pathsOf(hreflangOnly))
}
