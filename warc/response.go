package warc

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
)

// Response is an archived HTTP response opened for reading: its status and header
// fields as archived, and the entity body with chunk framing removed and gzip or
// deflate content-coding decoded (Decoded says so; a coding that cannot be decoded,
// such as br, is left as is).
type Response struct {
	Status  int
	Header  http.Header
	Body    io.Reader
	Decoded bool // Body is no longer in the Content-Encoding of Header
	closer  io.Closer
}

// Close releases the file.
func (r *Response) Close() error { return r.closer.Close() }

// OpenResponse opens the HTTP response held in the response (or resource) record at
// offset in a WARC file, as an Index located it.
func OpenResponse(file string, offset int64) (*Response, error) {
	rc, err := openBlock(file, offset)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(rc, 32<<10)
	h, err := readHead(br)
	if err != nil || !h.complete {
		rc.Close()
		return nil, errors.Join(fmt.Errorf("%s at offset %d: response header block cut short", file, offset), err)
	}
	status, header := parseHTTPHead(h.raw)
	var body io.Reader = br
	if h.chunked {
		body = httputil.NewChunkedReader(br)
	}
	resp := &Response{Status: status, Header: header, Body: body, closer: rc}
	if decoded, _ := decodeContent(body, header.Values("Content-Encoding")); decoded != nil {
		resp.Body, resp.Decoded = decoded, len(header.Values("Content-Encoding")) > 0
	}
	return resp, nil
}
