package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
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

// isARC reports whether path holds an ARC file: its content (gunzipped) starts with
// "filedesc://", or its name ends in ".arc" or ".arc.gz" and it does not start with a
// WARC version line.
func isARC(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var r io.Reader = br
	if isGzip(br) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return false
		}
		r = zr
	}
	head := make([]byte, len("filedesc://"))
	n, _ := io.ReadFull(r, head)
	head = head[:n]
	named := strings.HasSuffix(path, ".arc") || strings.HasSuffix(path, ".arc.gz")
	return bytes.Equal(head, []byte("filedesc://")) || (named && !bytes.HasPrefix(head, []byte("WARC/")))
}

// isGzip reports whether br starts with a gzip member.
func isGzip(br *bufio.Reader) bool {
	magic, _ := br.Peek(2)
	return len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b
}

// scanARC iterates over the records of an ARC v1 file (plain, or gzip with one member
// per record) as scanFile does over a WARC file. An error ends the iteration.
func scanARC(path string) iter.Seq2[scanned, error] {
	return func(yield func(scanned, error) bool) {
		f, err := os.Open(path)
		if err != nil {
			yield(scanned{}, fmt.Errorf("open arc %s: %w", path, err))
			return
		}
		defer f.Close()
		for s, err := range scanARCReader(f, path) {
			if !yield(s, err) {
				return
			}
		}
	}
}

// scanARCReader is scanARC over the content of a file (offsets count from the start
// of r; name is for errors).
func scanARCReader(r io.Reader, name string) iter.Seq2[scanned, error] {
	return func(yield func(scanned, error) bool) {
		in := newOffsetReader(r)
		if isGzip(in.br) {
			scanARCMembers(name, in, yield)
		} else {
			scanARCPlain(name, in, yield)
		}
	}
}

// offsetReader is a buffered file reader that knows its position in the file.
type offsetReader struct {
	br *bufio.Reader
	n  int64 // bytes read from the file
}

func newOffsetReader(r io.Reader) *offsetReader {
	o := &offsetReader{}
	o.br = bufio.NewReaderSize(countReader{r, &o.n}, 64<<10)
	return o
}

// pos is the file offset of the next byte br returns.
func (o *offsetReader) pos() int64 { return o.n - int64(o.br.Buffered()) }

type countReader struct {
	r io.Reader
	n *int64
}

func (c countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}

// scanARCPlain reads the records of an uncompressed ARC file.
func scanARCPlain(path string, in *offsetReader, yield func(scanned, error) bool) {
	for {
		if _, err := skipBlankLines(in.br); err == io.EOF {
			return
		} else if err != nil {
			yield(scanned{Offset: in.pos()}, fmt.Errorf("read arc %s at offset %d: %w", path, in.pos(), err))
			return
		}
		start := in.pos()
		s, err := readARCRecord(in.br)
		s.Offset, s.Size = start, in.pos()-start
		if err != nil {
			yield(scanned{Offset: start}, fmt.Errorf("read arc %s at offset %d: %w", path, start, err))
			return
		}
		if !yield(s, nil) {
			return
		}
	}
}

// scanARCMembers reads the records of a gzip ARC file, one record per member (empty
// members are passed over).
func scanARCMembers(path string, in *offsetReader, yield func(scanned, error) bool) {
	for {
		if _, err := in.br.Peek(1); err == io.EOF {
			return
		}
		start := in.pos()
		s, found, err := readARCMember(in.br)
		s.Offset, s.Size = start, in.pos()-start
		if err != nil {
			yield(scanned{Offset: start}, fmt.Errorf("read arc %s at offset %d: %w", path, start, err))
			return
		}
		if found && !yield(s, nil) {
			return
		}
	}
}

// readARCMember reads one gzip member holding at most one ARC record, to its end.
func readARCMember(br *bufio.Reader) (scanned, bool, error) {
	if !isGzip(br) {
		return scanned{}, false, errors.New("not a gzip member")
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return scanned{}, false, err
	}
	zr.Multistream(false)
	inner := bufio.NewReader(zr)
	if _, err := skipBlankLines(inner); err == io.EOF {
		return scanned{}, false, nil // an empty member
	} else if err != nil {
		return scanned{}, false, err
	}
	s, err := readARCRecord(inner)
	if err != nil {
		return s, false, err
	}
	switch _, err := skipBlankLines(inner); {
	case err == nil:
		return s, false, errors.New("gzip member holds more than one ARC record (records after the first cannot be located)")
	case err != io.EOF:
		return s, false, err
	}
	return s, true, nil
}

// skipBlankLines consumes the empty lines before a record; io.EOF means no record follows.
func skipBlankLines(br *bufio.Reader) (int, error) {
	skipped := 0
	for {
		b, err := br.Peek(1)
		if err != nil {
			return skipped, err
		}
		if b[0] != '\n' && b[0] != '\r' {
			return skipped, nil
		}
		_, _ = br.ReadByte()
		skipped++
	}
}

// readARCRecord reads the header line and block of one record.
func readARCRecord(br *bufio.Reader) (scanned, error) {
	line, err := readLine(br)
	if err != nil {
		return scanned{}, err
	}
	h, err := parseARCHeader(line)
	if err != nil {
		return scanned{}, err
	}
	if strings.HasPrefix(h.uri, "filedesc://") {
		return readVersionBlock(br, h)
	}
	return readARCResponse(br, h)
}

// readLine reads one line of at most arcMaxLine bytes, through "\n".
func readLine(br *bufio.Reader) (string, error) {
	var b []byte
	for {
		frag, err := br.ReadSlice('\n')
		b = append(b, frag...)
		switch {
		case len(b) > arcMaxLine:
			return "", errors.New("ARC header line too long")
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && len(b) > 0:
			return "", fmt.Errorf("ARC header line cut short: %w", io.ErrUnexpectedEOF)
		case err != nil:
			return "", err
		}
		return string(b), nil
	}
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

// arcBlockLength is the block length of the record whose first line is line, when it
// is an ARC v1 header line (for blockLength).
func arcBlockLength(line string) (int64, error) {
	h, err := parseARCHeader(line)
	if err != nil {
		return 0, fmt.Errorf("no WARC or ARC record here: %.80q", strings.TrimSpace(line))
	}
	return h.length, nil
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

// readVersionBlock reads the block of the "filedesc://" record: a version line and a
// field-spec line, then whatever Archive-length counts beyond them.
func readVersionBlock(br *bufio.Reader, h arcHeader) (scanned, error) {
	s := scanned{Type: "warcinfo", Date: arcDate(h.date), ContentType: h.contentType}
	n := int64(0)
	for range 2 {
		line, err := readLine(br)
		if err != nil {
			return s, fmt.Errorf("ARC version block: %w", err)
		}
		n += int64(len(line))
	}
	if rest := h.length - n; rest > 0 {
		if _, err := io.CopyN(io.Discard, br, rest); err != nil {
			return s, fmt.Errorf("ARC version block cut short: %w", io.ErrUnexpectedEOF)
		}
	}
	return s, nil
}

// readARCResponse reads the block of a capture: the HTTP header block when there is
// one, and the payload digest.
func readARCResponse(br *bufio.Reader, h arcHeader) (scanned, error) {
	s := scanned{
		Type: "response", URI: h.uri, Date: arcDate(h.date),
		ContentType: "application/http;msgtype=response",
	}
	block := bufio.NewReader(io.LimitReader(br, h.length))
	read := int64(0)
	if isHTTPURL(h.uri) && startsHTTP(block) {
		head, err := readARCHead(block)
		if err != nil {
			return s, err
		}
		s.HTTP, s.HeadLen = true, len(head)
		s.Status, s.Header = parseHTTPHead(head)
		read = int64(len(head))
	}
	d := sha1.New()
	n, err := io.Copy(d, block)
	if err != nil {
		return s, err
	}
	if read+n < h.length {
		return s, fmt.Errorf("ARC record %s cut short (%d of %d bytes): %w", h.uri, read+n, h.length, io.ErrUnexpectedEOF)
	}
	s.Digest = "sha1:" + base32.StdEncoding.EncodeToString(d.Sum(nil))
	return s, nil
}

// arcMaxHead bounds the HTTP header block of an ARC record.
const arcMaxHead = 1 << 20

// readARCHead reads the HTTP header block at the start of a block: through the first
// empty line, or to the end of the block.
func readARCHead(br *bufio.Reader) ([]byte, error) {
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
