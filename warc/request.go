package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"strings"
)

// Request is an archived HTTP request: its method and header fields as archived, and
// the body as stored after the header block (nothing decoded).
type Request struct {
	Method string // the first word of the request line, as written ("POST")
	Header http.Header
	Body   io.Reader // valid until the RequestReader reads another record
}

// RequestReader reads request records of one WARC file by offset, keeping the file
// and its buffers between reads (an index reads one per capture).
type RequestReader struct {
	path string
	f    *os.File
	fr   *bufio.Reader // the file at the record
	zr   *gzip.Reader  // its gzip member, reused
	br   *bufio.Reader // the record
	held io.Closer     // the block of a record in a shared gzip member, read last
}

// OpenRequests opens a WARC file for RequestReader.At.
func OpenRequests(path string) (*RequestReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open warc %s: %w", path, err)
	}
	return &RequestReader{path: path, f: f, fr: bufio.NewReader(f), br: bufio.NewReaderSize(nil, 32<<10)}, nil
}

// Close releases the file.
func (rr *RequestReader) Close() error {
	rr.release()
	return rr.f.Close()
}

// release closes the block of a shared gzip member's record read last.
func (rr *RequestReader) release() {
	if rr.held != nil {
		_ = rr.held.Close()
		rr.held = nil
	}
}

// At reads the HTTP request held in the request record at offset, the nth record that
// starts there (an Entry's Offset and Nth: records after the first in a shared gzip
// member have the member's offset).
func (rr *RequestReader) At(offset int64, nth int) (Request, error) {
	rr.release()
	seek := rr.seek
	if nth > 0 {
		seek = func(offset int64) (int64, error) { return rr.seekShared(offset, nth) }
	}
	length, err := seek(offset)
	if err != nil {
		return Request{}, fmt.Errorf("read warc %s at offset %d: %w", rr.path, offset, err)
	}
	h, err := readHead(rr.br)
	if err != nil || len(h.raw) == 0 {
		return Request{}, fmt.Errorf("read warc %s at offset %d: no request header block", rr.path, offset)
	}
	raw := h.raw[:min(int64(len(h.raw)), length)]
	_, header := parseHTTPHead(raw)
	return Request{Method: requestMethod(raw), Header: header, Body: io.LimitReader(rr.br, length-int64(len(raw)))}, nil
}

// seek positions rr.br on the block of the record at offset and returns its length.
func (rr *RequestReader) seek(offset int64) (int64, error) {
	if _, err := rr.f.Seek(offset, io.SeekStart); err != nil {
		return 0, err
	}
	rr.fr.Reset(rr.f)
	var src io.Reader = rr.fr
	if magic, _ := rr.fr.Peek(2); isGzipMagic(magic) {
		if err := memberReader(&rr.zr, rr.fr); err != nil {
			return 0, err
		}
		src = rr.zr
	}
	rr.br.Reset(src)
	head, _ := rr.br.Peek(arcDetectLen)
	f := detectRecord(head)
	if f == formatNone {
		return 0, errors.New("no record there")
	}
	h, err := readRecordHead(f, rr.br)
	return h.Length, err
}

// seekShared positions rr.br on the block of the nth record in the gzip member at
// offset, read through the records' reader; the block ends itself.
func (rr *RequestReader) seekShared(offset int64, nth int) (int64, error) {
	rc, err := openBlockAt(rr.path, offset, nth)
	if err != nil {
		return 0, err
	}
	rr.held = rc
	rr.br.Reset(rc)
	return math.MaxInt64, nil
}

// requestMethod is the first space-separated word of a request line.
func requestMethod(head []byte) string {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	method, _, _ := strings.Cut(strings.TrimRight(string(line), " \t\r"), " ")
	return method
}
