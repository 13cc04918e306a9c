package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
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

// decodedOrStored is body with its content codings undone, or as stored when they
// cannot be (no decoder, or a header that does not parse: a body stored decoded).
func decodedOrStored(body io.Reader, codings []string) (io.Reader, bool) {
	br := bufio.NewReader(body)
	head, _ := br.Peek(512)
	if decoded, _, err := decodeContent(bytes.NewReader(head), codings); decoded == nil || err != nil {
		return br, false
	}
	decoded, _, err := decodeContent(br, codings)
	if decoded == nil || err != nil {
		return br, false
	}
	return decoded, true
}

// OpenResponse opens the HTTP response held in the response (or resource) record at
// offset in a WARC file, as an Index located it.
func OpenResponse(file string, offset int64) (*Response, error) {
	return OpenResponseAt(file, offset, 0)
}

// OpenResponseAt is OpenResponse of the nth record at offset: records after the first
// in a gzip member they share have the member's offset (Snapshot.Nth).
func OpenResponseAt(file string, offset int64, nth int) (*Response, error) {
	rc, err := openBlockAt(file, offset, nth)
	if err != nil {
		return nil, err
	}
	h, br, err := readHTTPHead(rc)
	if err != nil || !h.complete {
		rc.Close()
		return nil, errors.Join(fmt.Errorf("%s at offset %d: response header block cut short", file, offset), err)
	}
	status, header := parseHTTPHead(h.raw)
	body, _ := transferDecoded(br, h.chunked)
	resp := &Response{Status: status, Header: header, Body: body, closer: rc}
	if codings := header.Values("Content-Encoding"); len(codings) > 0 {
		resp.Body, resp.Decoded = decodedOrStored(body, codings)
	}
	return resp, nil
}
