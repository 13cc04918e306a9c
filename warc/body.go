package warc

import (
	"io"
	"net/http"
	"slices"
	"sync"
)

// drainBufSize is the buffer used to drain a body closed before EOF.
const drainBufSize = 32 << 10

// body wraps a response body: it enforces MaxBody and MaxFetchTime, and when the body
// ends (EOF, a limit, an error, or Close) it completes the exchange exactly once.
type body struct {
	rc  io.ReadCloser
	f   *fetch
	max int64 // 0: unlimited
	n   int64 // body bytes handed out (transfer-decoded, content-encoding kept)

	// untilClose: the body is delimited by the connection closing, so an EOF after the
	// fetch deadline fired may be our own doing.
	untilClose bool

	mu   sync.Mutex
	done bool
}

func newBody(f *fetch, resp *http.Response) *body {
	return &body{
		rc:         resp.Body,
		f:          f,
		max:        f.rec.cfg.MaxBody,
		untilClose: resp.ContentLength < 0 && !slices.Contains(resp.TransferEncoding, "chunked"),
	}
}

// Read reads the body. When MaxBody or MaxFetchTime cut it short it returns io.EOF; any
// other read failure is returned as is. Either way the exchange is archived before Read
// returns.
func (b *body) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return 0, io.EOF
	}
	n, err := b.read(p)
	if err != nil {
		b.finish()
	}
	return n, err
}

// Close drains what is left of the body into the archive, within the limits, then
// completes the exchange.
func (b *body) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return nil
	}
	buf := drainBufs.Get().(*[]byte)
	for {
		if _, err := b.read(*buf); err != nil {
			break
		}
	}
	drainBufs.Put(buf)
	b.finish()
	return nil
}

// drainBufs are Close's buffers, reused: about half the bodies of a crawl
// end in Close rather than at EOF, and a new 32 KiB buffer for each was a
// fifteenth of the bytes a crawl allocated.
var drainBufs = sync.Pool{New: func() any { b := make([]byte, drainBufSize); return &b }}

// read reads once from the underlying body under the limits. A non-nil error ends the body.
func (b *body) read(p []byte) (int, error) {
	if b.max > 0 {
		if b.n >= b.max {
			return 0, b.probe()
		}
		if rem := b.max - b.n; int64(len(p)) > rem {
			p = p[:rem]
		}
	}
	n, err := b.rc.Read(p)
	b.n += int64(n)
	return n, b.classify(err)
}

// probe checks whether a body that reached MaxBody has more bytes.
func (b *body) probe() error {
	var one [1]byte
	for {
		n, err := b.rc.Read(one[:])
		if n > 0 {
			b.f.ex.Truncated = TruncatedLength
			return io.EOF
		}
		if err != nil {
			return b.classify(err)
		}
	}
}

// classify maps an underlying read error to the end of the body, recording why it ended.
func (b *body) classify(err error) error {
	switch {
	case err == nil:
		return nil
	case err == io.EOF && !(b.untilClose && b.f.timedOut.Load()):
		return io.EOF
	case b.f.timedOut.Load():
		b.f.ex.Truncated = TruncatedTime
		return io.EOF
	default:
		b.f.ex.Truncated = TruncatedDisconnect
		return err
	}
}

// finish closes the underlying body (which closes the connection unless it was read to
// EOF) and archives the exchange.
func (b *body) finish() {
	b.done = true
	_ = b.rc.Close()
	b.f.complete()
}
