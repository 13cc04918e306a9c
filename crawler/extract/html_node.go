package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// documentBase returns the base URL of the document rooted at root: the first
// <base href> resolved against page, if that gives an absolute URL with a
// host, else page.
func documentBase(root *html.Node, page *url.URL) *url.URL {
	for n := root; n != nil; n = nextNode(root, n) {
		if n.Type != html.ElementNode || n.Data != "base" || n.Namespace != "" {
			continue
		}
		if href, ok := attr(n, "href"); ok {
			return baseFrom(href, page)
		}
	}
	return page
}

func baseFrom(href string, page *url.URL) *url.URL {
	u, err := parseLenient(cleanRef(href))
	if err != nil {
		return page
	}
	if page != nil {
		u = page.ResolveReference(u)
	}
	if !u.IsAbs() || u.Host == "" {
		return page
	}
	return u
}

// attr returns the value of n's attribute key (no namespace).
func attr(n *html.Node, key string) (string, bool) {
	return nsAttr(n, "", key)
}

func nsAttr(n *html.Node, ns, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == ns {
			return a.Val, true
		}
	}
	return "", false
}

// maxTextNodes bounds the nodes visited for one anchor's text: anchors can
// nest (in SVG), and each must not cost a walk of the whole document.
const maxTextNodes = 256

// anchorText is the collapsed text of an anchor, else its title, else the
// alt text of the first image inside it.
func anchorText(n *html.Node) string {
	var t textBuilder
	budget := maxTextNodes
	for c := n; c != nil && budget > 0; c, budget = nextNode(n, c), budget-1 {
		if c.Type == html.TextNode && !t.add(c.Data) {
			break
		}
	}
	if s := t.String(); s != "" {
		return s
	}
	if s := altOrTitle(n); s != "" {
		return s
	}
	if img := firstElement(n, "img"); img != nil {
		return altOrTitle(img)
	}
	return ""
}

// altOrTitle returns n's collapsed alt attribute, else its title.
func altOrTitle(n *html.Node) string {
	if v, ok := attr(n, "alt"); ok && strings.TrimSpace(v) != "" {
		return collapse(v)
	}
	v, _ := attr(n, "title")
	return collapse(v)
}

func firstElement(root *html.Node, name string) *html.Node {
	budget := maxTextNodes
	for c := root.FirstChild; c != nil && budget > 0; c, budget = nextNode(root, c), budget-1 {
		if c.Type == html.ElementNode && c.Data == name {
			return c
		}
	}
	return nil
}

// childText concatenates n's text children (the content of <style>).
func childText(n *html.Node) string {
	if c := n.FirstChild; c != nil && c.NextSibling == nil && c.Type == html.TextNode {
		return c.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}
