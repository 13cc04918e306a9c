package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxTextRunes bounds Link.Text.
const maxTextRunes = 200

// textBuilder collapses runs of white space to one space and stops at
// maxTextRunes, so that a huge anchor costs no more than a small one.
type textBuilder struct {
	b     strings.Builder
	runes int
	space bool // a space is pending before the next word
}

// add appends s and reports whether there is room for more.
func (t *textBuilder) add(s string) bool {
	for _, r := range s {
		if t.runes >= maxTextRunes {
			return false
		}
		if unicode.IsSpace(r) {
			t.space = t.runes > 0
			continue
		}
		t.word(r)
	}
	return t.runes < maxTextRunes
}

func (t *textBuilder) word(r rune) {
	if t.space {
		t.b.WriteByte(' ')
		t.runes++
		t.space = false
		if t.runes >= maxTextRunes {
			return
		}
	}
	if r == utf8.RuneError {
		r = '\uFFFD'
	}
	t.b.WriteRune(r)
	t.runes++
}

func (t *textBuilder) String() string { return strings.TrimRight(t.b.String(), " ") }

// collapse returns s with white space collapsed, truncated to maxTextRunes.
func collapse(s string) string {
	var t textBuilder
	t.add(s)
	return t.String()
}
