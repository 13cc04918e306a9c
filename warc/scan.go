package warc

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/textproto"
	"strings"
	"sync"
	"time"
)

// scanned is what a header-only pass learns about one record: its WARC header fields
// and, for an HTTP block, the status and header fields. Bodies are never kept.
type scanned struct {
	Type         string // WARC-Type
	ID           string // WARC-Record-ID, "<urn:uuid:...>"
	URI          string // WARC-Target-URI without the <...> WARC/1.0 writers put around it
	Date         time.Time
	Offset, Size int64  // where the record is in the file and the bytes it takes there
	Nth          int    // records before it at the same Offset (sharing its gzip member)
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

// maxHTTPHead bounds the HTTP header block read from a record: what is longer is
// read as a block without HTTP headers.
const maxHTTPHead = 1 << 20

// scanFile iterates over the records of a file (any layout the records' reader frames)
// reading headers only. Faults are yielded as errors and the iteration goes on; any
// other error (the file cannot be opened) ends it.
func scanFile(path string) iter.Seq2[scanned, error] {
	return func(yield func(scanned, error) bool) {
		for rec, err := range eachRecord(path) {
			if err != nil {
				if !yield(scanned{}, err) {
					return
				}
				continue
			}
			s := scanRecord(rec)
			if rec.Finish() != nil {
				continue // the fault comes next
			}
			s.Size = rec.Size
			if !yield(s, nil) {
				return
			}
		}
	}
}

// scanRecord reads a framed record's header facts and, for an HTTP block, its status
// and header fields.
func scanRecord(rec *framedRecord) scanned {
	s := scanned{
		Type:        rec.Get("WARC-Type"),
		ID:          rec.Get("WARC-Record-ID"),
		URI:         unbracket(rec.Get("WARC-Target-URI")),
		Offset:      rec.Offset,
		Nth:         rec.Nth,
		ContentType: rec.Get("Content-Type"),
		Digest:      rec.Get("WARC-Payload-Digest"),
		RefersTo:    rec.Get("WARC-Refers-To"),
		RefersToURI: unbracket(rec.Get("WARC-Refers-To-Target-URI")),
		Truncated:   rec.Get("WARC-Truncated"),
	}
	s.Date = parseWARCDate(rec.Get("WARC-Date"))
	s.RefersToDate = parseWARCDate(rec.Get("WARC-Refers-To-Date"))
	if rec.Format == formatARC {
		scanARCBlock(&s, rec)
		return s
	}
	if httpTyped(s.Type) && rec.Length > 0 {
		s.HTTP, s.Status, s.Header, s.HeadLen = scanHTTP(rec.Block, s.ContentType)
	}
	return s
}

// httpTyped reports whether records of a type may hold an HTTP message.
func httpTyped(t string) bool { return t == "response" || t == "request" || t == "revisit" }

// scanHTTP reads the HTTP header block at the start of a block, when the record says it
// holds one (application/http) or the block starts like one ("HTTP/"). The status line
// is read as warcio.js reads it: the second word is the code, whatever the first
// ("HTTPX/1.1 200 OK" is a 200).
func scanHTTP(block io.Reader, contentType string) (bool, int, http.Header, int) {
	br := headReaders.Get().(*bufio.Reader)
	defer func() { br.Reset(nil); headReaders.Put(br) }()
	br.Reset(io.LimitReader(block, maxHTTPHead))
	first, _ := br.Peek(5)
	if !strings.HasPrefix(strings.ToLower(contentType), "application/http") && !bytes.HasPrefix(first, []byte("HTTP/")) {
		return false, 0, nil, 0
	}
	h, _ := readHead(br)
	if len(h.raw) == 0 {
		return false, 0, nil, 0
	}
	status, header := parseHTTPHead(h.raw)
	return true, status, header, len(h.raw)
}

// readHTTPHead reads the HTTP header block at the start of a block, at most
// maxHTTPHead bytes of it; the body follows in the reader returned.
func readHTTPHead(block io.Reader) (head, *bufio.Reader, error) {
	hr := bufio.NewReaderSize(io.LimitReader(block, maxHTTPHead), 32<<10)
	h, err := readHead(hr)
	return h, bufio.NewReaderSize(io.MultiReader(hr, block), 32<<10), err
}

// headReaders are the buffers of scanHTTP, reused.
var headReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 16<<10) }}

// parseWARCDate reads a WARC-Date (RFC 3339, any precision); zero when it does not parse.
func parseWARCDate(v string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(v))
	if err != nil {
		t, _ = time.Parse("2006-01-02T15:04:05", strings.TrimSuffix(strings.TrimSpace(v), "Z"))
	}
	return t
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
	r *recordReader
}

func (b *recordBlock) Close() error { return b.r.Close() }

// openBlock opens the content block of the record at offset in a WARC file, streaming
// it from the file (through its gzip members, if compressed) without buffering it.
func openBlock(path string, offset int64) (io.ReadCloser, error) {
	return openBlockAt(path, offset, 0)
}

// openBlockAt opens the block of the nth record starting at offset (records after the
// first in a shared gzip member have the member's offset).
func openBlockAt(path string, offset int64, nth int) (io.ReadCloser, error) {
	r, err := openRecords(path)
	if err != nil {
		return nil, err
	}
	if err := r.u.restartAt(offset); err != nil {
		r.Close()
		return nil, fmt.Errorf("read warc %s at offset %d: %w", path, offset, err)
	}
	r.br.Reset(r.u)
	rec, err := r.next()
	for ; err == nil && rec.Offset == offset && rec.Nth < nth; rec, err = r.next() {
		if rec.Finish() != nil {
			break
		}
	}
	if err != nil || rec.Offset != offset || rec.Nth != nth {
		r.Close()
		why := "no WARC record there"
		if fs := r.takeFaults(); len(fs) > 0 {
			why = fs[0].What
		}
		return nil, fmt.Errorf("read warc %s at offset %d: %s", path, offset, why)
	}
	return &recordBlock{Reader: rec.Block, r: r}, nil
}
