package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
)

// segment is a stretch of a file read as one piece: a gzip member or plain bytes, with
// where its bytes fall in the unpacked stream.
type segment struct {
	raw, rawEnd int64 // in the file; rawEnd is -1 while the segment is open
	log, logEnd int64 // in the unpacked stream; logEnd is -1 while open
	gzip        bool
	head        []byte // its first unpacked bytes (up to 8)
}

// contains reports whether the unpacked byte at pos comes from s.
func (s segment) contains(pos int64) bool {
	return pos >= s.log && (s.logEnd < 0 || pos < s.logEnd)
}

// memberError is a gzip member that cannot be decoded to its end.
type memberError struct {
	start int64 // where the member starts in the file
	err   error
}

func (e *memberError) Error() string {
	return fmt.Sprintf("gzip member at offset %d: %v", e.start, e.err)
}

func (e *memberError) Unwrap() error { return e.err }

// unpacker reads a file as one stream of bytes: the decoded bytes of its gzip members
// (any number, empty ones too) and its plain bytes, in file order. It remembers where
// each segment lies in the file, so a record read from the stream can be located: in a
// plain stretch by its exact offset, in a gzip member by the member's offset.
type unpacker struct {
	f    io.ReadSeeker
	base int64 // file offset where raw's input starts
	cr   countReader
	raw  *bufio.Reader
	zr   *gzip.Reader
	segs []segment // from the current record's first segment on
	pos  int64     // unpacked bytes handed out
	err  error     // sticky: io.EOF or a *memberError
}

// countReader counts the bytes read from r.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func newUnpacker(f io.ReadSeeker) *unpacker {
	u := &unpacker{f: f}
	u.cr.r = f
	u.raw = bufio.NewReaderSize(&u.cr, 64<<10)
	return u
}

// rawPos is the file offset of the next raw byte.
func (u *unpacker) rawPos() int64 { return u.base + u.cr.n - int64(u.raw.Buffered()) }

// open is the open segment, or nil.
func (u *unpacker) open() *segment {
	if n := len(u.segs); n > 0 && u.segs[n-1].logEnd < 0 {
		return &u.segs[n-1]
	}
	return nil
}

// Read reads the unpacked stream. A gzip member that cannot be decoded ends it with a
// *memberError; restartAt goes on.
func (u *unpacker) Read(p []byte) (int, error) {
	for u.err == nil {
		s := u.open()
		if s == nil {
			if u.err = u.begin(); u.err != nil {
				break
			}
			s = u.open()
		}
		n, err := u.readSegment(s, p)
		if len(s.head) < 8 {
			s.head = append(s.head, p[:min(n, 8-len(s.head))]...)
		}
		u.pos += int64(n)
		switch {
		case err == io.EOF:
			s.logEnd, s.rawEnd = u.pos, u.rawPos()
		case err != nil:
			u.err = &memberError{start: s.raw, err: err}
		}
		if n > 0 {
			return n, nil
		}
	}
	return 0, u.err
}

// begin opens the segment at the raw position: a gzip member when the bytes there
// start one, plain bytes otherwise.
func (u *unpacker) begin() error {
	head, _ := u.raw.Peek(2)
	if len(head) == 0 {
		return io.EOF
	}
	s := segment{raw: u.rawPos(), rawEnd: -1, log: u.pos, logEnd: -1}
	if isGzipMagic(head) {
		s.gzip = true
		if err := memberReader(&u.zr, u.raw); err != nil {
			return &memberError{start: s.raw, err: err}
		}
	}
	u.segs = append(u.segs, s)
	return nil
}

// memberReader points *zr (made on first use) at the gzip member that r
// starts with, and at that member only.
func memberReader(zr **gzip.Reader, r io.Reader) error {
	var err error
	if *zr == nil {
		*zr, err = gzip.NewReader(r)
	} else {
		err = (*zr).Reset(r)
	}
	if err == nil {
		(*zr).Multistream(false)
	}
	return err
}

// readSegment reads from s. A plain segment goes on to the file's end: the records'
// reader restarts at a gzip member it finds at a record boundary (a plain WARC's
// payloads may hold gzip bytes, so nothing else ends it).
func (u *unpacker) readSegment(s *segment, p []byte) (int, error) {
	if s.gzip {
		n, err := u.zr.Read(p)
		if err == io.ErrUnexpectedEOF || (err == nil && n == 0) {
			return n, fmt.Errorf("member cut short: %w", io.ErrUnexpectedEOF)
		}
		return n, err
	}
	n, err := u.raw.Read(p)
	if err == nil || err == io.EOF {
		if n == 0 && err == nil {
			return 0, io.ErrNoProgress
		}
		return n, err
	}
	return n, err
}

// restartAt drops what was read and goes on from file offset off (a record boundary,
// or a resynchronisation point). The unpacked position keeps counting.
func (u *unpacker) restartAt(off int64) error {
	if _, err := u.f.Seek(off, io.SeekStart); err != nil {
		return err
	}
	u.base, u.cr.n = off, 0
	u.raw.Reset(&u.cr)
	u.segs, u.err = nil, nil
	return nil
}

// recordInside returns a gzip member that starts a WARC record strictly between
// unpacked positions from and to: a block that runs over it has a wrong Content-Length.
func (u *unpacker) recordInside(from, to int64) (segment, bool) {
	for _, s := range u.segs {
		if s.gzip && s.log > from && s.log < to && bytes.HasPrefix(s.head, []byte("WARC/1.")) {
			return s, true
		}
	}
	return segment{}, false
}

// locate returns the segment holding unpacked byte pos.
func (u *unpacker) locate(pos int64) (segment, bool) {
	for _, s := range u.segs {
		if s.contains(pos) && (s.logEnd < 0 || s.logEnd > s.log) {
			return s, true
		}
	}
	return segment{}, false
}

// fileOffset is where unpacked byte pos is in the file: exactly in a plain segment,
// the member's start in a gzip member.
func (u *unpacker) fileOffset(pos int64) (off int64, inMember bool) {
	s, ok := u.locate(pos)
	switch {
	case !ok:
		return u.rawPos(), false
	case s.gzip:
		return s.raw, pos > s.log
	}
	return s.raw + pos - s.log, false
}

// fileEnd is the file offset just past unpacked byte pos-1: exact in a plain segment,
// the member's end (or what was read of it) in a gzip member.
func (u *unpacker) fileEnd(pos int64) int64 {
	s, ok := u.locate(pos - 1)
	switch {
	case !ok:
		return u.rawPos()
	case !s.gzip:
		return s.raw + pos - s.log
	case s.rawEnd >= 0:
		return s.rawEnd
	}
	return u.rawPos()
}

// forget drops the segments that end before unpacked position pos.
func (u *unpacker) forget(pos int64) {
	i := 0
	for i < len(u.segs)-1 && u.segs[i].logEnd >= 0 && u.segs[i].logEnd <= pos {
		i++
	}
	u.segs = append(u.segs[:0], u.segs[i:]...)
}

// scanRaw finds, from file offset off on, the next place a record may start: a gzip
// member header or a "WARC/1." line. It returns the file's end when there is none.
func (u *unpacker) scanRaw(off int64) (int64, error) {
	if err := u.restartAt(off); err != nil {
		return 0, err
	}
	atLineStart := false
	for {
		b, err := u.raw.Peek(8)
		if len(b) == 0 {
			return u.rawPos(), nil
		}
		if (len(b) >= 3 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8) || (atLineStart && bytes.HasPrefix(b, []byte("WARC/1."))) {
			return u.rawPos(), nil
		}
		c, _ := u.raw.ReadByte()
		atLineStart = c == '\n'
		if err != nil && len(b) < 8 && len(b) <= 1 {
			return u.rawPos(), nil
		}
	}
}

func isGzipMagic(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }
