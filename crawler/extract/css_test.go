package extract

import (
	"strings"
	"testing"
)

func TestCSS(t *testing.T) {
	base := "https://example.org/css/site.css"
	tests := []struct {
		name, css string
		want      []string
	}{
		{"unquoted", `a{background:url(img/a.png)}`, []string{"E css/url https://example.org/css/img/a.png"}},
		{"quoted", `a{background:url( "../b.png" ) ; x:url('c d.png')}`,
			[]string{"E css/url https://example.org/b.png", "E css/url https://example.org/css/c%20d.png"}},
		{"case and escapes in name", `a{b:URL(up.png);c:u\72l(esc.png);d:\75rl("q.png")}`,
			[]string{"E css/url https://example.org/css/up.png", "E css/url https://example.org/css/esc.png",
				"E css/url https://example.org/css/q.png"}},
		{"escapes in url", `a{b:url(a\(1\).png);c:url("q\"uote.png");d:url(\68 ex.png);e:url("sp\61 ce.png")}`,
			[]string{"E css/url https://example.org/css/a(1).png", "E css/url https://example.org/css/q%22uote.png",
				"E css/url https://example.org/css/hex.png", "E css/url https://example.org/css/space.png"}},
		{"line continuation in string", "a{b:url(\"long\\\nname.png\")}", []string{"E css/url https://example.org/css/longname.png"}},
		{"bad string", "a{b:\"broken\n} c{d:url(ok.png)}", []string{"E css/url https://example.org/css/ok.png"}},
		// A bad string spoils its url(): the quote that follows opens a string to the end, which is no URL.
		{"bad string in url", "a{b:url(\"broken\nnext.png\")} c{d:url(ok.png)}", nil},
		{"bad url", `a{b:url(no"quote.png) ; c:url(no(paren.png)} d{e:url(ok.png)}`,
			[]string{"E css/url https://example.org/css/ok.png"}},
		{"bad url: space inside", `a{b:url(a b.png)} c{d:url(ok.png)}`, []string{"E css/url https://example.org/css/ok.png"}},
		{"imports", `@import "a.css"; @import url(b.css) screen; @IMPORT url("c.css") print; @import 'd.css' layer(x);`,
			[]string{"E css/import https://example.org/css/a.css", "E css/import https://example.org/css/b.css",
				"E css/import https://example.org/css/c.css", "E css/import https://example.org/css/d.css"}},
		{"comments", `/* url(no.png) @import "no.css"; */ a{b:/**/url(yes.png)/* url(no2.png)`,
			[]string{"E css/url https://example.org/css/yes.png"}},
		{"font-face", `@font-face{font-family:"F";src:url(f.eot);src:url(f.eot?#iefix) format("embedded-opentype"),url(a.woff2) format("woff2"), url('a.woff') format('woff')}`,
			[]string{"E css/url https://example.org/css/f.eot", "E css/url https://example.org/css/f.eot?#iefix",
				"E css/url https://example.org/css/a.woff2", "E css/url https://example.org/css/a.woff"}},
		{"image-set", `a{b:image-set("x1.png" 1x, url(x2.png) 2x, "x.avif" type("image/avif"));c:-webkit-image-set('w.png' 1x)}`,
			[]string{"E css/url https://example.org/css/x1.png", "E css/url https://example.org/css/x2.png",
				"E css/url https://example.org/css/x.avif", "E css/url https://example.org/css/w.png"}},
		{"skipped", `a{b:url(data:image/png;base64,iVBOR==);c:url();d:url("");e:url(#clip);f:url(  )}`, nil},
		{"strings are not urls", `a{content:"url(no.png)";font-family:"x.woff"} b{c:attr(x url)}`, nil},
		{"not url functions", `a{b:myurl(no.png);c:#url(no2.png);d:1url(no3.png)}`, nil},
		{"absolute and protocol-relative", `a{b:url(//cdn.example/x.png);c:url(http://h.example/y.png)}`,
			[]string{"E css/url https://cdn.example/x.png", "E css/url http://h.example/y.png"}},
		{"duplicates", `a{b:url(x.png)} c{d:url("x.png")}`, []string{"E css/url https://example.org/css/x.png"}},
		{"unterminated", `a{b:url(end.png`, []string{"E css/url https://example.org/css/end.png"}},
		{"unterminated string", `@import "end.css`, []string{"E css/import https://example.org/css/end.css"}},
		{"custom property", `:root{--bg:url(var.png)}`, []string{"E css/url https://example.org/css/var.png"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			equalLines(t, briefs(CSS([]byte(tt.css), mustURL(t, base))), tt.want)
		})
	}
}

func TestCSSNilBase(t *testing.T) {
	got := briefs(CSS([]byte(`a{b:url(rel.png);c:url(https://x.example/abs.png)}`), nil))
	equalLines(t, got, []string{"E css/url rel.png", "E css/url https://x.example/abs.png"})
}

func TestCSSEscapeEdgeCases(t *testing.T) {
	tests := []struct{ css, want string }{
		{`a{b:url("\0 x.png")}`, "\uFFFDx.png"},
		{`a{b:url("\110000 .png")}`, "\uFFFD.png"},
		{`a{b:url("\D800 .png")}`, "\uFFFD.png"},
		{`a{b:url("\é.png")}`, "é.png"},
		{"a{b:url(\"x\\\r\ny.png\")}", "xy.png"},
		{`a{b:url("x\`, "x"},
	}
	for _, tt := range tests {
		links := CSS([]byte(tt.css), nil)
		if len(links) != 1 || links[0].URL != tt.want {
			t.Errorf("CSS(%q) = %v, want %q", tt.css, links, tt.want)
		}
	}
}

func TestCSSLargeInputLinear(t *testing.T) {
	css := strings.Repeat("a{background:url(x.png)} /* c */ ", 20000) + strings.Repeat("(", 50000)
	if n := len(CSS([]byte(css), nil)); n != 1 {
		t.Errorf("%d links", n)
	}
}
