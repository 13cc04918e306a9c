package extract

import (
	"strings"

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
func placeOf(n *html.Node) string {
	var id, mark, class string
	var idNode, markNode *html.Node
	classIsBlock := false
	depth := 0
	for p := n.Parent; p != nil && depth < maxPlaceDepth; p, depth = p.Parent, depth+1 {
		if p.Type != html.ElementNode || p.Namespace != "" {
			continue
		}
		switch p.Data {
		case "body", "head":
			return joinPlace(id, idNode, mark, markNode, class, p.Data)
		}
		if v, ok := attr(p, "id"); ok && id == "" && containers[p.Data] && strings.TrimSpace(v) != "" {
			id, idNode = strings.TrimSpace(v), p
		}
		if m := landmark(p); m != "" && mark == "" {
			mark, markNode = m, p
		}
		if c := classSelector(p); c != "" && (class == "" || !classIsBlock && isBlockClass(c)) {
			class, classIsBlock = c, isBlockClass(c)
		}
		if id != "" && mark != "" {
			break
		}
	}
	return joinPlace(id, idNode, mark, markNode, class, "body")
}

// joinPlace writes the place from what placeOf found.
func joinPlace(id string, idNode *html.Node, mark string, markNode *html.Node, class, root string) string {
	switch {
	case id != "" && mark != "" && idNode == markNode:
		return mark + "#" + id
	case id != "" && mark != "" && isAncestor(idNode, markNode):
		return "#" + id + " " + mark
	case id != "" && mark != "":
		return mark + " #" + id
	case id != "":
		return "#" + id
	case mark != "":
		return mark
	case class != "":
		return class
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

// isBlockClass reports whether a class selector names a template block.
func isBlockClass(sel string) bool {
	_, class, _ := strings.Cut(sel, ".")
	for _, w := range blockClassWords {
		if class == w || strings.HasPrefix(class, w+"-") || strings.HasPrefix(class, w+"_") {
			return true
		}
	}
	return false
}

// classSelector is "element.firstclass" for an element with a class, else "".
func classSelector(n *html.Node) string {
	v, _ := attr(n, "class")
	if f := strings.Fields(v); len(f) > 0 {
		return n.Data + "." + f[0]
	}
	return ""
}
