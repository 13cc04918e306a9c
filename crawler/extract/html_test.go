package extract

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"github.com/salvage-archive/salvage/policy"
)

func TestHTMLMinusma(t *testing.T) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(readMinusma(t)))
	if err != nil {
		t.Fatal(err)
	}
	links := HTML(doc, mustURL(t, minusmaPage))
	got := map[string]Link{}
	for _, l := range links {
		got[brief(l)] = l
	}
	for _, want := range []struct{ line, text string }{
		{"E link/stylesheet https://minusma.unmissions.org/sites/default/files/advagg_css/css__OQBzM1iW4l73yqKcK83udHuyYK5hrkExm5NMZB8WCKM__UINIjViqWcngMcYWpqczqVisYncbbQKLsNgHuTJsvcA__Pl5-53B02TMXSpn1nmjINvV9dvNN6t04LNSTeYP2908.css", ""},
		{"E link/icon https://minusma.unmissions.org/sites/all/themes/unmpk/favicon.ico", ""},
		{"L link/canonical https://minusma.unmissions.org/en", ""},
		{"L link/shortlink https://minusma.unmissions.org/en", ""},
		{"E script/src https://minusma.unmissions.org/sites/all/themes/zen/js/html5-respond.js", ""}, // IE conditional comment
		{"E script/src https://platform.twitter.com/widgets.js", ""},
		{"E script/src https://minusma.unmissions.org/sites/all/libraries/mediaelement/build/mediaelement-and-player.min.js?v=4", ""},
		{"E img/src https://minusma.unmissions.org/sites/all/modules/custom/ds_ytchannel/images/loader.gif", ""},
		{"E img/src https://minusma.unmissions.org/sites/all/themes/unmpk/images/un-logo.png", "UN"},
		{"E iframe/src https://www.youtube.com/embed/Lg0TXuQF_8s?wmode=opaque&controls=", "La police des Nations Unies sécurise le marché de Ménaka"},
		{"L a/href https://mikadofm.minusma.unmissions.org:8001/feed1", "MINUSMA RSS feed"},
		{"L a/href https://www.un.org/en/sections/about-website/z-site-index/", "A to Z Site Index"},
		{"L a/href https://minusma.unmissions.org/en/minusma-hands-over%C2%A0two%C2%A0annexes%C2%A0ahead%C2%A0-final%C2%A0closure%C2%A0-mopti-camp", "MINUSMA hands over two annexes ahead of final closure of Mopti camp"},
		{"L a/href https://minusma.unmissions.org/sites/default/files/res_2690_2023_en.pdf", "Resolution 2690 (2023)"},
		{"L a/href https://minusma.unmissions.org/", "Fr"},
		{"L a/href #main-menu", "Jump to navigation"}, // fragment-only: kept as written
	} {
		l, ok := got[want.line]
		if !ok {
			t.Errorf("missing %s", want.line)
			continue
		}
		if l.Text != want.text {
			t.Errorf("%s: text %q, want %q", want.line, l.Text, want.text)
		}
	}
	if first, last := brief(links[0]), brief(links[len(links)-1]); !strings.HasSuffix(first, "favicon.ico") ||
		!strings.HasSuffix(last, "widgets.js") {
		t.Errorf("order: first %s, last %s", first, last)
	}
	assertMinusmaCounts(t, links)
}

// assertMinusmaCounts pins the shape of the seed page's extraction, so that a
// change in any rule shows up as a count.
func assertMinusmaCounts(t *testing.T, links []Link) {
	t.Helper()
	count := map[string]int{}
	seen := map[linkKey]bool{}
	for _, l := range links {
		count[string(rune(l.Hop))]++
		count[l.Element+"/"+l.Attr]++
		k := linkKey{l.URL, l.Hop, l.Element, l.Attr, l.Place}
		if seen[k] {
			t.Errorf("duplicate %s", brief(l))
		}
		seen[k] = true
		if !strings.HasPrefix(l.URL, "https://") && !strings.HasPrefix(l.URL, "http://") && !strings.HasPrefix(l.URL, "#") {
			t.Errorf("unexpected URL form %s", brief(l))
		}
	}
	want := map[string]int{
		"L": 135, "E": 35, "a/href": 133, "link/stylesheet": 2, "link/icon": 1, "link/canonical": 1,
		"link/shortlink": 1, "script/src": 13, "img/src": 18, "iframe/src": 1,
	}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("count[%s] = %d, want %d", k, count[k], n)
		}
	}
	// Cross-checked with Python's html.parser and urljoin over the same rules.
	if len(links) != 170 {
		t.Errorf("%d links, want 170 (a target linked from two places counts twice)", len(links))
	}
}

func TestHTMLRules(t *testing.T) {
	const page = "https://example.org/dir/page.html"
	tests := []struct {
		name, markup string
		want         []string
	}{
		{"anchors", `<a href="a.html">x</a><map><area href="/b" alt="b"></map><a>no href</a>`,
			[]string{"L a/href https://example.org/dir/a.html", "L area/href https://example.org/b"}},
		{"fragment kept, protocol-relative", `<a href="/p#frag">p</a><a href="//cdn.example.net/x.js">x</a>`,
			[]string{"L a/href https://example.org/p#frag", "L a/href https://cdn.example.net/x.js"}},
		{"base", `<head><base href="/other/"></head><a href="a">a</a>`,
			[]string{"L a/href https://example.org/other/a"}},
		{"first base with href wins", `<base target="_top"><base href="http://b.example/x/"><base href="http://c.example/"><a href="a">`,
			[]string{"L a/href http://b.example/x/a"}},
		{"invalid base ignored", `<base href="http://[::1"><a href="a">a</a>`,
			[]string{"L a/href https://example.org/dir/a"}},
		{"javascript base ignored", `<base href="javascript:void(0)"><a href="a">a</a>`,
			[]string{"L a/href https://example.org/dir/a"}},
		{"link rels", `<link rel="stylesheet" href="s.css"><link rel="shortcut icon" href="/f.ico">
			<link rel=apple-touch-icon href=t.png><link rel=preload as=font href=f.woff2><link rel=prefetch href=n.html>
			<link rel=modulepreload href=m.js><link rel=manifest href=app.webmanifest>
			<link rel=alternate hreflang=fr href=/fr><link rel=alternate type=application/rss+xml href=/rss.xml>
			<link rel=canonical href=/c><link rel=next href=p2><link rel=prev href=p0><link rel=shortlink href=/s>
			<link rel="alternate stylesheet" href=alt.css><link rel=preconnect href=https://fonts.example>
			<link rel=dns-prefetch href=//dns.example><link rel=author href=humans.txt><link href=norel.css>`,
			[]string{
				"E link/stylesheet https://example.org/dir/s.css", "E link/icon https://example.org/f.ico",
				"E link/apple-touch-icon https://example.org/dir/t.png", "E link/preload https://example.org/dir/f.woff2",
				"E link/prefetch https://example.org/dir/n.html", "E link/modulepreload https://example.org/dir/m.js",
				"E link/manifest https://example.org/dir/app.webmanifest", "L link/alternate https://example.org/fr",
				"L link/alternate https://example.org/rss.xml", "L link/canonical https://example.org/c",
				"L link/next https://example.org/dir/p2", "L link/prev https://example.org/dir/p0",
				"L link/shortlink https://example.org/s", "E link/stylesheet https://example.org/dir/alt.css",
			}},
		{"scripts", `<script src="app.js"></script><script>var u = "/not-a-link.js";</script>`,
			[]string{"E script/src https://example.org/dir/app.js"}},
		{"images", `<img src=a.png srcset="b.png 2x, c.png 3x" data-src=d.png data-srcset="e.png 100w,f.png 200w">`,
			[]string{"E img/src https://example.org/dir/a.png", "E img/data-src https://example.org/dir/d.png",
				"E img/srcset https://example.org/dir/b.png", "E img/srcset https://example.org/dir/c.png",
				"E img/data-srcset https://example.org/dir/e.png", "E img/data-srcset https://example.org/dir/f.png"}},
		{"picture", `<picture><source srcset="w.webp 1x, w2.webp 2x" type=image/webp><img src=fallback.jpg></picture>`,
			[]string{"E source/srcset https://example.org/dir/w.webp", "E source/srcset https://example.org/dir/w2.webp",
				"E img/src https://example.org/dir/fallback.jpg"}},
		{"media", `<video src=v.mp4 poster=p.jpg><source src=v.webm><track src=sub.vtt></video><audio src=a.mp3></audio>`,
			[]string{"E video/src https://example.org/dir/v.mp4", "E video/poster https://example.org/dir/p.jpg",
				"E source/src https://example.org/dir/v.webm", "E track/src https://example.org/dir/sub.vtt",
				"E audio/src https://example.org/dir/a.mp3"}},
		{"frames and plugins", `<iframe src=f.html></iframe><embed src=e.swf><object data=o.svg></object>`,
			[]string{"E iframe/src https://example.org/dir/f.html", "E embed/src https://example.org/dir/e.swf",
				"E object/data https://example.org/dir/o.svg"}},
		{"frameset", `<frameset><frame src=left.html><frame src=right.html></frameset>`,
			[]string{"E frame/src https://example.org/dir/left.html", "E frame/src https://example.org/dir/right.html"}},
		{"forms", `<form action=/submit><input type=IMAGE src=go.gif><input type=text src=no.gif></form>`,
			[]string{"E input/src https://example.org/dir/go.gif"}},
		{"meta refresh", `<meta http-equiv="Refresh" content="5; URL='/next'"><meta http-equiv=refresh content=10>`,
			[]string{"L meta/refresh https://example.org/next"}},
		{"backgrounds", `<body background=bg.gif><table background=t.gif><tr><td background=c.gif><th background=h.gif>`,
			[]string{"E body/background https://example.org/dir/bg.gif", "E table/background https://example.org/dir/t.gif",
				"E td/background https://example.org/dir/c.gif", "E th/background https://example.org/dir/h.gif"}},
		{"styles", `<style>@import "i.css"; body { background: url(/b.png) }</style><div style="background-image:url('d.png')">`,
			[]string{"E style/import https://example.org/dir/i.css", "E style/url https://example.org/b.png",
				"E style/url https://example.org/dir/d.png"}},
		{"svg", `<svg><image href="h.png"/><image xlink:href="x.png"/><a xlink:href="/svg-link"><text>t</text></a><style>rect{fill:url(p.svg#g)}</style></svg>`,
			[]string{"E image/href https://example.org/dir/h.png", "E image/xlink:href https://example.org/dir/x.png",
				"L a/xlink:href https://example.org/svg-link", "E style/url https://example.org/dir/p.svg#g"}},
		{"conditional comments", `<head><!--[if lt IE 9]><script src="/html5.js"></script><link rel=stylesheet href=ie.css><![endif]--><!-- plain <a href=no> --></head>
			<body><!--[if IE]><a href="/ie-only">ie</a><![endif]--><!--[if !IE]><!--><a href=/modern>m</a><!--<![endif]-->`,
			[]string{"E script/src https://example.org/html5.js", "E link/stylesheet https://example.org/dir/ie.css",
				"L a/href https://example.org/ie-only", "L a/href https://example.org/modern"}},
		{"noscript", `<noscript><img src="/pixel.gif?id=1"></noscript><p><noscript><a href=/nojs>x</a></noscript>`,
			[]string{"E img/src https://example.org/pixel.gif?id=1", "L a/href https://example.org/nojs"}},
		{"not fetchable, kept as written", `<a href="mailto:info@example.org">m</a><a href=" javascript:void(0) ">j</a>
			<a href="tel:+22320">t</a><img src="data:image/gif;base64,R0lGOD"><a href="">e</a><a href="#">h</a>
			<a href="http://[::1">bad</a>`,
			[]string{"L a/href mailto:info@example.org", "L a/href javascript:void(0)", "L a/href tel:+22320",
				"E img/src data:image/gif;base64,R0lGOD", "L a/href ", "L a/href #", "L a/href http://[::1"}},
		{"whitespace and stray percent", "<a href=\"\n /a b\tc.html \">x</a><a href=\"/100%.html\">p</a>",
			[]string{"L a/href https://example.org/a%20bc.html", "L a/href https://example.org/100%25.html"}},
		{"duplicates dropped, same URL other attr kept", `<a href=x>1</a><a href=x>2</a><img src=x><img src=x>`,
			[]string{"L a/href https://example.org/dir/x", "E img/src https://example.org/dir/x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			equalLines(t, briefs(HTML(parseDoc(t, tt.markup), mustURL(t, page))), tt.want)
		})
	}
}

func TestHTMLText(t *testing.T) {
	long := strings.Repeat("é", 300)
	tests := []struct{ markup, want string }{
		{"<a href=x>\n  Hello \t <b>big</b>\n world </a>", "Hello big world"},
		{`<a href=x title="The title"></a>`, "The title"},
		{`<a href=x><img src=y alt=" Logo  text "></a>`, "Logo text"},
		{`<a href=x>` + long + `</a>`, strings.Repeat("é", 200)},
		{`<img src=x title="only title">`, "only title"},
		{`<link rel=alternate href=x title="  RSS  feed ">`, "RSS feed"},
	}
	for _, tt := range tests {
		links := HTML(parseDoc(t, tt.markup), mustURL(t, "https://example.org/"))
		if len(links) == 0 || links[0].Text != tt.want {
			t.Errorf("%.40q: got %+v, want text %q", tt.markup, links, tt.want)
		}
		if n := utf8.RuneCountInString(links[0].Text); n > maxTextRunes {
			t.Errorf("text has %d runes", n)
		}
	}
}

func TestHTMLHopsAreLinkOrEmbed(t *testing.T) {
	doc := parseDoc(t, string(readMinusma(t)))
	for _, l := range HTML(doc, mustURL(t, minusmaPage)) {
		if l.Hop != policy.HopLink && l.Hop != policy.HopEmbed {
			t.Errorf("hop %v in %s", l.Hop, brief(l))
		}
	}
}

func TestHTMLEdgeCases(t *testing.T) {
	if got := HTML(nil, nil); got != nil {
		t.Errorf("nil doc: %v", got)
	}
	if got := HTML(&goquery.Document{}, nil); got != nil {
		t.Errorf("zero doc: %v", got)
	}
	// No page URL: absolute links resolve, relative ones stay as written.
	got := briefs(HTML(parseDoc(t, `<a href="http://a.example/x/../y">a</a><a href="rel">r</a>`), nil))
	equalLines(t, got, []string{"L a/href http://a.example/y", "L a/href rel"})
	// Nested SVG anchors do not each walk the whole document for their text.
	var svg strings.Builder
	svg.WriteString("<svg>")
	for i := range 500 { // the parser allows 512 open elements
		fmt.Fprintf(&svg, "<a href='/%d'>", i)
	}
	svg.WriteString(strings.Repeat("<g/>", 50000))
	start := time.Now()
	if n := len(HTML(parseDoc(t, svg.String()), nil)); n != 500 {
		t.Errorf("nested svg anchors: %d links", n)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("nested svg anchors took %v", d)
	}
	// Deeply nested conditional comments do not recurse without bound.
	nested := strings.Repeat("<!--[if IE]>", 1000) + "<img src=deep.png>" + "<![endif]-->"
	if n := len(HTML(parseDoc(t, nested), nil)); n != 0 {
		t.Errorf("nested comments: %d links", n)
	}
}
