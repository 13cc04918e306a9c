package warc

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ARC v1 is the Internet Archive's format before WARC. A file is a version block, a
// record whose header line names "filedesc://FILE" followed by a version line and a
// field-spec line, then one record per fetched URL: a header line of five
// space-separated fields
//
//	URL IP-address Archive-date(YYYYMMDDhhmmss) Content-type Archive-length
//
// then Archive-length bytes (the HTTP response as received: status line, header
// fields, body), then a newline. A ".arc.gz" file usually holds each record in its own
// gzip member.
//
// The records reader (recordreader.go) recognises an ARC header line at any record
// boundary (detectRecord) and frames the record with readARCHead as a WARC-style record
// (WARC-Type, WARC-Target-URI, WARC-Date, Content-Type), so ARC files get the same
// layouts, resynchronisation and faults as WARC files.
//
// The records are read as warcio's ArcWarcRecordLoader (arc2warc) reads them for
// cdxj-indexer and pywb: the version block is a warcinfo record (not indexed), every
// other record a response with the Content-Type "application/http;msgtype=response";
// its status and media type come from the HTTP header block when the URL is http(s)
// and the block starts with "HTTP"; an Archive-length that is not a number, or is
// negative, counts as 0; the payload digest (ARC has none) is the SHA-1 of the bytes
// after the HTTP header block, in base32, as warcio's ensure_digest computes it; the
// length of a record in a plain file is its header line and block, without the
// newlines after it; in a gzip file, its gzip member.

// arcFields is the number of fields of an ARC v1 header line.
const arcFields = 5

// arcMaxLine bounds an ARC header line.
const arcMaxLine = 64 << 10

// arcDetectLen is how much of a record boundary is looked at to recognise an ARC header
// line: a longer line is not recognised.
const arcDetectLen = 16 << 10

// arcResponseType is the Content-Type of an ARC capture framed as a WARC record.
const arcResponseType = "application/http;msgtype=response"

// isARCHeader reports whether head starts with a whole ARC v1 header line: five fields,
// the first a URL (a scheme and a colon), the third an Archive-date (digits).
func isARCHeader(head []byte) bool {
	line, _, ok := bytes.Cut(head, []byte("\n"))
	if !ok {
		return false
	}
	h, err := parseARCHeader(string(line))
	return err == nil && hasScheme(h.uri) && isDigits(h.date)
}

// hasScheme reports whether u starts with a URL scheme and a colon ("http:", "filedesc:").
func hasScheme(u string) bool {
	scheme, _, ok := strings.Cut(u, ":")
	if !ok || scheme == "" || !isLetter(scheme[0]) {
		return false
	}
	for i := 0; i < len(scheme); i++ {
		c := scheme[i]
		if !isLetter(c) && !('0' <= c && c <= '9') && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// readARCHead reads an ARC header line (and, for the "filedesc://" record, the version
// and field-spec lines of its version block) as a WARC-style record head: the version
// block is a warcinfo record, every other record a response.
func readARCHead(br *bufio.Reader) (recordHead, error) {
	var rh recordHead
	line, err := readLine(br)
	if err != nil {
		return rh, err
	}
	rh.Raw = []byte(line)
	h, err := parseARCHeader(line)
	if err != nil {
		return rh, err
	}
	typ, ctype := "response", arcResponseType
	if strings.HasPrefix(h.uri, "filedesc://") {
		typ, ctype = "warcinfo", h.contentType
	}
	rh.Fields = []Field{
		{Name: "WARC-Type", Value: typ},
		{Name: "WARC-Target-URI", Value: h.uri},
		{Name: "WARC-Date", Value: arcDate(h.date).Format(time.RFC3339)},
		{Name: "WARC-IP-Address", Value: h.ip},
		{Name: "Content-Type", Value: ctype},
	}
	rh.Length = h.length
	if typ == "warcinfo" {
		return readVersionLines(br, rh)
	}
	return rh, nil
}

// readVersionLines reads the version and field-spec lines that start the block of the
// "filedesc://" record into its head; the block is what Archive-length counts beyond them.
func readVersionLines(br *bufio.Reader, rh recordHead) (recordHead, error) {
	n := int64(0)
	for range 2 {
		line, err := readLine(br)
		if err != nil {
			return rh, fmt.Errorf("ARC version block: %w", err)
		}
		rh.Raw = append(rh.Raw, line...)
		n += int64(len(line))
	}
	rh.Length = max(0, rh.Length-n)
	return rh, nil
}

// readLine reads one line of at most arcMaxLine bytes, through "\n". A line the stream
// ends inside is errHeadCut.
func readLine(br *bufio.Reader) (string, error) {
	var b []byte
	if err := appendLineMax(&b, br, arcMaxLine); err != nil {
		if err == io.EOF {
			return "", errHeadCut
		}
		return "", err
	}
	return string(b), nil
}

// arcHeader is an ARC v1 header line.
type arcHeader struct {
	uri, ip, date, contentType string
	length                     int64
}

// parseARCHeader reads the five fields of a header line.
func parseARCHeader(line string) (arcHeader, error) {
	parts := strings.Split(strings.TrimRight(line, " \t\r\n"), " ")
	if len(parts) != arcFields {
		return arcHeader{}, fmt.Errorf("not an ARC v1 header line (%d fields, want %d): %.80q", len(parts), arcFields, line)
	}
	h := arcHeader{uri: parts[0], ip: parts[1], date: parts[2], contentType: parts[3]}
	if n, err := strconv.ParseInt(parts[4], 10, 64); err == nil && n > 0 {
		h.length = n
	}
	return h, nil
}

// arcDate reads an Archive-date: its first 14 digits (shorter dates padded with the
// first day of the period), UTC.
func arcDate(s string) time.Time {
	const pad = "00000101000000"
	if len(s) > len(pad) {
		s = s[:len(pad)]
	}
	t, _ := time.Parse("20060102150405", s+pad[len(s):])
	return t
}

// scanARCBlock reads the block of an ARC capture into s: the HTTP header block when
// there is one, and the payload digest (the SHA-1 of what follows the header block).
// A block cut short leaves the digest empty; Finish files the fault.
func scanARCBlock(s *scanned, rec *framedRecord) {
	if s.Type != "response" {
		return
	}
	block := bufio.NewReader(rec.Block)
	if isHTTPURL(s.URI) && startsHTTP(block) {
		head, err := readARCHTTPHead(block)
		if err != nil {
			return
		}
		s.HTTP, s.HeadLen = true, len(head)
		s.Status, s.Header = parseHTTPHead(head)
	}
	d := sha1.New()
	if _, err := io.Copy(d, block); err != nil || rec.left > 0 {
		return
	}
	s.Digest = "sha1:" + base32.StdEncoding.EncodeToString(d.Sum(nil))
}

// arcMaxHead bounds the HTTP header block of an ARC record.
const arcMaxHead = 1 << 20

// readARCHTTPHead reads the HTTP header block at the start of a block: through the
// first empty line, or to the end of the block.
func readARCHTTPHead(br *bufio.Reader) ([]byte, error) {
	var raw []byte
	lineStart := 0
	for len(raw) <= arcMaxHead {
		frag, err := br.ReadSlice('\n')
		raw = append(raw, frag...)
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			return raw, nil
		case err != nil:
			return raw, err
		}
		if len(bytes.TrimRight(raw[lineStart:], "\r\n")) == 0 {
			return raw, nil
		}
		lineStart = len(raw)
	}
	return raw, fmt.Errorf("HTTP header block over %d bytes", arcMaxHead)
}

func isHTTPURL(u string) bool { return strings.HasPrefix(u, "http:") || strings.HasPrefix(u, "https:") }

// startsHTTP reports whether a block starts with an HTTP status line ("HTTP/1.1 200",
// or a variant such as "HTTPX/1.1").
func startsHTTP(br *bufio.Reader) bool {
	b, _ := br.Peek(4)
	return string(b) == "HTTP"
}
