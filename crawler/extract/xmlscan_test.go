package extract

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestScanXML(t *testing.T) {
	base, _ := url.Parse("https://minusma.unmissions.org/en/rss.xml")
	for _, tc := range []struct {
		name, xml string
		want      XMLWant
		kind      XMLKind
		links     []string // "HOP URL LASTMOD"
	}{
		{"sitemap with lastmod", `<urlset><url><loc>/en/a</loc><lastmod>2023-12-01</lastmod></url><url><lastmod>x</lastmod><loc>https://x.org/b</loc></url></urlset>`,
			XMLSitemaps, XMLSitemap, []string{"S https://minusma.unmissions.org/en/a 2023-12-01", "S https://x.org/b x"}},
		{"index", `<sitemapindex><sitemap><loc>/s1.xml.gz</loc></sitemap></sitemapindex>`,
			XMLSitemaps | XMLFeeds, XMLSitemapIndex, []string{"S https://minusma.unmissions.org/s1.xml.gz "}},
		{"sitemaps not wanted", `<urlset><url><loc>/en/a</loc></url></urlset>`, XMLFeeds, XMLOther, nil},
		{"rss", `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>t</title><link>https://minusma.unmissions.org/en</link>
<item><title>A</title><link> https://minusma.unmissions.org/en/a </link><enclosure url="/a.mp3" type="audio/mpeg" length="1"/></item></channel></rss>`,
			XMLFeeds, XMLRSS, []string{"L https://minusma.unmissions.org/en ", "L https://minusma.unmissions.org/en/a ", "L https://minusma.unmissions.org/a.mp3 "}},
		{"atom", `<feed xmlns="http://www.w3.org/2005/Atom"><link rel="self" href="/feed"/><entry><link href="/en/b"/><link rel="enclosure" href="/b.pdf"/></entry></feed>`,
			XMLFeeds, XMLAtom, []string{"L https://minusma.unmissions.org/en/b ", "L https://minusma.unmissions.org/b.pdf "}},
		{"other xml", `<svg><a href="/x"/></svg>`, XMLFeeds | XMLSitemaps, XMLOther, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			kind, err := ScanXML(strings.NewReader(tc.xml), base, tc.want, func(l Link) {
				got = append(got, string(l.Hop)+" "+l.URL+" "+l.Lastmod)
			})
			if err != nil || kind != tc.kind {
				t.Fatalf("kind %q err %v, want %q", kind, err, tc.kind)
			}
			if strings.Join(got, "\n") != strings.Join(tc.links, "\n") {
				t.Errorf("links:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.links, "\n"))
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	base, _ := url.Parse("https://minusma.unmissions.org/en/history")
	h := http.Header{}
	h.Add("Link", `</fr/histoire>; rel="alternate"; hreflang="fr", <https://minusma.unmissions.org/en/history>; rel=canonical`)
	h.Add("Link", `</style.css>; rel=preload; as=style, <mailto:x@y>; rel=author`)
	h.Set("Content-Location", "/en/history.html")
	h.Set("Refresh", "0; url=/en/next")
	var got []string
	for _, l := range Headers(h, base) {
		got = append(got, string(l.Hop)+" "+l.Attr+" "+l.URL)
	}
	want := []string{
		"L alternate https://minusma.unmissions.org/fr/histoire",
		"L canonical https://minusma.unmissions.org/en/history",
		"E preload https://minusma.unmissions.org/style.css",
		"L content-location https://minusma.unmissions.org/en/history.html",
		"L refresh https://minusma.unmissions.org/en/next",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
