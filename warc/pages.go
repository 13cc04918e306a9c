package warc

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httputil"
	"strings"
	"time"
)

// DefaultDocumentBody is ArchivedDocuments' body limit when maxBody is 0 or less.
const DefaultDocumentBody = 16 << 20

// documentTypes are the media types whose links a reader of archives follows.
var documentTypes = map[string]bool{
	"text/html": true, "application/xhtml+xml": true, "text/css": true, "application/pdf": true,
}

// Document is an archived page, stylesheet or PDF, or a redirect, as
// ArchivedDocuments yields it.
type Document struct {
	URL         string      // the target URI in the Index's canonical form
	Date        time.Time   // WARC-Date
	Status      int         // HTTP status
	ContentType string      // media type, lower case, without parameters ("" for some redirects)
	Header      http.Header // the HTTP response header fields as archived
	// Body is the entity body: chunk framing removed and content-encoding (gzip,
	// deflate) decoded, at most maxBody bytes. Empty for redirects.
	Body      []byte
	Truncated bool   // Body is not the whole entity body (maxBody, a truncated record, a decoding error)
	Note      string // why Body is empty, short or as stored, e.g. "content-encoding br is not decoded"
	// AsStored: a Transfer-Encoding or Content-Encoding header does not fit the body
	// (stored already de-chunked or decoded, as some recording tools do), so Body is the
	// body as stored; Note says which. A finding about the archive, not an error.
	AsStored bool
	File     string // the record: the response, or the revisit whose original's body Body is
	Offset   int64
}

// ArchivedDocuments reads the response and revisit records of files, in order, and
// yields every HTML page (text/html, application/xhtml+xml), stylesheet (text/css) and
// PDF (application/pdf) that answered 2xx, and every 3xx with a Location header whatever
// its type, with an empty body, so callers see redirects. A revisit yields its own URL,
// date and headers with the body of its original (found by WARC-Refers-To or payload
// digest among the documents already read), or no body and a Note when the original
// is not in the files read so far.
//
// Memory stays bounded: one body at a time, streamed from the file and cut at maxBody
// (DefaultDocumentBody when 0 or less), plus the location of every document read, to
// resolve revisits. A body that cannot be decoded is a Note, not an error. Damage in a
// file is yielded as a *Fault and the iteration goes on; another error names a file that
// could not be opened, and iteration goes on with the next file unless the caller stops.
func ArchivedDocuments(files []string, maxBody int64) iter.Seq2[Document, error] {
	return ArchivedDocumentsOver(nil, files, maxBody)
}

// ArchivedDocumentsOver is ArchivedDocuments of files whose revisits may refer
// into refs (an earlier crawl's WARC files: crawl --previous). refs are read
// first, for where their documents are; they yield nothing themselves, but a
// revisit of files, a 304 answer included, yields its original's body (and,
// for a 304, its status and headers) from them.
func ArchivedDocumentsOver(refs, files []string, maxBody int64) iter.Seq2[Document, error] {
	if maxBody <= 0 {
		maxBody = DefaultDocumentBody
	}
	return func(yield func(Document, error) bool) {
		d := &documentReader{max: maxBody, byID: map[string]recordLoc{}, byDigest: map[string]recordLoc{}}
		for _, f := range refs {
			d.learnFile(f)
		}
		for _, f := range files {
			if !d.readFile(f, yield) {
				return
			}
		}
	}
}

// recordLoc locates a response record.
type recordLoc struct {
	file      string
	offset    int64
	nth       int    // records before it at offset (in a shared gzip member)
	truncated string // WARC-Truncated
}

// documentReader remembers where the documents read so far are, for revisits.
type documentReader struct {
	max      int64
	byID     map[string]recordLoc
	byDigest map[string]recordLoc
}

// learnFile remembers where the documents of one file are, reading no body;
// damage in it is left to the reader of that file.
func (d *documentReader) learnFile(path string) {
	for s, err := range scanFile(path) {
		if err == nil && s.Type == "response" && s.HTTP && documentTypes[mediaType(s.Header.Get("Content-Type"))] {
			d.remember(s, recordLoc{path, s.Offset, s.Nth, s.Truncated})
		}
	}
}

// readFile yields the documents of one file; false means the caller stopped.
func (d *documentReader) readFile(path string, yield func(Document, error) bool) bool {
	for s, err := range scanFile(path) {
		if err != nil {
			if !yield(Document{}, err) {
				return false
			}
			continue
		}
		if doc, ok := d.document(path, s); ok && !yield(doc, nil) {
			return false
		}
	}
	return true
}

// document makes the Document of a record, if it is one.
func (d *documentReader) document(path string, s scanned) (Document, bool) {
	key := canonicalKey(s.URI)
	if (s.Type != "response" && s.Type != "revisit") || !isWebURL(key) {
		return Document{}, false
	}
	if s.Type == "response" && s.HTTP && documentTypes[mediaType(s.Header.Get("Content-Type"))] {
		d.remember(s, recordLoc{path, s.Offset, s.Nth, s.Truncated})
	}
	doc := Document{URL: key, Date: s.Date, Status: s.Status, Header: s.Header, File: path, Offset: s.Offset}
	if s.Type == "revisit" {
		return d.revisit(doc, s)
	}
	if !s.HTTP {
		return Document{}, false
	}
	doc.ContentType = mediaType(s.Header.Get("Content-Type"))
	if !wanted(doc) {
		return Document{}, false
	}
	if !isRedirect(doc.Status) {
		d.readBody(&doc, recordLoc{path, s.Offset, s.Nth, s.Truncated})
	}
	return doc, true
}

// revisit makes the Document of a revisit record from its own headers and its
// original's body; a revisit without headers, or saying 304, takes the original's.
func (d *documentReader) revisit(doc Document, s scanned) (Document, bool) {
	own := s.HTTP && doc.Status != 304
	if s.HTTP {
		doc.ContentType = mediaType(s.Header.Get("Content-Type"))
	}
	switch {
	case own && isRedirect(doc.Status):
		return doc, wanted(doc)
	case own && !wanted(doc):
		return Document{}, false
	}
	loc, found := d.byID[s.RefersTo]
	if !found && s.Digest != "" {
		loc, found = d.byDigest[s.Digest]
	}
	switch {
	case !found && !own:
		return Document{}, false
	case !found:
		doc.Note = "revisit: original record not found in the files read so far"
		return doc, true
	}
	status, header := d.readBody(&doc, loc)
	if !own {
		doc.Status, doc.Header, doc.ContentType = status, header, mediaType(header.Get("Content-Type"))
	}
	return doc, wanted(doc)
}

func (d *documentReader) remember(s scanned, loc recordLoc) {
	if s.ID != "" {
		d.byID[s.ID] = loc
	}
	if _, seen := d.byDigest[s.Digest]; s.Digest != "" && !seen {
		d.byDigest[s.Digest] = loc
	}
}

// wanted: a 2xx document, or a redirect with a Location.
func wanted(doc Document) bool {
	if isRedirect(doc.Status) {
		return doc.Header.Get("Location") != ""
	}
	return doc.Status >= 200 && doc.Status < 300 && documentTypes[doc.ContentType]
}

func isRedirect(status int) bool { return status >= 300 && status < 400 && status != 304 }

// readBody fills doc.Body from the response record at loc and returns that record's
// status and header.
func (d *documentReader) readBody(doc *Document, loc recordLoc) (int, http.Header) {
	doc.Body = nil
	rc, err := openBlockAt(loc.file, loc.offset, loc.nth)
	if err != nil {
		doc.Truncated, doc.Note = true, err.Error()
		return 0, http.Header{}
	}
	defer rc.Close()
	h, br, err := readHTTPHead(rc)
	status, header := parseHTTPHead(h.raw)
	if err != nil || !h.complete {
		doc.Truncated, doc.Note = true, "response header block cut short"
		return status, header
	}
	body, asStored := transferDecoded(br, h.chunked)
	stored, cut, cutNote := readLimited(body, d.max)
	decoded, note, undecodable := decodeStored(stored, header.Values("Content-Encoding"), d.max)
	switch {
	case undecodable:
		doc.Body, doc.Truncated, doc.Note, doc.AsStored = stored, cut, note, true
	case decoded == nil:
		doc.Note = note
		return status, header
	default:
		doc.Body, doc.Truncated, doc.Note = decoded.body, cut || decoded.cut, strings.TrimSpace(cutNote+" "+decoded.note)
	}
	if asStored != "" {
		doc.AsStored, doc.Note = true, strings.TrimSpace(asStored+" "+doc.Note)
	}
	if loc.truncated != "" {
		doc.Truncated, doc.Note = true, strings.TrimSpace("record truncated ("+loc.truncated+") "+doc.Note)
	}
	return status, header
}

// readLimited reads r to its end or to max bytes.
func readLimited(r io.Reader, max int64) ([]byte, bool, string) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	switch {
	case int64(len(b)) > max:
		return b[:max], true, fmt.Sprintf("body cut at %d bytes", max)
	case err != nil:
		return b, true, "body ends early: " + err.Error()
	}
	return b, false, ""
}

// transferDecoded is the body after a header block: de-chunked when the header says
// chunked and the body starts with a chunk-size line, as stored otherwise (with a note:
// some tools store the body de-chunked and keep the header).
func transferDecoded(br *bufio.Reader, chunked bool) (io.Reader, string) {
	if !chunked {
		return br, ""
	}
	if b, _ := br.Peek(1); len(b) == 0 {
		return br, "" // no body
	}
	if !startsWithChunk(br) {
		return br, "Transfer-Encoding: chunked over a body that is not chunked: read as stored."
	}
	return httputil.NewChunkedReader(br), ""
}

// startsWithChunk reports whether br starts with a chunk-size line: hex digits, an
// optional extension after ";", CRLF or LF.
func startsWithChunk(br *bufio.Reader) bool {
	head, _ := br.Peek(64)
	i := bytes.IndexByte(head, '\n')
	if i < 0 {
		return false
	}
	size, _, _ := bytes.Cut(bytes.TrimRight(head[:i], "\r"), []byte(";"))
	size = bytes.TrimRight(size, " \t")
	if len(size) == 0 || len(size) > 16 {
		return false
	}
	for _, c := range size {
		if unhex(c) < 0 {
			return false
		}
	}
	return true
}

// decodedBody is a body with its content codings undone.
type decodedBody struct {
	body []byte
	cut  bool
	note string
}

// decodeStored undoes the content codings of a stored body. A coding it has no
// decoder for gives nil and a note; a coding that does not decode from its first byte
// (a body stored already decoded) gives undecodable and a note.
func decodeStored(stored []byte, codings []string, max int64) (*decodedBody, string, bool) {
	if len(stored) == 0 {
		return &decodedBody{}, "", false
	}
	r, note, err := decodeContent(bytes.NewReader(stored), codings)
	switch {
	case err != nil:
		return nil, "Content-Encoding " + strings.Join(codings, ", ") + " does not decode: read as stored.", true
	case r == nil:
		return nil, note, false
	}
	body, cut, note := readLimited(r, max)
	if len(body) == 0 && len(stored) > 0 && cut {
		return nil, "Content-Encoding " + strings.Join(codings, ", ") + " does not decode: read as stored.", true
	}
	return &decodedBody{body, cut, note}, "", false
}

// decodeContent undoes the content codings listed in Content-Encoding values, last
// applied first. It returns nil and a note for a coding it has no decoder for, and an
// error for one whose header does not parse.
func decodeContent(r io.Reader, values []string) (io.Reader, string, error) {
	var codings []string
	for _, v := range values {
		for c := range strings.SplitSeq(v, ",") {
			if c = strings.ToLower(strings.TrimSpace(c)); c != "" && c != "identity" {
				codings = append(codings, c)
			}
		}
	}
	for i := len(codings) - 1; i >= 0; i-- {
		var err error
		switch codings[i] {
		case "gzip", "x-gzip":
			r, err = gzip.NewReader(r)
		case "deflate":
			r = inflater(r)
		case "br":
			return nil, "content-encoding br is not decoded (no decoder in the standard library)", nil
		default:
			return nil, "content-encoding " + codings[i] + " is not decoded", nil
		}
		if err != nil {
			return nil, "content-encoding " + codings[i] + ": " + err.Error(), err
		}
	}
	return r, "", nil
}

// inflater decodes HTTP "deflate": zlib-wrapped as RFC 9110 says, or raw deflate as
// some servers send it.
func inflater(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if h, err := br.Peek(2); err == nil && h[0]&0x0f == 8 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
		if zr, err := zlib.NewReader(br); err == nil {
			return zr
		}
	}
	return flate.NewReader(br)
}
