package extract

import (
	"strings"

	"golang.org/x/net/html"
)

// switcherClass is a CSS class that marks a language switcher, on a link or
// on an element around it. With langSuffix, the class also comes with the
// link's language appended ("lang-item" and "lang-item-fr").
type switcherClass struct {
	name       string
	langSuffix bool
}

// switcherClasses are the language switchers of common CMSs.
var switcherClasses = []switcherClass{
	{name: "language-link"},                  // Drupal 7 and later: <a class="language-link" xml:lang|hreflang>
	{name: "language-switcher-locale-url"},   // Drupal 7: <ul class="language-switcher-locale-url">
	{name: "language-switcher-language-url"}, // Drupal 8 and later
	{name: "lang-item", langSuffix: true},    // WordPress Polylang: <li class="lang-item lang-item-fr">
	{name: "wpml-ls-item", langSuffix: true}, // WPML: <li class="wpml-ls-item wpml-ls-item-fr">
	{name: "wpml-ls-link"},                   // WPML: <a class="wpml-ls-link">
	{name: "language-switcher"},              // hand-made and theme switchers
	{name: "lang-switcher"},
}

// maxSwitcherDepth bounds how far below an element with a switcher class a
// link is still in that switcher (the link itself is 0 levels below).
const maxSwitcherDepth = 12

// switcherScope is what the elements around a node (itself and its
// ancestors) say about language switchers.
type switcherScope struct {
	depth  int    // the node's depth
	at     int    // the depth of the nearest element with a switcher class; -1 none
	lang   string // the language of the nearest switcher class suffix
	langAt int    // its element's depth; -1 none
}

// outside is the scope above a document's root.
var outside = switcherScope{depth: -1, at: -1, langAt: -1}

// child is the scope of n, a child of the node whose scope is p.
func (p switcherScope) child(n *html.Node) switcherScope {
	c := p
	c.depth++
	if n.Type != html.ElementNode {
		return c
	}
	if class, ok := attr(n, "class"); ok {
		found, lang := switcherClassOf(class)
		if found {
			c.at = c.depth
		}
		if lang != "" {
			c.lang, c.langAt = lang, c.depth
		}
	}
	return c
}

// in reports whether the node is in a switcher, and the language of the
// nearest class suffix, each within maxSwitcherDepth levels.
func (p switcherScope) in() (bool, string) {
	lang := ""
	if p.langAt >= 0 && p.depth-p.langAt < maxSwitcherDepth {
		lang = p.lang
	}
	return p.at >= 0 && p.depth-p.at < maxSwitcherDepth, lang
}

// switcherClassOf looks for switcher classes in a class attribute. Class
// names match case-sensitively, as CSS class selectors do.
func switcherClassOf(class string) (found bool, lang string) {
	if !mentionsSwitcher(class) {
		return false, "" // most elements: no tokenizing
	}
	for tok := range strings.FieldsSeq(class) {
		for _, sc := range switcherClasses {
			if tok == sc.name {
				found = true
			} else if l, ok := classSuffix(tok, sc); ok {
				found = true
				lang = firstNonEmpty(lang, l)
			}
		}
	}
	return found, lang
}

func mentionsSwitcher(class string) bool {
	for _, sc := range switcherClasses {
		if strings.Contains(class, sc.name) {
			return true
		}
	}
	return false
}

// classSuffix returns the language of a class such as "lang-item-fr";
// "lang-item-first" and "wpml-ls-item-legacy-dropdown" name none.
func classSuffix(tok string, sc switcherClass) (string, bool) {
	n := len(sc.name)
	if !sc.langSuffix || len(tok) <= n+1 || tok[n] != '-' || tok[:n] != sc.name {
		return "", false
	}
	rest := strings.ToLower(tok[n+1:])
	if !langTag(rest) {
		return "", false
	}
	return rest, true
}
