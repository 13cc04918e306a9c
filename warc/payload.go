package warc

import (
	"bufio"
	"bytes"
	"errors"
	"hash"
	"io"
	"net/http/httputil"
	"strconv"
	"strings"
	"sync"
)

// head is the header block of an HTTP response as it appears in a WARC block.
type head struct {
	raw         []byte // status line through the blank line
	status      int    // 0 if the status line does not parse
	contentType string
	chunked     bool
	encoded     bool // a Content-Encoding that compresses (gzip, br, ...): the body is not compressible
	complete    bool // the blank line ending the block was seen
}

// hasBody reports whether the status allows a payload (RFC 9110: not 1xx, 204 or 304).
func (h head) hasBody() bool {
	return h.status >= 200 && h.status != 204 && h.status != 304
}

// interim reports whether the block is an interim 1xx response that net/http reads and
// skips before the final one (100 Continue, 103 Early Hints); 101 is final.
func (h head) interim() bool {
	return h.complete && h.status >= 100 && h.status < 200 && h.status != 101
}

// readHead reads one header block. Like net/http it ends at the first empty line
// ("\r\n" or "\n"); a block cut short by EOF is returned with complete false.
func readHead(br *bufio.Reader) (head, error) {
	h := head{raw: make([]byte, 0, 512)}
	for {
		start := len(h.raw)
		err := appendLine(&h.raw, br)
		line := h.raw[start:]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return h, err
		}
		text := bytes.TrimRight(line, "\r\n")
		switch {
		case len(text) == 0:
			h.complete = true
			return h, nil
		case start == 0:
			h.status = parseStatus(string(text))
		default:
			h.field(text)
		}
	}
}

// appendLine appends the next line of br, through '\n' or to the end, to dst.
func appendLine(dst *[]byte, br *bufio.Reader) error {
	for {
		frag, err := br.ReadSlice('\n')
		*dst = append(*dst, frag...)
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}

// parseStatus reads the code of "HTTP/1.1 200 OK" or "ICY 200 OK".
func parseStatus(line string) int {
	f := strings.Fields(line)
	if len(f) < 2 || len(f[1]) != 3 {
		return 0
	}
	code, err := strconv.Atoi(f[1])
	if err != nil {
		return 0
	}
	return code
}

// field notes the header fields that decide where the payload is.
func (h *head) field(line []byte) {
	name, value, ok := bytes.Cut(line, []byte(":"))
	if !ok {
		return
	}
	name = bytes.TrimSpace(name)
	switch {
	case asciiEqualFold(name, "content-type"):
		if h.contentType == "" {
			h.contentType = string(bytes.TrimSpace(value))
		}
	case asciiEqualFold(name, "transfer-encoding"):
		codings := strings.Split(string(bytes.TrimSpace(value)), ",")
		h.chunked = strings.EqualFold(strings.TrimSpace(codings[len(codings)-1]), "chunked")
	case asciiEqualFold(name, "content-encoding"):
		h.encoded = compressedCoding(value)
	}
}

// compressedCoding reports whether a Content-Encoding value's last coding
// compresses the body (gzip, br, zstd, deflate, compress), so compressing it
// again gains nothing.
func compressedCoding(value []byte) bool {
	value = bytes.TrimSpace(value)
	if i := bytes.LastIndexByte(value, ','); i >= 0 {
		value = bytes.TrimSpace(value[i+1:])
	}
	for _, c := range []string{"gzip", "x-gzip", "br", "zstd", "deflate", "compress", "x-compress"} {
		if asciiEqualFold(value, c) {
			return true
		}
	}
	return false
}

// asciiEqualFold reports whether b equals the lower-case ASCII name, ignoring ASCII
// case only (as strings.ToLower(b) == name does for names without a 'k').
func asciiEqualFold(b []byte, name string) bool {
	if len(b) != len(name) {
		return false
	}
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != name[i] {
			return false
		}
	}
	return true
}

// finalResponseOffset returns where the final response starts in the recorded bytes,
// past any interim 1xx responses (which are not part of the archived response).
func finalResponseOffset(s *Spool) (int64, error) {
	var off int64
	br := digestReaders.Get().(*bufio.Reader)
	defer func() { br.Reset(nil); digestReaders.Put(br) }()
	for {
		br.Reset(s.Reader(off))
		h, err := readHead(br)
		if err != nil {
			return 0, err
		}
		if !h.interim() {
			return off, nil
		}
		off += int64(len(h.raw))
	}
}

// blockDigests is what digestResponse learns about an HTTP response block.
type blockDigests struct {
	head          head
	block         string // digest of the whole block
	payload       string // digest of the transfer-decoded body
	blockLength   int64
	payloadLength int64
}

// digestReaders are the 64 KiB buffers of digestResponse, reused: one per
// response was the largest allocation of a crawl.
var digestReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 64<<10) }}

// digestResponse reads an HTTP response block to its end and digests it with alg. The
// payload is the body after the header block, with chunk framing removed when the
// response is chunked and content-encoding kept (WARC 1.1 §6.3.2); it is empty for
// bodiless responses (1xx, 204, 304, and when bodyless is set, as for HEAD). A chunked
// body cut short yields the bytes decoded so far. Only errors of r are returned.
func digestResponse(r io.Reader, alg string, bodyless bool) (blockDigests, error) {
	bh, err := newHash(alg)
	if err != nil {
		return blockDigests{}, err
	}
	d, err := digestHTTP(r, alg, bodyless, bh)
	if err != nil {
		return d, err
	}
	d.block = formatDigest(alg, bh)
	return d, nil
}

// digestSpool is digestResponse of the block in s from off. A block still in memory
// (up to 1 MiB) is hashed in place rather than copied through a reader.
func digestSpool(s *Spool, off int64, alg string, bodyless bool) (blockDigests, error) {
	mem := s.Bytes()
	if mem == nil {
		return digestResponse(s.Reader(off), alg, bodyless)
	}
	return digestMemory(mem[off:], alg, bodyless)
}

// digestMemory is digestResponse of a block held in memory.
func digestMemory(block []byte, alg string, bodyless bool) (blockDigests, error) {
	bh, err := newHash(alg)
	if err != nil {
		return blockDigests{}, err
	}
	ph, _ := newHash(alg)
	bh.Write(block)
	br := digestReaders.Get().(*bufio.Reader)
	defer func() { br.Reset(nil); digestReaders.Put(br) }()
	br.Reset(bytes.NewReader(block))
	h, _ := readHead(br)
	var n int64
	if h.complete && h.hasBody() && !bodyless {
		body := block[len(h.raw):]
		if h.chunked {
			br.Reset(bytes.NewReader(body))
			n = copyPayload(ph, br, true)
		} else {
			ph.Write(body)
			n = int64(len(body))
		}
	}
	return blockDigests{
		head: h, block: formatDigest(alg, bh), payload: formatDigest(alg, ph),
		blockLength: int64(len(block)), payloadLength: n,
	}, nil
}

// digestHTTP reads an HTTP response block to its end, writing it all to block, and
// returns what it learns but the block digest.
func digestHTTP(r io.Reader, alg string, bodyless bool, block io.Writer) (blockDigests, error) {
	ph, err := newHash(alg)
	if err != nil {
		return blockDigests{}, err
	}
	src := &errReader{r: r}
	cw := &countWriter{w: block}
	br := digestReaders.Get().(*bufio.Reader)
	br.Reset(io.TeeReader(src, cw))
	defer func() { br.Reset(nil); digestReaders.Put(br) }()

	h, _ := readHead(br)
	var n int64
	if h.complete && h.hasBody() && !bodyless {
		n = copyPayload(ph, br, h.chunked)
	}
	if _, err := io.Copy(io.Discard, br); err != nil && src.err == nil {
		src.err = err
	}
	if src.err != nil {
		return blockDigests{}, src.err
	}
	return blockDigests{head: h, payload: formatDigest(alg, ph), blockLength: cw.n, payloadLength: n}, nil
}

// copyPayload hashes the body, de-chunking it if needed; framing errors end the payload.
func copyPayload(ph hash.Hash, br *bufio.Reader, chunked bool) int64 {
	var body io.Reader = br
	if chunked {
		body = httputil.NewChunkedReader(br)
	}
	n, _ := io.Copy(ph, body)
	return n
}

// errReader remembers the first error of r other than io.EOF.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && e.err == nil {
		e.err = err
	}
	return n, err
}

// countWriter counts the bytes passed to w.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
