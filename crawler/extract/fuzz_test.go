package extract

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
)

func FuzzHTML(f *testing.F) {
	f.Add(readMinusma(f))
	for _, s := range []string{
		`<base href="/b/"><a href="x">t</a><img srcset="a.png 1x, b,c.png 2x" src=y>`,
		`<!--[if lt IE 9]><script src="/r.js"></script><![endif]--><noscript><img src=p.gif></noscript>`,
		`<svg><image xlink:href="i.png"/><a href="/s"><style>a{b:url(x)}</style></a></svg>`,
		`<meta http-equiv=refresh content="0;url='/n'"><table background=t.gif><td style="background:url(c.gif)">`,
		`<a href="javascript:x()">j</a><a href="http://[::1">b</a><a href=" #f ">f</a>`,
		`<frameset><frame src=f.html></frameset>`,
		`<!--[if IE]><!--[if IE]><td background=x><![endif]-->`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		checkLinks(t, HTML(doc, mustURL(t, "https://example.org/dir/page")))
	})
}

func FuzzCSS(f *testing.F) {
	for _, s := range []string{
		`@import "a.css"; @import url(b.css) screen;`,
		`a{background:url( "x\"y.png" )} b{c:url(d\29 e.png)} /* url(no) */`,
		`@font-face{src:url(a.woff2) format("woff2"),url(a.woff)}`,
		`a{b:image-set("a.png" 1x, url(b.png) 2x)} c{d:u\72l(e.png)}`,
		"a{b:url(\"x\\\ny\")} c{d:\"bad\n} e{f:url(g h)}",
		`a{b:url(data:image/png;base64,AAAA);c:url(#f)}`,
		`@\69mport 'esc.css'`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		links := CSS(data, mustURL(t, "https://example.org/s.css"))
		checkLinks(t, links)
		for _, l := range links {
			if l.URL == "" || strings.HasPrefix(l.URL, "data:") {
				t.Errorf("skippable URL returned: %q", l.URL)
			}
		}
	})
}

func FuzzPDFScanner(f *testing.F) {
	f.Add(pdfFile(annot("(http://example.org/a\\(b\\))"), annot("<687474703a2f2f782f>")), uint8(1))
	f.Add(pdfFile(pdfStream("/Type /ObjStm /Filter /FlateDecode", zlibBytes(f, annot("(http://example.org/z)")))), uint8(3))
	f.Add(pdfFile(pdfStream("/Filter /DCTDecode", []byte("((endstrea")), pdfStream("", []byte("/URI (u)"))), uint8(5))
	f.Add([]byte("<< /URI (\\101\\\r\n\\0x) /U#52I <6 8> >> stream\rendstream"), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		whole := NewPDFScanner(mustURL(t, pdfBase))
		whole.Write(data)
		parts := NewPDFScanner(mustURL(t, pdfBase))
		step := int(chunk%16) + 1
		for i := 0; i < len(data); i += step {
			parts.Write(data[i:min(i+step, len(data))])
		}
		a, b := whole.Links(), parts.Links()
		checkLinks(t, a)
		if !slices.Equal(a, b) {
			t.Errorf("chunked by %d: %v, whole: %v", step, b, a)
		}
	})
}

// checkLinks asserts the invariants every extractor keeps.
func checkLinks(t *testing.T, links []Link) {
	t.Helper()
	seen := map[linkKey]bool{}
	for _, l := range links {
		k := linkKey{l.URL, l.Hop, l.Element, l.Attr, l.Place}
		if seen[k] {
			t.Errorf("duplicate %s", brief(l))
		}
		seen[k] = true
		if l.Hop != 'L' && l.Hop != 'E' {
			t.Errorf("hop %q", l.Hop)
		}
		if n := utf8.RuneCountInString(l.Text); n > maxTextRunes {
			t.Errorf("text of %d runes", n)
		}
	}
}

// FuzzPageLanguage: every alternate names a language, a known source and a
// fetchable URL, once; an inner page's front-page fallbacks are never alternates.
func FuzzPageLanguage(f *testing.F) {
	f.Add(readMinusma(f))
	for _, s := range []string{
		`<html lang=en><ul class="language-switcher-locale-url"><li><a href="/" class="language-link" xml:lang="fr">Fr</a></li></ul>`,
		`<li class="lang-item lang-item-fr"><a lang="fr-FR" hreflang="fr-FR" href="/fr/x">Fr</a></li><link rel=alternate hreflang=de href=/de/y>`,
		`<li class="wpml-ls-item wpml-ls-item-pt-br"><a class="wpml-ls-link" href="/?lang=pt-br">Pt</a></li><a lang=es href="/es/a">es</a>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		seen := map[Alternate]bool{}
		for _, a := range PageLanguage(doc, mustURL(t, "https://example.org/en/page")).Alternates {
			if a.Lang == "" || a.Source.String() == "" || !fetchable(a.URL) || seen[a] {
				t.Errorf("bad or repeated alternate %+v", a)
			}
			if u, err := parseLenient(a.URL); a.Source != SourceLinkHreflang && (err != nil || frontPage(u)) {
				t.Errorf("inner page's alternate %+v is a front page", a)
			}
			seen[a] = true
		}
	})
}
