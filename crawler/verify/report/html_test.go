package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

const testNonce = "TESTNONCE234567ABCDEFGHIJK"

func renderTestHTML(t *testing.T) (string, *html.Node) {
	t.Helper()
	var buf bytes.Buffer
	if err := renderHTML(&buf, fixtureReport(), testNonce); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return buf.String(), doc
}

// walk calls fn for every element below n.
func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func TestHTMLPolicy(t *testing.T) {
	_, doc := renderTestHTML(t)
	wantCSP := "default-src 'none'; img-src data:; style-src 'nonce-" + testNonce + "'; script-src 'nonce-" + testNonce + "'; base-uri 'none'; form-action 'none'"
	var csp string
	var scripts, styles int
	walk(doc, func(n *html.Node) {
		switch n.Data {
		case "meta":
			if v, _ := attr(n, "http-equiv"); v == "Content-Security-Policy" {
				csp, _ = attr(n, "content")
			}
		case "script":
			scripts++
			if typ, _ := attr(n, "type"); typ != "application/json" {
				if nonce, _ := attr(n, "nonce"); nonce != testNonce {
					t.Errorf("executable script without the nonce (%q)", nonce)
				}
			}
		case "style":
			styles++
			if nonce, _ := attr(n, "nonce"); nonce != testNonce {
				t.Errorf("style without the nonce (%q)", nonce)
			}
		}
	})
	if csp != wantCSP {
		t.Errorf("CSP = %q\nwant  %q", csp, wantCSP)
	}
	if scripts != 2 || styles != 1 {
		t.Errorf("%d scripts and %d styles, want the data block, one script and one style", scripts, styles)
	}
}

func TestHTMLNoInjectedMarkup(t *testing.T) {
	raw, doc := renderTestHTML(t)
	walk(doc, func(n *html.Node) {
		if n.Data == "img" || n.Data == "form" || n.Data == "iframe" || n.Data == "b" {
			t.Errorf("page string became a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
				t.Errorf("<%s> has attribute %s=%q", n.Data, a.Key, a.Val)
			}
			if a.Key == "href" || a.Key == "src" {
				checkReference(t, n.Data, a.Val)
			}
		}
	})
	if strings.Contains(raw, "\u2028") || strings.Contains(raw, "\u2029") {
		t.Error("raw U+2028/U+2029 in the HTML")
	}
}

// checkReference allows only links out (never javascript:) and no loads.
func checkReference(t *testing.T, element, ref string) {
	t.Helper()
	switch {
	case element == "link" && ref == "data:,":
	case element == "a" && (strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://")):
	default:
		t.Errorf("<%s> refers to %q", element, ref)
	}
}

func TestHTMLDataBlock(t *testing.T) {
	_, doc := renderTestHTML(t)
	var data htmlData
	walk(doc, func(n *html.Node) {
		if id, _ := attr(n, "id"); id == "data" && n.FirstChild != nil {
			if err := json.Unmarshal([]byte(n.FirstChild.Data), &data); err != nil {
				t.Fatalf("data block is not JSON: %v", err)
			}
		}
	})
	texts, replays := make(map[string]bool), make(map[string]string)
	for _, row := range data.Links {
		for _, p := range row.Placements {
			for _, x := range p.Texts {
				texts[x] = true
			}
		}
		replays[row.URL] = row.Replay
	}
	for _, want := range []string{xssScript, xssAttr, formula, nonASCII} {
		if !texts[want] {
			t.Errorf("data block lost the text %q", want)
		}
	}
	if got := replays["https://example.org/en/gone"]; got != "" {
		t.Errorf("javascript: replay URL kept as %q", got)
	}
	if got := replays["https://example.org/en/about"]; !strings.HasPrefix(got, "replay/index.html#") {
		t.Errorf("relative replay URL dropped: %q", got)
	}
	if len(data.Links) != len(fixtureReport().Links) {
		t.Errorf("data has %d links, want %d", len(data.Links), len(fixtureReport().Links))
	}
}

func TestHTMLStaticText(t *testing.T) {
	raw, _ := renderTestHTML(t)
	for _, want := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;", // feed evidence
		`icy-name: Radio &lt;b&gt;|bold|&lt;/b&gt;`,
		`<span class="badge" data-state="closed">closed</span>`,
		`<g data-class="not-found">`,
	} {
		if !strings.Contains(raw, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(raw, `href="javascript:`) {
		t.Error("a javascript: href")
	}
}

func TestHTMLNonceIsFresh(t *testing.T) {
	var a, b bytes.Buffer
	if err := Write(&a, HTML, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, HTML, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	if a.String() == b.String() {
		t.Error("two reports share a nonce")
	}
}

func TestSafeHref(t *testing.T) {
	tests := []struct {
		in       string
		relative bool
		want     bool
	}{
		{"https://example.org/a", false, true},
		{"HTTP://example.org/a", false, true},
		{"replay/index.html#url=x", true, true},
		{"replay/index.html#url=x", false, false},
		{"./x?u=https://a/", true, true},
		{"/20260509120000/https://example.org/a", true, true},
		{"javascript:alert(1)", true, false},
		{"JavaScript:alert(1)", true, false},
		{" javascript:alert(1)", true, false},
		{"java\tscript:alert(1)", true, false},
		{"data:text/html,x", true, false},
		{"//evil.example/x", true, false},
		{`\\evil.example\x`, true, false},
		{"https:///nohost", false, false},
		{"mailto:a@b", false, false},
		{"", true, false},
	}
	for _, tt := range tests {
		if got := SafeHref(tt.in, tt.relative) != ""; got != tt.want {
			t.Errorf("SafeHref(%q, %v) allowed = %v, want %v", tt.in, tt.relative, got, tt.want)
		}
	}
}

func TestChart(t *testing.T) {
	c := newChart([]classCount{{"ok", 200}, {"not-found", 1}, {"timeout", 50}})
	if len(c.Bars) != 3 || c.Bars[0].Width != chartBarMax || c.Bars[1].Width < 1 {
		t.Errorf("bars = %+v", c.Bars)
	}
	for _, b := range c.Bars {
		if b.Y+chartBarH > c.Height || b.CountX > c.Width {
			t.Errorf("bar %+v outside %dx%d", b, c.Width, c.Height)
		}
	}
}

// TestHTMLTableProblemsFirst: the links table opens on the problem links,
// in a class the link on the most pages first; ok links come last.
func TestHTMLTableProblemsFirst(t *testing.T) {
	r := fixtureReport()
	r.Group()
	rows := htmlTableData(r).Links
	seenOK := false
	for i, row := range rows {
		if !row.Problem {
			seenOK = true
		} else if seenOK {
			t.Errorf("row %d (%s, %s) is a problem after a link that is not", i, row.URL, row.Class)
		}
		if i > 0 && row.Class == rows[i-1].Class && row.Pages > rows[i-1].Pages {
			t.Errorf("row %d (%s) on %d pages after one on %d", i, row.URL, row.Pages, rows[i-1].Pages)
		}
	}
	if !rows[0].Problem || rows[len(rows)-1].Problem {
		t.Errorf("first row %s (%s), last %s (%s)", rows[0].URL, rows[0].Class, rows[len(rows)-1].URL, rows[len(rows)-1].Class)
	}
}
