package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// clippedText is strings.Join(strings.Fields(goquery text of n), " ") cut to
// limit bytes, without building the whole text first: an element with a
// class, such as <body class=...>, holds the whole page, and every such
// element on a page used to copy all of its text (quadratic in nesting).
func clippedText(n *html.Node, limit int) string {
	t := collapser{limit: limit}
	t.walk(n)
	s := t.b.String()
	if len(s) > limit {
		s = s[:limit]
	}
	return s
}

// collapser writes text with runs of white space as one space, none at the
// ends, and stops once it holds limit bytes.
type collapser struct {
	b       strings.Builder
	limit   int
	pending bool // white space seen since the last word
}

func (t *collapser) full() bool { return t.b.Len() >= t.limit }

func (t *collapser) walk(n *html.Node) {
	if n.Type == html.TextNode {
		t.write(n.Data)
		return
	}
	for c := n.FirstChild; c != nil && !t.full(); c = c.NextSibling {
		t.walk(c)
	}
}

func (t *collapser) write(s string) {
	for i := 0; i < len(s) && !t.full(); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			t.pending = t.b.Len() > 0
		} else {
			if t.pending {
				t.b.WriteByte(' ')
				t.pending = false
			}
			t.b.WriteString(s[i : i+size]) // invalid bytes stay as they were, as strings.Fields keeps them
		}
		i += size
	}
}
