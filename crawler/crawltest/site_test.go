package crawltest

import (
	"bytes"
	"fmt"
	"html"
	"image"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

const ua = "salvage-test/1.0"

func TestHomepageIsTheSeed(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	for _, enc := range []string{"", "gzip", "br, gzip;q=0.5"} {
		f := get(t, c, http.MethodGet, siteOrigin+"/en", ua, enc)
		checkFraming(t, "/en "+enc, f, false)
		if f.StatusCode != 200 || !bytes.Equal(f.Body, seedHTML) {
			t.Fatalf("Accept-Encoding %q: status %d, body %d bytes, want the seed (%d bytes)", enc, f.StatusCode, len(f.Body), len(seedHTML))
		}
		wantGzip := enc != ""
		if got := f.Header.Get("Content-Encoding") == "gzip"; got != wantGzip {
			t.Errorf("Accept-Encoding %q: gzip %v, want %v", enc, got, wantGzip)
		}
	}
}

func TestDrupalHeaders(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	f := get(t, c, http.MethodGet, siteOrigin+"/en/contact", ua, "gzip")
	for k, want := range map[string]string{
		"X-Generator":      "Drupal 7",
		"Vary":             "Accept-Encoding",
		"Content-Type":     "text/html; charset=utf-8",
		"Cache-Control":    "public",
		"Content-Language": "en",
		"Content-Encoding": "gzip",
		"Link":             `<https://minusma.unmissions.org/en/contact>; rel="canonical"`,
	} {
		if got := f.Header.Get(k); !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q, want prefix %q", k, got, want)
		}
	}
	for _, k := range []string{"Date", "Last-Modified"} {
		if _, err := http.ParseTime(f.Header.Get(k)); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
}

func TestHeadHasGetHeaders(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	for _, path := range []string{"/en", "/en/news?page=1", "/sites/all/themes/unmpk/logo.png"} {
		g := get(t, c, http.MethodGet, siteOrigin+path, ua, "gzip")
		h := get(t, c, http.MethodHead, siteOrigin+path, ua, "gzip")
		checkFraming(t, path, h, true)
		if h.ContentLength != g.ContentLength || len(h.Raw) != 0 {
			t.Errorf("HEAD %s: Content-Length %d (GET %d), body %d bytes", path, h.ContentLength, g.ContentLength, len(h.Raw))
		}
	}
}

func TestFilesAreValid(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	m := r.Manifest()
	decoded := map[string]int{}
	for _, u := range append(m.Requisites, m.PDFs...) {
		f := get(t, c, http.MethodGet, u, ua, "gzip")
		ctype := f.Header.Get("Content-Type")
		gz := f.Header.Get("Content-Encoding") == "gzip"
		if textual := ctype == "text/css" || ctype == "application/javascript"; textual != gz {
			t.Errorf("%s (%s): gzip %v", u, ctype, gz)
		}
		decoded[ctype]++
		checkFile(t, u, ctype, f.Body, decoded[ctype] <= 5)
	}
}

var imageMagic = map[string]string{"image/png": "\x89PNG\r\n\x1a\n", "image/jpeg": "\xff\xd8\xff", "image/gif": "GIF89a"}

// checkFile checks what a file's type promises; images are fully decoded
// when decode is set (decoding is slow under the race detector).
func checkFile(t *testing.T, u, ctype string, body []byte, decode bool) {
	t.Helper()
	switch ctype {
	case "image/png", "image/jpeg", "image/gif":
		if !bytes.HasPrefix(body, []byte(imageMagic[ctype])) {
			t.Errorf("%s: not %s", u, ctype)
		}
		if !decode {
			return
		}
		if _, format, err := image.Decode(bytes.NewReader(body)); err != nil || "image/"+format != ctype {
			t.Errorf("%s: decode %s: %q, %v", u, ctype, format, err)
		}
	case "image/vnd.microsoft.icon":
		if !bytes.HasPrefix(body, []byte{0, 0, 1, 0, 1, 0}) {
			t.Errorf("%s: not an ICO", u)
		}
	case "application/pdf":
		checkPDF(t, u, body)
	case "audio/mpeg":
		if !bytes.HasPrefix(body, []byte("ID3")) || !bytes.Contains(body, []byte{0xFF, 0xFB, 0x90, 0x64}) {
			t.Errorf("%s: not an MP3", u)
		}
	}
}

var objRe = regexp.MustCompile(`(?m)^(\d{10}) 00000 n $`)

// checkPDF checks the header, trailer, xref offsets and link annotations.
func checkPDF(t *testing.T, u string, body []byte) {
	t.Helper()
	if !bytes.HasPrefix(body, []byte("%PDF-1.4\n")) || !bytes.HasSuffix(body, []byte("%%EOF\n")) {
		t.Errorf("%s: bad PDF header or trailer", u)
	}
	for i, m := range objRe.FindAllSubmatch(body, -1) {
		var off int
		fmt.Sscanf(string(m[1]), "%d", &off)
		if !bytes.HasPrefix(body[off:], fmt.Appendf(nil, "%d 0 obj", i+1)) {
			t.Errorf("%s: xref entry %d does not point at its object", u, i+1)
		}
	}
	for _, want := range []string{"/URI (" + pdfInternalLink + ")", "/URI (" + pdfExternalLink + ")", "/Subtype /Link"} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("%s: no %s", u, want)
		}
	}
}

func TestRobotsTxt(t *testing.T) {
	for _, tc := range []struct {
		delay time.Duration
		want  string
	}{{0, ""}, {1500 * time.Millisecond, "Crawl-delay: 1.5\n"}, {2 * time.Second, "Crawl-delay: 2\n"}} {
		r := startReplica(t, Config{CrawlDelay: tc.delay})
		f := get(t, testClient(t, r), http.MethodGet, siteOrigin+"/robots.txt", ua, "gzip")
		body := string(f.Body)
		if f.StatusCode != 200 || !strings.HasPrefix(f.Header.Get("Content-Type"), "text/plain") {
			t.Fatalf("robots.txt: %s %s", f.Status, f.Header.Get("Content-Type"))
		}
		for _, line := range []string{"User-agent: *\n", "Disallow: /user/\n", "Disallow: /admin/\n", "Sitemap: https://minusma.unmissions.org/sitemap.xml\n"} {
			if !strings.Contains(body, line) {
				t.Errorf("robots.txt lacks %q", line)
			}
		}
		if got := strings.Contains(body, "Crawl-delay"); got != (tc.want != "") || !strings.Contains(body, tc.want) {
			t.Errorf("delay %v: robots.txt Crawl-delay wrong:\n%s", tc.delay, body)
		}
	}
}

func TestRedirects(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	for _, tc := range []struct{ url, status, location string }{
		{siteOrigin + "/en/old-mandate", "301", siteOrigin + "/en/mandate-old"},
		{siteOrigin + "/en/mandate-old", "302", siteOrigin + "/en/mandate-0"},
		{"http://minusma.unmissions.org/en/leadership", "301", siteOrigin + "/en/leadership"},
		{"http://minusma.unmissions.org/robots.txt", "301", siteOrigin + "/robots.txt"},
		{"http://www.facebook.com/MINUSMA?x=1", "301", "https://www.facebook.com/MINUSMA?x=1"},
	} {
		f := get(t, c, http.MethodGet, tc.url, ua, "")
		checkFraming(t, tc.url, f, false)
		if !strings.HasPrefix(f.Status, tc.status) || f.Header.Get("Location") != tc.location {
			t.Errorf("%s: %s -> %q, want %s -> %q", tc.url, f.Status, f.Header.Get("Location"), tc.status, tc.location)
		}
	}
}

func TestStatusOfOddPaths(t *testing.T) {
	r := startReplica(t, Config{Articles: 25})
	c := testClient(t, r)
	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{
		{"/en/removed-page", 404, "Page not found"},
		{"/sites/default/files/missing.png", 404, "404 Not Found"},
		{"/en/mali_regions_2023.png", 404, "Page not found"}, // <base href> ignored
		{"/en/after-ten-years-presence-minusma-closes-its-base-%c2%a0ansongo", 200, "Ansongo"},
		{"/en/after-ten-years-presence-minusma-closes-its-base-%C2%A0ansongo", 200, "Ansongo"},
		{"/en/minusma%e2%80%99s-nepalese-explosive-ordnance-disposal-company-heroes-behind-safe-convoys-mali", 200, "Nepalese"},
		{"/sites/default/files/r%c3%a9solution%202640%20(2022).pdf", 200, "%PDF-1.4"},
		{"/en/calendar/1999/07", 200, `href="/en/calendar/1999/08"`},
		{"/en/calendar/2024/01", 200, `href="/en/calendar/2023/12"`},
		{"/en/calendar/2023/13", 404, "Page not found"},
		{"/en/news?page=2", 200, `href="/en/news/article-24"`},
		{"/en/news?page=3", 200, "no content"},
		{"/en/news/article-24", 200, `href="/en/news/article-23"`},
		{"/en/news/article-20", 200, `href="/sites/default/files/news/article-20.pdf"`},
		{"/en/news/article-25", 404, "Page not found"},
		{"/en/news/article-05", 404, "Page not found"},
		{"/sites/default/files/news/article-1.pdf", 404, "Not Found"},
		{"/user/login", 200, `name="pass"`},
		{"/sitemap.xml", 200, "<sitemapindex "},
		{"/sitemap.xml", 200, "<loc>https://minusma.unmissions.org/sitemap-archive.xml.gz</loc>"},
		{"/sitemap-pages.xml", 200, "<loc>https://minusma.unmissions.org/en/about-minusma</loc>"},
		{"/sitemap-pages.xml", 200, "<loc>https://minusma.unmissions.org/en/press-releases-2019</loc><lastmod>2019-12-31</lastmod>"},
		{"/sitemap-archive.xml.gz", 200, "\x1f\x8b"},
		{"/en/rss.xml", 200, "<link>https://minusma.unmissions.org/en/timbuktu-manuscripts-digitised</link>"},
		{"/en/history", 200, `<link rel="alternate" hreflang="fr" href="https://minusma.unmissions.org/histoire" />`},
		{"/en/history", 200, `<link rel="alternate" type="application/rss+xml"`},
		{"/histoire", 200, `href="/en/history" class="language-link"`},
		{"/en/archives-2013", 200, "Archives 2013"},
		{"/en/events/1850-01", 200, `href="1850-02"`},
		{"/en/events/9999-12", 200, `href="9999-11"`},
		{"/en/events/2023-13", 404, "Page not found"},
		{"/en/agenda?month=185001", 200, `href="?month=185002"`},
		{"/en/agenda?month=2023-12", 404, "Page not found"},
		{"/en/agenda", 404, "Page not found"},
		{"/en/search?f%5B0%5D=tags%3A2&f%5B1%5D=tags%3A5", 200, `href="/en/search?f%5B0%5D=tags%3A5&amp;f%5B1%5D=tags%3A10"`},
		{"/en/search?f[0]=tags:2", 200, `href="/en/search?f%5B0%5D=tags%3A2&amp;f%5B1%5D=tags%3A8"`},
		{"/en/search?f%5B0%5D=tags%3Ax", 404, "Page not found"},
		{"/en/search?f%5B0%5D=tags%3A1&f%5B1%5D=tags%3A2&f%5B2%5D=tags%3A3", 404, "Page not found"},
		{"/gallery/album.php?id=4", 404, "Page not found"},
		{"/gallery/album.php?PHPSESSID=abc&id=3", 200, "Timbuktu, 2016"},
		{"/portal/tenders/open;jsessionid=ABC", 200, "Open calls"},
		{"/en/survey/step-2?visit=anything", 200, "your visit"},
		{"/en/newsletter?sid=0123&utm_source=x", 404, "Page not found"},
		{"/en/minusma-final-report", 503, "Service Unavailable"},
		{"/mandat", 200, `href="/en/mandate-0" class="language-link"`},
	} {
		f := get(t, c, http.MethodGet, siteOrigin+tc.path, ua, "gzip")
		checkFraming(t, tc.path, f, false)
		if f.StatusCode != tc.status || !strings.Contains(string(f.Body), tc.body) {
			t.Errorf("%s: %s, body has %q: %v", tc.path, f.Status, tc.body, strings.Contains(string(f.Body), tc.body))
		}
	}
}

func TestPageFeatures(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	for path, wants := range map[string][]string{
		"/": {`<html lang="fr"`, `hreflang="en" href="https://minusma.unmissions.org/en"`, `href="/actualites"`, `href="/communiques-de-presse"`,
			`href="/documents"`, `href="/node/118263"`, `href="/la-minusma-ferme-son-camp-de-kidal"`, `href="/en"`},
		"/en/documents":                 {`hreflang="fr" href="https://minusma.unmissions.org/documents"`, "res_2690_2023_en.pdf", `href="https://soft404.example.org/en/old-report"`},
		"/documents":                    {`href="/sites/default/files/r%C3%A9solution%202640%20%282022%29.pdf"`},
		"/en/contact":                   {`href="mailto:`, `href="tel:`, `href="javascript:`, `<a href="https://www.un.org/en/xss-test">&lt;script&gt;`},
		"/en/publications":              {`href="https://loop.example.org/a"`, `href="https://slow.example.org/report"`},
		"/en/map-mali":                  {`<base href="https://minusma.unmissions.org/sites/default/files/maps/"`, `src="mali_regions_2023.png"`},
		"/en/united-nations-radio-mali": {`<meta http-equiv="refresh" content="5; url=https://minusma.unmissions.org/en/radio-mikado"`},
		"/en/videos":                    {`<iframe`, `src="https://www.youtube.com/embed/`},
		"/en/cultural-heritage":         {`style="background-image:url(`, "<style", "@import url(", "url(/sites/default/files/heritage/timbuktu_banner.jpg)"},
		"/en/environment":               {` srcset="`, "<picture><source", "480w"},
		"/en/radio-mikado":              {"<video", "<audio", "<source src=", "<track ", `poster="`},
		"/en/military":                  {"<!--[if lt IE 9]> <script src=\"/sites/all/themes/zen/js/html5-respond.js\"></script> <![endif]-->"},
		"/en/manage-subscriptions":      {`href="/user/login"`},
	} {
		body := string(get(t, c, http.MethodGet, siteOrigin+path, ua, "gzip").Body)
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %s", path, w)
			}
		}
	}
}

// The anchor text on /en/contact is a script payload once decoded, and only
// then: the page source carries it escaped.
func TestScriptPayloadAnchor(t *testing.T) {
	r := startReplica(t, Config{})
	body := string(get(t, testClient(t, r), http.MethodGet, siteOrigin+"/en/contact", ua, "gzip").Body)
	m := regexp.MustCompile(`<a href="https://www\.un\.org/en/xss-test">([^<]*)</a>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no anchor to https://www.un.org/en/xss-test on /en/contact")
	}
	if got := html.UnescapeString(m[1]); got != "<script>alert(1)</script>" {
		t.Errorf("anchor text decodes to %q", got)
	}
	if strings.Contains(body, "<script>alert(1)") {
		t.Error("the payload is live markup in the page source")
	}
	if got := r.Manifest().External["https://www.un.org/en/xss-test"]; got != ExternalOK {
		t.Errorf("xss-test link: %q, want %q", got, ExternalOK)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := startReplica(t, Config{}), startReplica(t, Config{})
	ca, cb := testClient(t, a), testClient(t, b)
	m := a.Manifest()
	sample := []string{m.Pages[0], m.Pages[len(m.Pages)/2], m.Requisites[0], m.Requisites[len(m.Requisites)-1], m.PDFs[0]}
	for _, u := range sample {
		fa, fb := get(t, ca, http.MethodGet, u, ua, "gzip"), get(t, cb, http.MethodGet, u, ua, "gzip")
		if !bytes.Equal(fa.Raw, fb.Raw) || fa.Header.Get("Last-Modified") != fb.Header.Get("Last-Modified") {
			t.Errorf("%s differs between two replicas", u)
		}
	}
}
