package extract

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/salvage-archive/salvage/policy"
)

// Language is what an HTML page says about its language and translations.
type Language struct {
	Lang       string      // <html lang>, as written ("" if none)
	Alternates []Alternate // translations the page names, in document order
	// Fallbacks counts the languages whose switcher link on this inner page
	// goes to a front page (Drupal's and Polylang's fallback when a page has
	// no translation): those links are not alternates.
	Fallbacks int
}

// Alternate is a translation a page names.
type Alternate struct {
	Lang   string          // as written ("fr", "en-GB", "x-default"), else from a class or path ("fr")
	URL    string          // resolved against the document base
	Source AlternateSource // the markup that named it
}

// AlternateSource is the markup that named a translation. Lower values are
// stronger evidence: a reader choosing between two alternates of one
// language keeps the lower.
type AlternateSource uint8

const (
	SourceLinkHreflang   AlternateSource = iota + 1 // <link rel=alternate hreflang href>
	SourceAnchorHreflang                            // <a hreflang> or <area hreflang>, outside a switcher
	SourceSwitcher                                  // <a> in or carrying a language switcher class (switcherClasses)
	SourceAnchorLang                                // <a lang> or <a xml:lang> naming another language than the page's
)

var sourceNames = [...]string{"", "link-hreflang", "a-hreflang", "switcher-class", "a-lang"}

// String is the source's stable name ("link-hreflang", "a-hreflang",
// "switcher-class", "a-lang").
func (s AlternateSource) String() string {
	if int(s) < len(sourceNames) {
		return sourceNames[s]
	}
	return ""
}

// MarshalText writes the source's name in JSON.
func (s AlternateSource) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a source's name; an unknown name is an error.
func (s *AlternateSource) UnmarshalText(b []byte) error {
	for i, n := range sourceNames {
		if n == string(b) {
			*s = AlternateSource(i)
			return nil
		}
	}
	return fmt.Errorf("unknown alternate source %q", b)
}

// PageLanguage reads <html lang> (or xml:lang) and the translations the page
// names: <link rel=alternate hreflang>, and links that carry hreflang, lang or
// xml:lang or sit in a language switcher (see anchorAlternate for the rules).
// page is the page's URL; nil reads only what needs no URL.
func PageLanguage(doc *goquery.Document, page *url.URL) Language {
	var l Language
	if doc == nil || len(doc.Nodes) == 0 {
		return l
	}
	if h := doc.Find("html").First(); h.Length() > 0 {
		l.Lang = strings.TrimSpace(h.AttrOr("lang", h.AttrOr("xml:lang", "")))
	}
	s := newLangScan(documentBase(doc.Nodes[0], page), page, l.Lang)
	for _, root := range doc.Nodes {
		s.walk(root)
	}
	l.Alternates, l.Fallbacks = s.alternates, len(s.fallbacks)
	return l
}

// langScan carries the state of one page's translation scan.
type langScan struct {
	base, page *url.URL
	self       string // the page's canonical URL: a link to it is not a translation
	lang       string // the page's primary language subtag: <html lang>, else its path; "" unknown
	inner      bool   // the page is not a front page
	alternates []Alternate
	seen       map[Alternate]bool
	fallbacks  map[string]bool // languages whose switcher link fell back to a front page
}

func newLangScan(base, page *url.URL, htmlLang string) *langScan {
	s := &langScan{base: base, page: page, lang: PrimarySubtag(htmlLang),
		seen: map[Alternate]bool{}, fallbacks: map[string]bool{}}
	if page != nil {
		s.self = canonical(page)
		s.inner = !frontPage(page)
		if s.lang == "" {
			s.lang = pathLang(page.Path)
		}
	}
	return s
}

// walk visits root and its descendants in document order, without
// recursion, keeping the switcher scope of each node's ancestors.
func (s *langScan) walk(root *html.Node) {
	scopes := []switcherScope{outside.child(root)}
	for n := root; n != nil; {
		s.visit(n, scopes[len(scopes)-1])
		if n.FirstChild != nil {
			n = n.FirstChild
			scopes = append(scopes, scopes[len(scopes)-1].child(n))
			continue
		}
		for n != root && n.NextSibling == nil {
			n, scopes = n.Parent, scopes[:len(scopes)-1]
		}
		if n == root {
			return
		}
		n = n.NextSibling
		scopes[len(scopes)-1] = scopes[len(scopes)-2].child(n)
	}
}

func (s *langScan) visit(n *html.Node, sc switcherScope) {
	if n.Type != html.ElementNode || n.Namespace != "" {
		return
	}
	switch n.Data {
	case "link":
		s.link(n)
	case "a", "area":
		s.anchor(n, sc)
	}
}

// link takes <link rel=alternate hreflang=xx href>, whatever its target.
func (s *langScan) link(n *html.Node) {
	rel, _ := attr(n, "rel")
	href, ok := attr(n, "href")
	lang := trimmedAttr(n, "hreflang")
	if !ok || lang == "" || !hasToken(rel, "alternate") {
		return
	}
	if u := resolve(s.base, href); fetchable(u) {
		s.add(Alternate{Lang: lang, URL: u, Source: SourceLinkHreflang})
	}
}

func (s *langScan) add(a Alternate) {
	if !s.seen[a] {
		s.seen[a] = true
		s.alternates = append(s.alternates, a)
	}
}

// anchor takes an <a> or <area> that anchorAlternate accepts, unless it
// names the page's own language or the page itself, or falls back from an
// inner page to a front page (counted in fallbacks instead).
func (s *langScan) anchor(n *html.Node, sc switcherScope) {
	m := anchorMarks(n, sc)
	href, ok := attr(n, "href")
	if !ok || !m.any() {
		return // most links: no URL to parse
	}
	raw := resolve(s.base, href)
	target, err := url.Parse(raw)
	if err != nil || !fetchable(raw) || target.Host == "" {
		return
	}
	a, ok := s.anchorAlternate(m, target)
	lang := PrimarySubtag(a.Lang)
	switch {
	case !ok, lang == "", lang == s.lang, canonical(target) == s.self:
	case s.inner && frontPage(target):
		s.fallbacks[lang] = true
	default:
		a.URL = raw
		s.add(a)
	}
}

// marks are what a link says about its target's language.
type marks struct {
	hreflang, lang string // hreflang; lang, else xml:lang
	switcher       bool   // the link is in or carries a switcher class
	classLang      string // the nearest switcher class suffix's language
}

func anchorMarks(n *html.Node, sc switcherScope) marks {
	m := marks{hreflang: trimmedAttr(n, "hreflang"), lang: trimmedAttr(n, "lang")}
	if m.lang == "" {
		m.lang = trimmedAttr(n, "xml:lang")
	}
	m.switcher, m.classLang = sc.in()
	return m
}

func (m marks) any() bool { return m.switcher || m.hreflang != "" || m.lang != "" }

// anchorAlternate decides whether a link with marks m to target names a
// translation, and in which language. In a switcher, the language comes from
// hreflang, lang or xml:lang, else a class suffix (lang-item-fr), else the
// target's path prefix (/fr/). Outside one, hreflang names the target's
// language; lang or xml:lang (the link text's language) counts only for a
// target on the page's site whose path prefix, if any, agrees.
func (s *langScan) anchorAlternate(m marks, target *url.URL) (Alternate, bool) {
	switch {
	case m.switcher:
		l := firstNonEmpty(m.hreflang, m.lang, m.classLang, pathLang(target.Path))
		return Alternate{Lang: l, Source: SourceSwitcher}, l != ""
	case m.hreflang != "":
		return Alternate{Lang: m.hreflang, Source: SourceAnchorHreflang}, true
	case m.lang != "" && s.sameSite(target) && agrees(pathLang(target.Path), m.lang):
		return Alternate{Lang: m.lang, Source: SourceAnchorLang}, true
	}
	return Alternate{}, false
}

// sameSite reports whether target is on the page's host, its parent domain,
// a subdomain of it or a sibling subdomain (fr.example.org, example.org).
func (s *langScan) sameSite(target *url.URL) bool {
	if s.page == nil {
		return false
	}
	a, b := strings.ToLower(s.page.Hostname()), strings.ToLower(target.Hostname())
	pa, pb := parentDomain(a), parentDomain(b)
	return a == b || a == pb || pa == b || pa != "" && pa == pb
}

// parentDomain drops the first label of host; "" when what is left has no dot
// (a public suffix such as "org" is no one's site).
func parentDomain(host string) string {
	_, rest, ok := strings.Cut(host, ".")
	if !ok || !strings.Contains(rest, ".") {
		return ""
	}
	return rest
}

func agrees(pathLang, lang string) bool {
	return pathLang == "" || pathLang == PrimarySubtag(lang)
}

func canonical(u *url.URL) string {
	c, err := policy.Canonicalize(u.String(), nil)
	if err != nil {
		return u.String()
	}
	return policy.CanonicalString(c)
}

func trimmedAttr(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return strings.TrimSpace(v)
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}
