package extract

import (
	"net/url"
	"strings"

	"github.com/salvage-archive/salvage/policy"
)

// CSS returns the URLs referenced by a style sheet: url(...) values (quoted
// or not, with CSS escapes decoded), strings inside image-set(), and @import
// targets, resolved against base. All are E hops with Element "css" and Attr
// "import" or "url". Empty, fragment-only ("#clip") and data: URLs are
// skipped. Exact duplicates are dropped; order is first seen.
func CSS(css []byte, base *url.URL) []Link {
	return extractCSS(css, base, "css")
}

func extractCSS(src []byte, base *url.URL, element string) []Link {
	e := cssExtractor{base: base, element: element}
	t := cssTokenizer{src: src}
	for tok := t.next(); tok.kind != cssEOF; tok = t.next() {
		e.feed(tok)
	}
	return e.links.links
}

// cssExtractor turns a token stream into links.
type cssExtractor struct {
	base      *url.URL
	element   string
	links     linkSet
	resolved  map[string]string // raw -> resolved URL, "" if skipped
	importing bool              // after @import, until its URL or the end of the rule
	functions []string          // open parentheses, innermost last: function name or ""
}

func (e *cssExtractor) feed(tok cssToken) {
	switch tok.kind {
	case cssURL:
		e.emit(tok.text)
	case cssString:
		if e.stringIsURL() {
			e.emit(tok.text)
		}
	case cssFunction:
		e.functions = append(e.functions, tok.name)
	case cssOpenParen:
		e.functions = append(e.functions, "")
	case cssCloseParen:
		if n := len(e.functions); n > 0 {
			e.functions = e.functions[:n-1]
		}
	case cssAtKeyword:
		e.importing = tok.name == "import"
	case cssBad: // the enclosing function is invalid
		if n := len(e.functions); n > 0 {
			e.functions[n-1] = ""
		}
	case cssBlockEnd:
		e.importing = false
		e.functions = e.functions[:0]
	}
}

// stringIsURL reports whether a string token in the current context is a
// URL: the target of @import, the argument of url()/src(), or an image-set()
// candidate.
func (e *cssExtractor) stringIsURL() bool {
	if len(e.functions) == 0 {
		return e.importing
	}
	switch e.functions[len(e.functions)-1] {
	case "url", "src", "image-set", "-webkit-image-set":
		return true
	}
	return false
}

func (e *cssExtractor) emit(raw []byte) {
	kind := "url"
	if e.importing {
		kind, e.importing = "import", false
	}
	u, ok := e.resolved[string(raw)] // no allocation for the lookup
	if !ok {
		u = resolveCSSURL(string(raw), e.base)
		if e.resolved == nil {
			e.resolved = make(map[string]string)
		}
		e.resolved[string(raw)] = u
	}
	if u != "" {
		e.links.add(Link{URL: u, Hop: policy.HopEmbed, Element: e.element, Attr: kind})
	}
}

// resolveCSSURL resolves a URL from a style sheet, or returns "" for the ones that
// are skipped: empty, fragment-only ("#clip") and data: URLs.
func resolveCSSURL(raw string, base *url.URL) string {
	ref := cleanRef(raw)
	if ref == "" || ref[0] == '#' || strings.EqualFold(scheme(ref), "data") {
		return ""
	}
	return resolve(base, ref)
}
