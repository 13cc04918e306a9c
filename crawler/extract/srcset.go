package extract

import "strings"

// srcsetURLs returns the candidate URLs of a srcset attribute, following the
// HTML "parse a srcset attribute" algorithm: candidates are separated by
// commas, a URL may contain commas (only trailing ones are separators when no
// descriptors follow), descriptors ("1.5x", "480w", "200h") may contain
// parenthesised commas, and a candidate with invalid descriptors is dropped,
// as browsers drop it.
func srcsetURLs(s string) []string {
	var urls []string
	for pos := 0; ; {
		pos = skipWhile(s, pos, isSpaceOrComma)
		if pos >= len(s) {
			return urls
		}
		start := pos
		pos = skipWhile(s, pos, isNotSpace)
		u := s[start:pos]
		var descs []string
		if trimmed := strings.TrimRight(u, ","); trimmed != u {
			u = trimmed
		} else {
			descs, pos = srcsetDescriptors(s, pos)
		}
		if descriptorsValid(descs) {
			urls = append(urls, u)
		}
	}
}

// descState is the state of the srcset descriptor tokenizer.
type descState int

const (
	inDescriptor descState = iota
	inParens
	afterDescriptor
)

// srcsetDescriptors tokenizes the descriptors after a candidate URL up to
// the next candidate-separating comma. It returns them and the position after
// the comma (or len(s)).
func srcsetDescriptors(s string, pos int) ([]string, int) {
	var descs []string
	pos = skipWhile(s, pos, isHTMLSpace)
	start, state := pos, inDescriptor
	for ; pos < len(s); pos++ {
		c := s[pos]
		switch state {
		case inDescriptor:
			switch {
			case isHTMLSpace(c):
				descs, state = appendNonEmpty(descs, s[start:pos]), afterDescriptor
			case c == ',':
				return appendNonEmpty(descs, s[start:pos]), pos + 1
			case c == '(':
				state = inParens
			}
		case inParens:
			if c == ')' {
				state = inDescriptor
			}
		case afterDescriptor:
			if !isHTMLSpace(c) {
				start, state = pos, inDescriptor
				pos-- // reconsume
			}
		}
	}
	if state != afterDescriptor {
		descs = appendNonEmpty(descs, s[start:])
	}
	return descs, pos
}

func appendNonEmpty(list []string, s string) []string {
	if s == "" {
		return list
	}
	return append(list, s)
}

// descriptorsValid applies the srcset descriptor parser's error rules.
func descriptorsValid(descs []string) bool {
	var width, density, height bool
	for _, d := range descs {
		value, kind := d[:len(d)-1], d[len(d)-1]
		switch {
		case kind == 'w' && !width && !density && isPositiveInteger(value):
			width = true
		case kind == 'x' && !width && !density && !height && isNonNegativeFloat(value):
			density = true
		case kind == 'h' && !height && !density && isPositiveInteger(value):
			height = true
		default:
			return false
		}
	}
	return !height || width
}

// isPositiveInteger reports whether s is a valid non-negative integer above 0.
func isPositiveInteger(s string) bool {
	if s == "" || skipWhile(s, 0, isDigit) != len(s) {
		return false
	}
	return strings.TrimLeft(s, "0") != ""
}

// isNonNegativeFloat reports whether s is an HTML "valid floating-point
// number" that is not negative: digits, optional fraction, optional exponent.
func isNonNegativeFloat(s string) bool {
	i := skipWhile(s, 0, isDigit)
	intDigits := i
	if i < len(s) && s[i] == '.' {
		j := skipWhile(s, i+1, isDigit)
		if j == i+1 {
			return false
		}
		i = j
	} else if intDigits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := skipWhile(s, i, isDigit)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(s)
}

func skipWhile(s string, pos int, f func(byte) bool) int {
	for pos < len(s) && f(s[pos]) {
		pos++
	}
	return pos
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func isSpaceOrComma(c byte) bool { return c == ',' || isHTMLSpace(c) }
func isNotSpace(c byte) bool     { return !isHTMLSpace(c) }
func isDigit(c byte) bool        { return '0' <= c && c <= '9' }
