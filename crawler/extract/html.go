package extract

import (
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/salvage-archive/salvage/policy"
)

// maxFragmentDepth bounds how deeply markup found inside comments and
// <noscript> text is re-parsed, so nested tricks cannot cost quadratic time.
const maxFragmentDepth = 3

// HTML returns the links of doc in document order, resolved against the
// document base (the first <base href>, if it resolves to an absolute URL,
// else page). See the package documentation for which elements yield which
// hops. Exact duplicates (same URL, hop, element and attribute) are dropped.
func HTML(doc *goquery.Document, page *url.URL) []Link {
	if doc == nil || doc.Selection == nil || len(doc.Nodes) == 0 {
		return nil
	}
	x := &htmlExtractor{base: documentBase(doc.Nodes[0], page), links: pooledLinkSet()}
	for _, root := range doc.Nodes {
		x.walk(root)
	}
	return x.links.done()
}

// htmlExtractor carries the state of one HTML extraction.
type htmlExtractor struct {
	base     *url.URL
	links    linkSet
	resolved map[string]string // raw reference -> resolve(base, raw); pages repeat links
	depth    int               // fragment nesting (conditional comments, noscript)
}

// walk visits root and its descendants in document order, without recursion.
func (x *htmlExtractor) walk(root *html.Node) {
	for n := root; n != nil; n = nextNode(root, n) {
		switch n.Type {
		case html.ElementNode:
			x.element(n)
		case html.CommentNode:
			x.comment(n)
		}
	}
}

// nextNode returns the node after n in a pre-order walk of root, or nil.
func nextNode(root, n *html.Node) *html.Node {
	if n.FirstChild != nil {
		return n.FirstChild
	}
	for ; n != root; n = n.Parent {
		if n.NextSibling != nil {
			return n.NextSibling
		}
	}
	return nil
}

func (x *htmlExtractor) element(n *html.Node) {
	switch n.Namespace {
	case "":
		x.htmlElement(n)
	case "svg":
		x.svgElement(n)
	}
	if style, ok := attr(n, "style"); ok {
		x.css(style)
	}
}

// htmlElement dispatches on the element name; each case is one rule of the
// package documentation's table.
func (x *htmlExtractor) htmlElement(n *html.Node) {
	switch n.Data {
	case "a", "area":
		x.anchor(n, "href")
	case "link":
		x.link(n)
	case "script", "iframe", "frame", "embed", "audio", "track":
		x.embed(n, "src")
	case "img":
		x.embed(n, "src", "data-src")
		x.srcset(n, "srcset", "data-srcset")
	case "source":
		x.embed(n, "src")
		x.srcset(n, "srcset")
	case "video":
		x.embed(n, "src", "poster")
	case "object":
		x.embed(n, "data")
	case "input":
		x.imageInput(n)
	case "body", "table", "td", "th":
		x.embed(n, "background")
	case "meta":
		x.refresh(n)
	case "style":
		x.css(childText(n))
	case "noscript":
		x.noscript(n)
	}
}

func (x *htmlExtractor) svgElement(n *html.Node) {
	switch n.Data {
	case "a":
		x.svgHref(n, policy.HopLink)
	case "image":
		x.svgHref(n, policy.HopEmbed)
	case "style":
		x.css(childText(n))
	}
}

// emit adds the link from element n unless it is a duplicate; text(n), if
// text is not nil, gives its Text and is only called for new links.
func (x *htmlExtractor) emit(raw string, hop policy.Hop, attrName string, n *html.Node, text func(*html.Node) string) {
	u, ok := x.resolved[raw]
	if !ok {
		u = resolve(x.base, raw)
		if x.resolved == nil {
			x.resolved = make(map[string]string)
		}
		x.resolved[raw] = u
	}
	k := linkKey{url: u, hop: hop, element: n.Data, attr: attrName, place: placeOf(n)}
	if x.links.has(k) {
		return
	}
	l := Link{URL: u, Hop: hop, Element: n.Data, Attr: attrName, Place: k.place}
	if text != nil {
		l.Text = text(n)
	}
	x.links.insert(k, l)
}

func (x *htmlExtractor) anchor(n *html.Node, key string) {
	if v, ok := attr(n, key); ok {
		x.emit(v, policy.HopLink, key, n, anchorText)
	}
}

// embed emits an E link for each present attribute in keys.
func (x *htmlExtractor) embed(n *html.Node, keys ...string) {
	for _, key := range keys {
		if v, ok := attr(n, key); ok {
			x.emit(v, policy.HopEmbed, key, n, altOrTitle)
		}
	}
}

func (x *htmlExtractor) srcset(n *html.Node, keys ...string) {
	for _, key := range keys {
		v, ok := attr(n, key)
		if !ok {
			continue
		}
		for _, u := range srcsetURLs(v) {
			x.emit(u, policy.HopEmbed, key, n, altOrTitle)
		}
	}
}

func (x *htmlExtractor) imageInput(n *html.Node) {
	if t, _ := attr(n, "type"); strings.EqualFold(strings.TrimSpace(t), "image") {
		x.embed(n, "src")
	}
}

// link handles <link href rel>: Attr is the rel keyword that decided the hop.
func (x *htmlExtractor) link(n *html.Node) {
	href, ok := attr(n, "href")
	if !ok {
		return
	}
	rel, _ := attr(n, "rel")
	if hop, kind := linkRel(rel); kind != "" {
		x.emit(href, hop, kind, n, altOrTitle)
	}
}

// linkRel picks the rel keyword that decides a <link>'s hop; embed keywords
// win ("alternate stylesheet" is a stylesheet). It returns "" for rels that
// name nothing to fetch (preconnect, dns-prefetch, author, ...).
func linkRel(rel string) (policy.Hop, string) {
	var hop policy.Hop
	kind := ""
	for _, tok := range strings.Fields(strings.ToLower(rel)) {
		h := relHop(tok)
		if h != 0 && (kind == "" || h == policy.HopEmbed && hop != policy.HopEmbed) {
			hop, kind = h, tok
		}
	}
	return hop, kind
}

func relHop(tok string) policy.Hop {
	switch tok {
	case "stylesheet", "icon", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon",
		"preload", "prefetch", "modulepreload", "manifest":
		return policy.HopEmbed
	case "alternate", "canonical", "next", "prev", "shortlink":
		return policy.HopLink
	}
	return 0
}

// refresh handles <meta http-equiv=refresh content="0; url=...">. It is a
// client-side redirect, but it is recorded as an L hop (Element "meta", Attr
// "refresh"): R is reserved for HTTP 3xx Location hops, which the recorder
// sees and the extractor does not.
func (x *htmlExtractor) refresh(n *html.Node) {
	if v, _ := attr(n, "http-equiv"); !strings.EqualFold(strings.TrimSpace(v), "refresh") {
		return
	}
	content, _ := attr(n, "content")
	if target, ok := refreshURL(content); ok {
		x.emit(target, policy.HopLink, "refresh", n, nil)
	}
}

// svgHref handles <svg><a> and <svg><image>: href wins over xlink:href.
func (x *htmlExtractor) svgHref(n *html.Node, hop policy.Hop) {
	text := altOrTitle
	if hop == policy.HopLink {
		text = anchorText
	}
	if v, ok := attr(n, "href"); ok {
		x.emit(v, hop, "href", n, text)
	} else if v, ok := nsAttr(n, "xlink", "href"); ok {
		x.emit(v, hop, "xlink:href", n, text)
	}
}

// css extracts the links of a <style> element or style attribute.
func (x *htmlExtractor) css(src string) {
	for _, l := range extractCSS([]byte(src), x.base, "style") {
		x.links.add(l)
	}
}
