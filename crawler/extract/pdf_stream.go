package extract

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"io"
)

// streamMode says what a PDFScanner does with the bytes it is given.
type streamMode uint8

const (
	modeSyntax streamMode = iota // objects: feed the lexer
	modeFlate                    // a FlateDecode stream: buffer until endstream, inflate, scan
	modeRaw                      // an unfiltered stream: scan as it passes, with its own lexer
	modeSkip                     // an image, another filter, or too big: skip to endstream
)

// streamDict is what the current object's dictionary says about its stream.
type streamDict struct {
	filter, flate, otherFilter bool
	noObjects                  bool    // an image, font, xref, metadata or file: cannot hold objects
	prev                       dictKey // the previous name, if /Type or /Subtype
}

// dictKey is a name whose value matters for the stream's kind.
type dictKey uint8

const (
	keyOther dictKey = iota
	keyType
	keySubtype
)

func (d *streamDict) note(name []byte) {
	s := string(name) // no allocation: only compared
	switch {
	case s == "Filter":
		d.filter = true
	case s == "FlateDecode" || s == "Fl":
		d.flate = true
	case s == "Crypt" || len(s) > len("Decode") && bytes.HasSuffix(name, []byte("Decode")):
		d.otherFilter = true
	case s == "Length1" || s == "Length2" || s == "Length3" || d.prev != keyOther && holdsNoObjects(s):
		d.noObjects = true
	}
	d.prev = keyOther
	switch s {
	case "Type":
		d.prev = keyType
	case "Subtype":
		d.prev = keySubtype
	}
}

// holdsNoObjects reports whether a /Type or /Subtype value names a stream
// that cannot contain PDF objects, so need not be inflated.
func holdsNoObjects(value string) bool {
	switch value {
	case "Image", "XRef", "Metadata", "EmbeddedFile", "Type1C", "CIDFontType0C", "OpenType":
		return true
	}
	return false
}

func (d streamDict) mode() streamMode {
	switch {
	case d.noObjects || d.otherFilter:
		return modeSkip
	case d.flate:
		return modeFlate
	case d.filter:
		return modeSkip
	}
	return modeRaw
}

func (p *PDFScanner) beginStream(term byte) {
	p.mode, p.dict = p.dict.mode(), streamDict{}
	p.lex.stop = true
	p.lf = term == '\r'
	p.end = 0
	p.buf = p.buf[:0]
	if p.mode == modeRaw {
		p.child().reset()
	}
}

// stream handles bytes inside a stream, up to and including "endstream".
func (p *PDFScanner) stream(b []byte) []byte {
	if p.lf {
		p.lf = false
		if b[0] == '\n' {
			return b[1:]
		}
	}
	i, found := p.end.scan(b)
	p.streamBytes(b[:i])
	if found {
		p.endStream()
	}
	return b[i:]
}

func (p *PDFScanner) streamBytes(b []byte) {
	switch p.mode {
	case modeRaw:
		p.inner.Write(b)
	case modeFlate:
		if len(p.buf)+len(b) > maxPDFStream+len(endstream) {
			p.mode, p.buf = modeSkip, p.buf[:0]
			return
		}
		p.buf = append(p.buf, b...)
	}
}

func (p *PDFScanner) endStream() {
	if p.mode == modeFlate {
		p.inflate(p.buf[:len(p.buf)-len(endstream)])
	}
	p.mode = modeSyntax
	if cap(p.buf) > 1<<20 {
		p.buf = nil
	}
}

// inflate decompresses a FlateDecode stream into the inner scanner.
func (p *PDFScanner) inflate(data []byte) {
	data = bytes.TrimLeft(data, "\x00\t\n\f\r ")
	inner := p.child()
	inner.reset()
	if p.copyBuf == nil {
		p.copyBuf = make([]byte, 32<<10)
	}
	_, _ = io.CopyBuffer(inner, io.LimitReader(p.decompressor(data), maxPDFInflated), p.copyBuf)
}

// decompressor reads data as zlib (reusing one reader), or as raw deflate
// when the zlib header is missing, as some writers leave it out.
func (p *PDFScanner) decompressor(data []byte) io.Reader {
	var err error
	if p.zr == nil {
		p.zr, err = zlib.NewReader(bytes.NewReader(data))
	} else {
		err = p.zr.(zlib.Resetter).Reset(bytes.NewReader(data), nil)
	}
	if err != nil {
		p.zr = nil
		return flate.NewReader(bytes.NewReader(data))
	}
	return p.zr
}

// child returns the scanner for stream contents, sharing p's links.
func (p *PDFScanner) child() *PDFScanner {
	if p.inner == nil {
		p.inner = &PDFScanner{base: p.base, links: p.links, nested: true}
		p.inner.init()
	}
	return p.inner
}

func (p *PDFScanner) reset() {
	p.lex.reset()
	p.expectURI = false
	p.dict = streamDict{}
}

const endstream = "endstream"

// endMatcher finds "endstream" across Write boundaries; its value is the
// number of bytes of it matched so far.
type endMatcher int

// scan returns the index just past "endstream" in b and true, or len(b) and
// false.
func (m *endMatcher) scan(b []byte) (int, bool) {
	k := int(*m)
	for i := 0; i < len(b); i++ {
		if k == 0 {
			j := bytes.IndexByte(b[i:], 'e')
			if j < 0 {
				break
			}
			i += j
		}
		if k = advanceEnd(k, b[i]); k == len(endstream) {
			*m = 0
			return i + 1, true
		}
	}
	*m = endMatcher(k)
	return len(b), false
}

// advanceEnd is the Knuth–Morris–Pratt step for "endstream": its only
// border is the 'e' of "endstre", so after "endstre" a mismatching 'n'
// continues a match of "en".
func advanceEnd(k int, c byte) int {
	switch {
	case c == endstream[k]:
		return k + 1
	case k == 7 && c == 'n':
		return 2
	case c == 'e':
		return 1
	}
	return 0
}
