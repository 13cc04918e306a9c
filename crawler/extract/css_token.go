package extract

import (
	"bytes"
	"unicode/utf8"
)

// cssKind is the kind of a CSS token. Only the kinds that matter for finding
// URLs are told apart; everything else is cssOther.
type cssKind uint8

const (
	cssEOF        cssKind = iota
	cssWhitespace         // white space and comments
	cssString             // "..." or '...', escapes decoded
	cssURL                // url(unquoted), escapes decoded
	cssFunction           // name( ; value is the lower-cased name if it matters, else ""
	cssAtKeyword          // @name ; value is "import" or ""
	cssOpenParen
	cssCloseParen
	cssBlockEnd // ; { }
	cssBad      // bad string or bad url
	cssOther    // idents, numbers, hashes, delimiters
)

// cssToken is one token. text, the decoded value of a string or url token,
// aliases the tokenizer's scratch buffer: it is valid until the next token.
type cssToken struct {
	kind cssKind
	name string // function or at-keyword name, if it is one that matters
	text []byte
}

// cssTokenizer is a subset of the CSS Syntax Level 3 tokenizer (§4.3):
// exact for comments, strings, url tokens, escapes, functions and
// at-keywords; coarse for everything else.
type cssTokenizer struct {
	src     []byte
	pos     int
	scratch []byte
}

func (t *cssTokenizer) peek(i int) byte {
	if t.pos+i < len(t.src) {
		return t.src[t.pos+i]
	}
	return 0
}

func (t *cssTokenizer) next() cssToken {
	if t.pos >= len(t.src) {
		return cssToken{kind: cssEOF}
	}
	c := t.src[t.pos]
	switch {
	case isCSSSpace(c) || c == '/' && t.peek(1) == '*':
		t.skipSpaceAndComments()
		return cssToken{kind: cssWhitespace}
	case c == '"' || c == '\'':
		return t.string(c)
	case c == '@':
		return t.atKeyword()
	case c == '#':
		t.pos++
		t.name()
		return cssToken{kind: cssOther}
	case t.startsNumber():
		t.number()
		return cssToken{kind: cssOther}
	case t.startsIdent(0):
		return t.identLike()
	}
	t.pos++
	return cssToken{kind: punctuation(c)}
}

func punctuation(c byte) cssKind {
	switch c {
	case '(':
		return cssOpenParen
	case ')':
		return cssCloseParen
	case ';', '{', '}':
		return cssBlockEnd
	}
	return cssOther
}

func (t *cssTokenizer) skipSpaceAndComments() {
	for t.pos < len(t.src) {
		switch {
		case isCSSSpace(t.src[t.pos]):
			t.pos++
		case t.src[t.pos] == '/' && t.peek(1) == '*':
			end := bytes.Index(t.src[t.pos+2:], []byte("*/"))
			if end < 0 {
				t.pos = len(t.src)
				return
			}
			t.pos += 2 + end + 2
		default:
			return
		}
	}
}

// string consumes a string token (§4.3.5). An unescaped newline makes it a
// bad string, which is not a URL.
func (t *cssTokenizer) string(quote byte) cssToken {
	t.pos++
	b := t.scratch[:0]
	defer func() { t.scratch = b[:0] }()
	for t.pos < len(t.src) {
		c := t.src[t.pos]
		switch {
		case c == quote:
			t.pos++
			return cssToken{kind: cssString, text: b}
		case isCSSNewline(c):
			return cssToken{kind: cssBad}
		case c == '\\':
			b = t.stringEscape(b)
		default:
			b = append(b, c)
			t.pos++
		}
	}
	return cssToken{kind: cssString, text: b}
}

// stringEscape handles a backslash inside a string: an escaped newline is a
// line continuation, anything else an escape.
func (t *cssTokenizer) stringEscape(b []byte) []byte {
	switch next := t.peek(1); {
	case t.pos+1 >= len(t.src):
		t.pos++
	case isCSSNewline(next):
		t.pos += 2
		if next == '\r' && t.peek(0) == '\n' {
			t.pos++
		}
	default:
		t.pos++
		b = t.escape(b)
	}
	return b
}

// escape consumes an escape after its backslash (§4.3.7) and appends the
// code point it names.
func (t *cssTokenizer) escape(b []byte) []byte {
	if !isHex(t.peek(0)) {
		r, size := utf8.DecodeRune(t.src[t.pos:])
		t.pos += size
		return utf8.AppendRune(b, r)
	}
	var r rune
	for i := 0; i < 6 && t.pos < len(t.src) && isHex(t.src[t.pos]); i++ {
		r = r<<4 | rune(unhex(t.src[t.pos]))
		t.pos++
	}
	t.skipOneSpace()
	if r == 0 || r > utf8.MaxRune || 0xD800 <= r && r <= 0xDFFF {
		r = utf8.RuneError
	}
	return utf8.AppendRune(b, r)
}

// skipOneSpace consumes one white space code point (CR LF counts as one).
func (t *cssTokenizer) skipOneSpace() {
	if t.pos < len(t.src) && isCSSSpace(t.src[t.pos]) {
		t.pos++
		if t.src[t.pos-1] == '\r' && t.peek(0) == '\n' {
			t.pos++
		}
	}
}

// validEscape reports whether the bytes at pos+i start a valid escape.
func (t *cssTokenizer) validEscape(i int) bool {
	return t.peek(i) == '\\' && t.pos+i+1 < len(t.src) && !isCSSNewline(t.peek(i+1))
}

// startsIdent reports whether the bytes at pos+i start an identifier.
func (t *cssTokenizer) startsIdent(i int) bool {
	c := t.peek(i)
	switch {
	case c == '-':
		return isNameStart(t.peek(i+1)) || t.peek(i+1) == '-' || t.validEscape(i+1)
	case c == '\\':
		return t.validEscape(i)
	}
	return t.pos+i < len(t.src) && isNameStart(c)
}

func (t *cssTokenizer) startsNumber() bool {
	c := t.peek(0)
	switch {
	case isDigit(c):
		return true
	case c == '.':
		return isDigit(t.peek(1))
	case c == '+' || c == '-':
		return isDigit(t.peek(1)) || t.peek(1) == '.' && isDigit(t.peek(2))
	}
	return false
}

// number consumes a number with its unit or percent sign (coarsely).
func (t *cssTokenizer) number() {
	t.pos++
	for t.pos < len(t.src) && (isDigit(t.src[t.pos]) || t.src[t.pos] == '.') {
		t.pos++
	}
	if t.peek(0) == '%' {
		t.pos++
	} else if t.startsIdent(0) {
		t.name()
	}
}

// name consumes name code points and escapes and returns the raw bytes and
// whether any escape was seen.
func (t *cssTokenizer) name() (raw []byte, escaped bool) {
	start := t.pos
	for t.pos < len(t.src) {
		switch c := t.src[t.pos]; {
		case isNameChar(c):
			t.pos++
		case t.validEscape(0):
			escaped = true
			t.pos++
			t.escape(nil)
		default:
			return t.src[start:t.pos], escaped
		}
	}
	return t.src[start:], escaped
}

func (t *cssTokenizer) atKeyword() cssToken {
	t.pos++
	if !t.startsIdent(0) {
		return cssToken{kind: cssOther}
	}
	raw, escaped := t.name()
	return cssToken{kind: cssAtKeyword, name: knownName(raw, escaped, "import")}
}

// identLike consumes an ident, a function or a url token (§4.3.4).
func (t *cssTokenizer) identLike() cssToken {
	raw, escaped := t.name()
	if t.peek(0) != '(' {
		return cssToken{kind: cssOther}
	}
	t.pos++
	fn := knownName(raw, escaped, "url", "src", "image-set", "-webkit-image-set")
	if fn != "url" {
		return cssToken{kind: cssFunction, name: fn}
	}
	for isCSSSpace(t.peek(0)) && t.pos < len(t.src) {
		t.pos++
	}
	if q := t.peek(0); q == '"' || q == '\'' {
		return cssToken{kind: cssFunction, name: fn}
	}
	return t.url()
}

// url consumes the rest of an unquoted url token (§4.3.6), after "url(" and
// any white space. A quote, '(' or control character makes it a bad url.
func (t *cssTokenizer) url() cssToken {
	b := t.scratch[:0]
	defer func() { t.scratch = b[:0] }()
	for t.pos < len(t.src) {
		c := t.src[t.pos]
		switch {
		case c == ')':
			t.pos++
			return cssToken{kind: cssURL, text: b}
		case isCSSSpace(c):
			return t.urlTrailingSpace(b)
		case c == '"' || c == '\'' || c == '(' || isNonPrintable(c):
			return t.badURL()
		case c == '\\':
			if !t.validEscape(0) {
				return t.badURL()
			}
			t.pos++
			b = t.escape(b)
		default:
			b = append(b, c)
			t.pos++
		}
	}
	return cssToken{kind: cssURL, text: b}
}

// urlTrailingSpace ends a url token at white space, which must be followed
// by ')' or the end of input.
func (t *cssTokenizer) urlTrailingSpace(b []byte) cssToken {
	for t.pos < len(t.src) && isCSSSpace(t.src[t.pos]) {
		t.pos++
	}
	if t.pos >= len(t.src) {
		return cssToken{kind: cssURL, text: b}
	}
	if t.src[t.pos] == ')' {
		t.pos++
		return cssToken{kind: cssURL, text: b}
	}
	return t.badURL()
}

// badURL consumes the remnants of a bad url (§4.3.14).
func (t *cssTokenizer) badURL() cssToken {
	for t.pos < len(t.src) {
		switch {
		case t.src[t.pos] == ')':
			t.pos++
			return cssToken{kind: cssBad}
		case t.validEscape(0):
			t.pos++
			t.escape(nil)
		default:
			t.pos++
		}
	}
	return cssToken{kind: cssBad}
}

// knownName returns the member of names that raw (a name, escapes decoded
// if escaped) equals ASCII case-insensitively, or "".
func knownName(raw []byte, escaped bool, names ...string) string {
	if escaped {
		raw = unescapeName(raw)
	}
	for _, n := range names {
		if len(raw) == len(n) && bytes.EqualFold(raw, []byte(n)) {
			return n
		}
	}
	return ""
}

// unescapeName decodes the escapes of a name consumed by cssTokenizer.name.
func unescapeName(raw []byte) []byte {
	t := cssTokenizer{src: raw}
	var b []byte
	for t.pos < len(raw) {
		if raw[t.pos] == '\\' && t.validEscape(0) {
			t.pos++
			b = t.escape(b)
			continue
		}
		b = append(b, raw[t.pos])
		t.pos++
	}
	return b
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

func isCSSSpace(c byte) bool   { return c == ' ' || c == '\t' || isCSSNewline(c) }
func isCSSNewline(c byte) bool { return c == '\n' || c == '\r' || c == '\f' }
func isNameStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c >= 0x80
}
func isNameChar(c byte) bool { return isNameStart(c) || isDigit(c) || c == '-' }
func isNonPrintable(c byte) bool {
	return c <= 0x08 || c == 0x0B || 0x0E <= c && c <= 0x1F || c == 0x7F
}
