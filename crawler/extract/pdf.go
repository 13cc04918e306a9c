package extract

import (
	"io"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/salvage-archive/salvage/policy"
)

// Bounds on the stream contents a PDFScanner decompresses.
const (
	maxPDFStream   = 8 << 20  // compressed bytes buffered per FlateDecode stream
	maxPDFInflated = 32 << 20 // inflated bytes scanned per stream
)

// PDFScanner finds the URIs of link annotations ("/URI (http://...)") in a
// PDF written through it, so that a PDF can be scanned while it is being
// archived, without holding it whole. Literal strings (with their escapes)
// and hex strings are understood, and so are object streams: a FlateDecode
// stream of up to 8 MiB is buffered until "endstream" and inflated (up to
// 32 MiB) into a second scanner; unfiltered streams are scanned as they pass;
// streams that cannot hold objects (images, fonts, xref, metadata, embedded
// files) and other filters are skipped. A zero PDFScanner is usable and
// resolves nothing; NewPDFScanner sets the base URL. A PDFScanner is not
// safe for concurrent use: call Links after the last Write returns.
type PDFScanner struct {
	base   *url.URL
	links  *linkSet
	lex    pdfLexer
	nested bool // scans the contents of a stream: no streams inside

	expectURI bool       // the previous token was /URI
	encrypted bool       // the trailer has /Encrypt: strings are ciphertext
	dict      streamDict // what the current object says about its stream
	mode      streamMode
	lf        bool // the "stream" keyword ended with CR: swallow one LF
	end       endMatcher
	buf       []byte      // a FlateDecode stream being collected
	inner     *PDFScanner // scans stream contents
	zr        io.ReadCloser
	copyBuf   []byte
}

var _ io.Writer = (*PDFScanner)(nil)

// NewPDFScanner returns a scanner that resolves URIs against base, the URL
// of the PDF (nil: URIs are returned as written).
func NewPDFScanner(base *url.URL) *PDFScanner {
	return &PDFScanner{base: base}
}

// Write scans p. It never fails: scanning is best effort and must not stop
// the archive write it is attached to.
func (p *PDFScanner) Write(b []byte) (int, error) {
	p.init()
	n := len(b)
	for len(b) > 0 {
		if p.mode == modeSyntax {
			b = p.syntax(b)
		} else {
			b = p.stream(b)
		}
	}
	return n, nil
}

// Links returns the link URIs found so far, in order, without duplicates,
// as L hops with Element "pdf" and Attr "uri". An encrypted PDF (its trailer
// names /Encrypt) yields none: its strings cannot be read without the key.
func (p *PDFScanner) Links() []Link {
	if p.links == nil || p.encrypted {
		return nil
	}
	return slices.Clone(p.links.links)
}

func (p *PDFScanner) init() {
	if p.links == nil {
		p.links = &linkSet{}
	}
	p.lex.sink = p
}

// syntax feeds object syntax to the lexer until a stream starts; the stream
// data begins after the byte that ended the "stream" keyword.
func (p *PDFScanner) syntax(b []byte) []byte {
	i := p.lex.lex(b)
	if p.mode == modeSyntax {
		return b[i:]
	}
	p.lex.reset()
	return b[i+1:]
}

// pdfToken implements tokenSink.
func (p *PDFScanner) pdfToken(kind pdfKind, data []byte, truncated bool, term byte) {
	uri := p.expectURI
	p.expectURI = false
	switch {
	case truncated:
		p.dict.prev = keyOther
	case kind == pdfString && uri:
		p.addURI(data)
	case kind == pdfName:
		p.name(data)
	case kind == pdfKeyword:
		p.keyword(data, term)
	}
}

func (p *PDFScanner) name(n []byte) {
	p.expectURI = string(n) == "URI"
	p.encrypted = p.encrypted || string(n) == "Encrypt" && !p.nested
	p.dict.note(n)
}

func (p *PDFScanner) keyword(k []byte, term byte) {
	switch string(k) {
	case "obj", "endobj":
		p.dict = streamDict{}
	case "stream":
		if !p.nested {
			p.beginStream(term)
		}
	}
}

func (p *PDFScanner) addURI(data []byte) {
	if s, ok := uriString(data); ok {
		p.links.add(Link{URL: resolve(p.base, s), Hop: policy.HopLink, Element: "pdf", Attr: "uri"})
	}
}

// uriString returns the text of a /URI string: ASCII per the PDF spec, but
// UTF-8 and UTF-16BE (with BOM) occur. Strings with control characters
// (encrypted PDFs) are refused.
func uriString(b []byte) (string, bool) {
	var s string
	if len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF {
		s = utf16BE(b[2:])
	} else {
		s = string(b)
	}
	s = strings.Trim(s, " \t\r\n\f\x00")
	if s == "" || !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl) {
		return "", false
	}
	return s, true
}

func utf16BE(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}
