package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/textproto"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// scanned is what a header-only pass learns about one record: its WARC header fields
// and, for an HTTP block, the status and header fields. Bodies are never kept.
type scanned struct {
	Type         string // WARC-Type
	ID           string // WARC-Record-ID, "<urn:uuid:...>"
	URI          string // WARC-Target-URI without the <...> WARC/1.0 writers put around it
	Date         time.Time
	Offset, Size int64  // where the record is in the file and the bytes it takes there
	ContentType  string // the record's Content-Type
	Digest       string // WARC-Payload-Digest
	RefersTo     string // WARC-Refers-To
	RefersToURI  string // WARC-Refers-To-Target-URI, without <...>
	RefersToDate time.Time
	Truncated    string // WARC-Truncated

	HTTP    bool        // the block holds an HTTP message, parsed into Status and Header
	Status  int         // 0 for requests and unparsable status lines
	Header  http.Header // HTTP header fields of the block
	HeadLen int         // bytes of the HTTP header block (status line to the blank line)
}

// scanOptions make gowarc parse only headers: the HTTP header block of request,
// response and revisit records is read into memory, every payload is skipped without
// being buffered, hashed or validated.
func scanOptions() []gowarc.WarcRecordOption {
	return []gowarc.WarcRecordOption{
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrIgnore),
		gowarc.WithSpecViolationPolicy(gowarc.ErrIgnore),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore),
	}
}

// scanFile iterates over the records of a WARC file (gzip-compressed or not) reading
// headers only. An error ends the iteration.
func scanFile(path string) iter.Seq2[scanned, error] {
	if isARC(path) {
		return scanARC(path)
	}
	return func(yield func(scanned, error) bool) {
		gowarcMu.Lock()
		fr, err := gowarc.NewWarcFileReader(path, 0, scanOptions()...)
		gowarcMu.Unlock()
		if err != nil {
			yield(scanned{}, fmt.Errorf("open warc %s: %w", path, err))
			return
		}
		defer fr.Close()
		for {
			gr, err := fr.Next()
			if errors.Is(err, io.EOF) && gr.WarcRecord == nil {
				return
			}
			if err != nil {
				_ = gr.Close()
				yield(scanned{Offset: gr.Offset}, fmt.Errorf("read warc %s at offset %d: %w", path, gr.Offset, err))
				return
			}
			s := scanRecord(gr)
			_ = gr.Close()
			if !yield(s, nil) {
				return
			}
		}
	}
}

// scanRecord converts a gowarc record read with scanOptions.
func scanRecord(gr gowarc.Record) scanned {
	wr := gr.WarcRecord
	h := wr.WarcHeader()
	s := scanned{
		Type:        h.Get(gowarc.WarcType),
		ID:          h.Get(gowarc.WarcRecordID),
		URI:         unbracket(h.Get(gowarc.WarcTargetURI)),
		Offset:      gr.Offset,
		Size:        gr.Size,
		ContentType: h.Get(gowarc.ContentType),
		Digest:      h.Get(gowarc.WarcPayloadDigest),
		RefersTo:    h.Get(gowarc.WarcRefersTo),
		RefersToURI: unbracket(h.Get(gowarc.WarcRefersToTargetURI)),
		Truncated:   h.Get(gowarc.WarcTruncated),
	}
	s.Date, _ = wr.Date()
	s.RefersToDate, _ = time.Parse(time.RFC3339, h.Get(gowarc.WarcRefersToDate))
	if pb, ok := wr.Block().(gowarc.ProtocolHeaderBlock); ok {
		head := pb.ProtocolHeaderBytes()
		s.HTTP = bytes.HasPrefix(head, []byte("HTTP/"))
		if s.HTTP {
			s.Status, s.Header = parseHTTPHead(head)
			s.HeadLen = len(head)
		}
	}
	return s
}

// unbracket removes the "<" and ">" that WARC/1.0 writers (GNU wget among them) put
// around URIs.
func unbracket(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && v[0] == '<' && v[len(v)-1] == '>' {
		return strings.TrimSpace(v[1 : len(v)-1])
	}
	return v
}

// parseHTTPHead reads a status line and header fields leniently, as broken servers
// send them: lines without a colon are skipped, folded lines are joined, "\n" alone
// ends a line, and the first blank line ends the block.
func parseHTTPHead(head []byte) (int, http.Header) {
	h := http.Header{}
	lines := strings.Split(string(head), "\n")
	status := parseStatus(strings.TrimRight(lines[0], "\r"))
	var last string
	for _, line := range lines[1:] {
		line = strings.TrimRight(line, "\r")
		switch {
		case line == "":
			return status, h
		case (line[0] == ' ' || line[0] == '\t') && last != "":
			vs := h[last]
			vs[len(vs)-1] += " " + strings.TrimSpace(line)
		default:
			name, value, ok := strings.Cut(line, ":")
			if !ok || strings.TrimSpace(name) == "" {
				continue
			}
			last = textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(name))
			h[last] = append(h[last], strings.TrimSpace(value))
		}
	}
	return status, h
}

// recordBlock is the content block of one record, read straight from the file.
type recordBlock struct {
	io.Reader
	f *os.File
}

func (b *recordBlock) Close() error { return b.f.Close() }

// openBlock opens the content block of the record at offset in a WARC file, streaming
// it from the file (through its gzip member, if compressed) without buffering it.
func openBlock(path string, offset int64) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open warc %s: %w", path, err)
	}
	r, err := blockAt(f, offset)
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("read warc %s at offset %d: %w", path, offset, err)
	}
	return &recordBlock{Reader: r, f: f}, nil
}

// blockAt positions a reader on the block of the record at offset in f.
func blockAt(f *os.File, offset int64) (io.Reader, error) {
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, err
	}
	fr := bufio.NewReader(f)
	var r io.Reader = fr
	if magic, _ := fr.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(fr)
		if err != nil {
			return nil, err
		}
		zr.Multistream(false)
		r = zr
	}
	br := bufio.NewReader(r)
	length, err := blockLength(br)
	if err != nil {
		return nil, err
	}
	return io.LimitReader(br, length), nil
}

// blockLength reads a record's version line and header fields and returns its
// Content-Length.
func blockLength(br *bufio.Reader) (int64, error) {
	first, err := br.ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("record version line: %w", io.ErrUnexpectedEOF)
	}
	if !strings.HasPrefix(first, "WARC/") {
		return arcBlockLength(first)
	}
	length := int64(-1)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return 0, fmt.Errorf("record header: %w", io.ErrUnexpectedEOF)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		name, value, _ := strings.Cut(line, ":")
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			length, err = strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || length < 0 {
				return 0, fmt.Errorf("record Content-Length %q", value)
			}
		}
	}
	if length < 0 {
		return 0, errors.New("record has no Content-Length")
	}
	return length, nil
}
