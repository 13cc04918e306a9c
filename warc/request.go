package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Request is an archived HTTP request opened for reading: its method and header fields
// as archived, and the body as stored after the header block (nothing decoded).
type Request struct {
	Method string // the first word of the request line, as written ("POST")
	Header http.Header
	Body   io.Reader
	closer io.Closer
}

// Close releases the file.
func (r *Request) Close() error { return r.closer.Close() }

// OpenRequest opens the HTTP request held in the request record at offset in a WARC
// file (an Entry's Offset).
func OpenRequest(file string, offset int64) (*Request, error) {
	rc, err := openBlock(file, offset)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(rc, 32<<10)
	h, err := readHead(br)
	if err != nil || len(h.raw) == 0 {
		rc.Close()
		return nil, errors.Join(fmt.Errorf("%s at offset %d: no request header block", file, offset), err)
	}
	_, header := parseHTTPHead(h.raw)
	return &Request{Method: requestMethod(h.raw), Header: header, Body: br, closer: rc}, nil
}

// requestMethod is the first space-separated word of a request line.
func requestMethod(head []byte) string {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	method, _, _ := strings.Cut(strings.TrimRight(string(line), " \t\r"), " ")
	return method
}
