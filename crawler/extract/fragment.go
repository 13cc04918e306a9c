package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// comment extracts links from the markup inside an IE conditional comment,
// "<!--[if lt IE 9]><script src=...></script><![endif]-->", which the HTML
// parser keeps as comment text although old browsers load it.
func (x *htmlExtractor) comment(n *html.Node) {
	if body, ok := conditionalBody(n.Data); ok {
		x.fragment(body, n.Parent)
	}
}

// conditionalBody returns the markup of a conditional comment's data
// ("[if IE]>...<![endif]") and whether there is any.
func conditionalBody(data string) (string, bool) {
	if len(data) < 3 || !strings.EqualFold(data[:3], "[if") {
		return "", false
	}
	i := strings.Index(data, "]>")
	if i < 0 {
		return "", false
	}
	body := strings.TrimSpace(data[i+2:])
	body = strings.TrimSuffix(body, "<![endif]")
	return body, strings.Contains(body, "<")
}

// noscript extracts links from <noscript> content, which a parser with
// scripting enabled (goquery's) keeps as text: tracking pixels and
// lazy-loading fallbacks live there.
func (x *htmlExtractor) noscript(n *html.Node) {
	text := childText(n)
	if strings.Contains(text, "<") {
		x.fragment(text, n.Parent)
	}
}

// fragment parses markup in the context of parent and walks the result.
func (x *htmlExtractor) fragment(markup string, parent *html.Node) {
	if x.depth >= maxFragmentDepth {
		return
	}
	nodes, err := html.ParseFragment(strings.NewReader(markup), fragmentContext(parent))
	if err != nil {
		return
	}
	x.depth++
	for _, n := range nodes {
		x.walk(n)
	}
	x.depth--
}

// fragmentContext returns (a copy of) parent if it is an HTML element that
// can hold ordinary markup, else a <body>. <head> is replaced too: a head
// context drops <img> and <a>, which old browsers (conditional comments) and
// scripting-off browsers (noscript) do load.
func fragmentContext(parent *html.Node) *html.Node {
	if parent != nil && parent.Type == html.ElementNode && parent.Namespace == "" && parent.DataAtom != 0 {
		switch parent.DataAtom {
		case atom.Html, atom.Head, atom.Noscript, atom.Template:
		default:
			return &html.Node{Type: html.ElementNode, Data: parent.Data, DataAtom: parent.DataAtom}
		}
	}
	return &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
}
