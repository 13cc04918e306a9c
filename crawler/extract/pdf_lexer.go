package extract

import "bytes"

// pdfKind is the kind of a PDF token (ISO 32000-1 §7.2–7.3).
type pdfKind uint8

const (
	pdfName    pdfKind = iota // /Name, #xx escapes decoded
	pdfString                 // (literal) or <hex>, decoded
	pdfKeyword                // a run of regular characters: obj, stream, 12, true, ...
	pdfDelim                  // << >> [ ] { } )
)

// Bounds on what the lexer keeps of one token; longer tokens are marked
// truncated and never match.
const (
	maxPDFWord   = 32      // names and keywords we care about are short
	maxPDFString = 8 << 10 // a URI longer than this is not followed
)

// lexState is where the lexer is inside a token.
type lexState uint8

const (
	lexNone lexState = iota
	lexComment
	lexName
	lexKeyword
	lexLT // saw '<': dictionary or hex string
	lexGT // saw '>': maybe the end of a dictionary
	lexHex
	lexLiteral
	lexLiteralEscape
	lexLiteralOctal
	lexLiteralCR // after a CR in a literal (or an escaped CR): swallow one LF
)

// tokenSink receives tokens. term is the byte that ended the token (0 if the
// token ended itself, like a string or a delimiter).
type tokenSink interface {
	pdfToken(kind pdfKind, data []byte, truncated bool, term byte)
}

// pdfLexer is a PDF tokenizer whose whole state is in the struct, so input
// may be split anywhere between Write calls. lex consumes runs of bytes
// (space, comments, words, string bodies) in tight loops; everything else
// goes through feed, one byte at a time.
type pdfLexer struct {
	sink      tokenSink
	stop      bool // set by the sink: return from lex after this token
	state     lexState
	tok       []byte
	truncated bool
	depth     int  // literal string parenthesis nesting
	octal     byte // literal octal escape value so far
	digits    int  // octal digits seen, or hex nibbles pending
}

func (l *pdfLexer) reset() { l.state = lexNone }

// lex feeds b to the lexer and returns the number of bytes consumed: all of
// b, unless the sink set stop, in which case b[n] is the byte that ended the
// last token and has not been consumed.
func (l *pdfLexer) lex(b []byte) int {
	l.stop = false
	i := 0
	for i < len(b) && !l.stop {
		switch l.state {
		case lexNone:
			i = l.spaceRun(b, i)
		case lexComment:
			i = l.commentRun(b, i)
		case lexName, lexKeyword:
			i = l.wordRun(b, i)
		case lexLiteral:
			i = l.literalRun(b, i)
		default:
			l.feed(b[i])
			i++
		}
	}
	return i
}

// spaceRun skips white space and starts the next token.
func (l *pdfLexer) spaceRun(b []byte, i int) int {
	for i < len(b) && pdfClasses[b[i]] == pdfSpace {
		i++
	}
	if i < len(b) {
		l.start(b[i])
		i++
	}
	return i
}

func (l *pdfLexer) commentRun(b []byte, i int) int {
	j := bytes.IndexAny(b[i:], "\r\n")
	if j < 0 {
		return len(b)
	}
	l.state = lexNone
	return i + j
}

// wordRun continues a name or keyword; the byte that ends it is left for
// the next token.
func (l *pdfLexer) wordRun(b []byte, i int) int {
	j := i
	for j < len(b) && pdfClasses[b[j]] == pdfRegular {
		j++
	}
	l.addRun(b[i:j], maxPDFWord)
	if j < len(b) {
		l.word(b[j])
	}
	return j
}

// literalRun continues a literal string until an escape or its end.
func (l *pdfLexer) literalRun(b []byte, i int) int {
	for i < len(b) && l.state == lexLiteral {
		c := b[i]
		i++
		switch c {
		case '\\', '(', ')', '\r':
			l.plain(c)
		default:
			l.add(c, maxPDFString)
		}
	}
	return i
}

func (l *pdfLexer) feed(c byte) {
	if !l.continueToken(c) {
		l.start(c)
	}
}

// continueToken feeds c to the token in progress and reports whether c was
// consumed; false means the token ended before c and c starts a new one.
func (l *pdfLexer) continueToken(c byte) bool {
	switch l.state {
	case lexNone:
		return false
	case lexComment:
		if c == '\r' || c == '\n' {
			l.state = lexNone
		}
		return true
	case lexName, lexKeyword:
		return l.word(c)
	case lexLT:
		return l.afterLT(c)
	case lexGT:
		l.state = lexNone
		if c == '>' {
			l.delim()
			return true
		}
		return false
	case lexHex:
		l.hex(c)
		return true
	}
	l.literal(c)
	return true
}

func (l *pdfLexer) start(c byte) {
	switch {
	case isPDFSpace(c):
	case c == '%':
		l.state = lexComment
	case c == '/':
		l.begin(lexName)
	case c == '(':
		l.begin(lexLiteral)
		l.depth = 1
	case c == '<':
		l.state = lexLT
	case c == '>':
		l.state = lexGT
	case isPDFDelim(c):
		l.delim()
	default:
		l.begin(lexKeyword)
		l.add(c, maxPDFWord)
	}
}

func (l *pdfLexer) begin(s lexState) {
	l.state, l.tok, l.truncated, l.digits = s, l.tok[:0], false, 0
}

func (l *pdfLexer) add(c byte, limit int) {
	if len(l.tok) >= limit {
		l.truncated = true
		return
	}
	l.tok = append(l.tok, c)
}

func (l *pdfLexer) addRun(b []byte, limit int) {
	if room := limit - len(l.tok); len(b) > room {
		l.truncated = true
		b = b[:max(room, 0)]
	}
	l.tok = append(l.tok, b...)
}

// delim emits a delimiter token: << >> [ ] { } or a stray ).
func (l *pdfLexer) delim() {
	l.state = lexNone
	l.sink.pdfToken(pdfDelim, nil, false, 0)
}

func (l *pdfLexer) emit(kind pdfKind, term byte) {
	data := l.tok
	if kind == pdfName {
		data = decodeName(data)
	}
	l.state = lexNone
	l.sink.pdfToken(kind, data, l.truncated, term)
}

// word continues a name or keyword: regular characters extend it, anything
// else ends it.
func (l *pdfLexer) word(c byte) bool {
	if !isPDFSpace(c) && !isPDFDelim(c) {
		l.add(c, maxPDFWord)
		return true
	}
	kind := pdfKeyword
	if l.state == lexName {
		kind = pdfName
	}
	l.emit(kind, c)
	return false
}

func (l *pdfLexer) afterLT(c byte) bool {
	if c == '<' {
		l.delim()
		return true
	}
	l.begin(lexHex)
	l.hex(c)
	return true
}

// hex continues a hex string: white space and junk are ignored, an odd final
// digit is padded with 0 (§7.3.4.3).
func (l *pdfLexer) hex(c byte) {
	switch {
	case c == '>': // an odd final digit was already padded with 0
		l.emit(pdfString, 0)
	case !isHex(c):
	case l.digits == 0:
		l.add(unhex(c)<<4, maxPDFString)
		l.digits = 1
	default:
		if n := len(l.tok); n > 0 && !l.truncated {
			l.tok[n-1] |= unhex(c)
		}
		l.digits = 0
	}
}

// literal continues a literal string (§7.3.4.2).
func (l *pdfLexer) literal(c byte) {
	switch l.state {
	case lexLiteralEscape:
		l.escape(c)
	case lexLiteralOctal:
		l.octalDigit(c)
	case lexLiteralCR:
		l.state = lexLiteral
		if c != '\n' {
			l.literal(c)
		}
	default:
		l.plain(c)
	}
}

func (l *pdfLexer) plain(c byte) {
	switch c {
	case '\\':
		l.state = lexLiteralEscape
		return
	case '(':
		l.depth++
	case ')':
		if l.depth--; l.depth == 0 {
			l.emit(pdfString, 0)
			return
		}
	case '\r': // an unescaped end of line is read as LF
		l.add('\n', maxPDFString)
		l.state = lexLiteralCR
		return
	}
	l.add(c, maxPDFString)
}

func (l *pdfLexer) escape(c byte) {
	l.state = lexLiteral
	switch c {
	case 'n':
		c = '\n'
	case 'r':
		c = '\r'
	case 't':
		c = '\t'
	case 'b':
		c = '\b'
	case 'f':
		c = '\f'
	case '\r': // line continuation; swallow a following LF
		l.state = lexLiteralCR
		return
	case '\n':
		return
	}
	if '0' <= c && c <= '7' {
		l.state, l.octal, l.digits = lexLiteralOctal, c-'0', 1
		return
	}
	l.add(c, maxPDFString)
}

// octalDigit continues a \ddd escape of up to three digits.
func (l *pdfLexer) octalDigit(c byte) {
	if '0' <= c && c <= '7' {
		l.octal, l.digits = l.octal<<3|(c-'0'), l.digits+1
		if l.digits == 3 {
			l.add(l.octal, maxPDFString)
			l.state = lexLiteral
		}
		return
	}
	l.add(l.octal, maxPDFString)
	l.state = lexLiteral
	l.plain(c)
}

// decodeName decodes #xx escapes in a name, in place.
func decodeName(b []byte) []byte {
	out := b[:0]
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
			out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
			i += 2
			continue
		}
		out = append(out, b[i])
	}
	return out
}

// PDF character classes (§7.2.2).
const (
	pdfRegular byte = iota
	pdfSpace
	pdfDelimiter
)

// pdfClasses maps each byte to its class; it is never written after
// initialization.
var pdfClasses = func() (t [256]byte) {
	for _, c := range []byte(" \n\r\t\f\x00") {
		t[c] = pdfSpace
	}
	for _, c := range []byte("()<>[]{}/%") {
		t[c] = pdfDelimiter
	}
	return t
}()

func isPDFSpace(c byte) bool { return pdfClasses[c] == pdfSpace }
func isPDFDelim(c byte) bool { return pdfClasses[c] == pdfDelimiter }
