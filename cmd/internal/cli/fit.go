package cli

import (
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"
)

// FitLine joins fields with sep, dropping fields from the right so that
// the line is at most width characters; a first field longer than width
// is cut. width <= 0 means no limit.
func FitLine(fields []string, sep string, width int) string {
	if width <= 0 {
		return strings.Join(fields, sep)
	}
	var b strings.Builder
	n := 0
	for i, f := range fields {
		add := utf8.RuneCountInString(f)
		if i > 0 {
			add += utf8.RuneCountInString(sep)
		}
		if n+add > width {
			if i == 0 {
				return cutRunes(f, width)
			}
			break
		}
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(f)
		n += add
	}
	return b.String()
}

func cutRunes(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// TerminalWidth is the column count of the terminal f writes to, or
// fallback when f is no terminal or does not say.
func TerminalWidth(f *os.File, fallback int) int {
	if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
		return w
	}
	return fallback
}
