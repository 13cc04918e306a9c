package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// maxPlaceDepth bounds the ancestors visited to name a link's place.
const maxPlaceDepth = 64

// landmarkRoles maps an ARIA landmark role to the element that has it
// implicitly, so that <div role="contentinfo"> and <footer> read alike.
var landmarkRoles = map[string]string{
	"banner": "header", "navigation": "nav", "contentinfo": "footer",
	"complementary": "aside", "main": "main", "search": "search",
}

// containers are the elements whose id names a part of a page's template;
// the id of a list item, a paragraph or a span names one entry in it
// (Drupal's menu items are "menu-11725-1").
var containers = map[string]bool{
	"div": true, "section": true, "nav": true, "header": true, "footer": true, "aside": true, "main": true,
	"article": true, "ul": true, "ol": true, "dl": true, "table": true, "form": true, "figure": true, "search": true,
}

// landmark returns the landmark n is ("footer", "nav", ...), or "".
func landmark(n *html.Node) string {
	switch n.Data {
	case "header", "nav", "footer", "aside", "main", "search":
		return n.Data
	}
	if role, ok := attr(n, "role"); ok {
		return landmarkRoles[strings.ToLower(strings.TrimSpace(role))]
	}
	return ""
}

// placeOf names where in its page element n sits, for a webmaster to find
// the template to fix: the nearest ancestor with an id and the nearest
// landmark (header, nav, footer, aside, main, or the same by ARIA role),
// outer first, as a CSS-like selector ("footer #block-on-the-web-0",
// "#sidebar nav", "footer#colophon"); without either, the class of the
// nearest block (a CMS's block, region or widget: "div.block-views"),
// else the nearest ancestor's first class; else "head" or "body".
// The element itself does not count: its own id would name no template;
// nor does the id of an element that is not a container (see containers).
// It allocates only the string it returns (every link has a place).
func placeOf(n *html.Node) string {
	var f placeFinder
	depth := 0
	for p := n.Parent; p != nil && depth < maxPlaceDepth; p, depth = p.Parent, depth+1 {
		if p.Type != html.ElementNode || p.Namespace != "" {
			continue
		}
		switch p.Data {
		case "body", "head":
			return f.place(p.Data)
		}
		if f.visit(p) {
			break
		}
	}
	return f.place("body")
}

// placeFinder holds what placeOf found so far, inner ancestors first.
type placeFinder struct {
	id, mark         string
	idNode, markNode *html.Node
	classTag, class  string // the chosen class selector's element and class
	classIsBlock     bool
}

// visit takes what ancestor p offers and reports whether the search is over.
func (f *placeFinder) visit(p *html.Node) bool {
	if f.id == "" && containers[p.Data] {
		if v, ok := attr(p, "id"); ok {
			if v = strings.TrimSpace(v); v != "" {
				f.id, f.idNode = v, p
			}
		}
	}
	if f.mark == "" {
		if m := landmark(p); m != "" {
			f.mark, f.markNode = m, p
		}
	}
	if f.class == "" || !f.classIsBlock {
		if c := firstClass(p); c != "" && (f.class == "" || isBlockClass(c)) {
			f.classTag, f.class, f.classIsBlock = p.Data, c, isBlockClass(c)
		}
	}
	return f.id != "" && f.mark != ""
}

// place writes the place from what was found; root names the place of a
// link with none ("body" or "head").
func (f *placeFinder) place(root string) string {
	switch {
	case f.id != "" && f.mark != "" && f.idNode == f.markNode:
		return f.mark + "#" + f.id
	case f.id != "" && f.mark != "" && isAncestor(f.idNode, f.markNode):
		return "#" + f.id + " " + f.mark
	case f.id != "" && f.mark != "":
		return f.mark + " #" + f.id
	case f.id != "":
		return "#" + f.id
	case f.mark != "":
		return f.mark
	case f.class != "":
		return f.classTag + "." + f.class
	}
	return root
}

// isAncestor reports whether a is an ancestor of n.
func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

// blockClassWords are the class-name parts by which CMS themes mark a
// template's blocks: Drupal's block and region, WordPress's widget.
var blockClassWords = []string{"block", "region", "widget"}

// isBlockClass reports whether a class name marks a template block.
func isBlockClass(class string) bool {
	for _, w := range blockClassWords {
		if class == w || len(class) > len(w) && strings.HasPrefix(class, w) && (class[len(w)] == '-' || class[len(w)] == '_') {
			return true
		}
	}
	return false
}

// firstClass is n's first class name, else "" (strings.Fields(class)[0]
// without splitting the rest).
func firstClass(n *html.Node) string {
	v, _ := attr(n, "class")
	start := 0
	for start < len(v) && isHTMLSpace(v[start]) {
		start++ // the common case, ASCII white space, without decoding runes
	}
	v = v[start:]
	if i := strings.IndexFunc(v, isFieldChar); i != 0 {
		if i < 0 {
			return ""
		}
		v = v[i:]
	}
	for i := 0; i < len(v); i++ {
		if v[i] < utf8.RuneSelf && asciiSpace(v[i]) {
			return v[:i]
		}
		if v[i] >= utf8.RuneSelf {
			if end := strings.IndexFunc(v[i:], unicode.IsSpace); end >= 0 {
				return v[:i+end]
			}
			return v
		}
	}
	return v
}

func isFieldChar(r rune) bool { return !unicode.IsSpace(r) }

// asciiSpace is strings.Fields' ASCII white space (HTML's and '\v').
func asciiSpace(c byte) bool { return isHTMLSpace(c) || c == '\v' }
