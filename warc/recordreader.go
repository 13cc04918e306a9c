package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"strconv"
	"strings"
)

// recordFormat is a record format the reader knows.
type recordFormat int

const (
	formatNone recordFormat = iota // no record starts here
	formatWARC
	formatARC // ARC v1 (arc.go)
)

// detectRecord says which record format starts at head, the first bytes at a record
// boundary of a file's unpacked stream (after any gzip member is decoded). It is the
// one place formats are told apart: another format (ARC) adds its case here and its
// head reader to readRecordHead. head holds up to arcDetectLen bytes (peekHead): an ARC
// header line is recognised only whole.
func detectRecord(head []byte) recordFormat {
	switch {
	case bytes.HasPrefix(head, []byte("WARC/")):
		return formatWARC
	case isARCHeader(head):
		return formatARC
	}
	return formatNone
}

// readRecordHead reads the header of a record of format f; the block follows it.
func readRecordHead(f recordFormat, br *bufio.Reader) (recordHead, error) {
	var h recordHead
	err := errors.New("no record here")
	switch f {
	case formatWARC:
		h, err = readWARCHead(br)
	case formatARC:
		h, err = readARCHead(br)
	}
	h.Format = f
	return h, err
}

// appendLineMax is appendLine that stops with an error when dst grows over max.
func appendLineMax(dst *[]byte, br *bufio.Reader, max int) error {
	for {
		frag, err := br.ReadSlice('\n')
		*dst = append(*dst, frag...)
		if len(*dst) > max {
			return fmt.Errorf("record header over %d bytes", max)
		}
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}

// recordHead is what a record's header says: its fields as WARC header fields and the
// length of the block that follows.
type recordHead struct {
	Format recordFormat
	Fields []Field
	Length int64
	Raw    []byte // the header as read, version line through the blank line
}

// maxHead bounds a record header: a longer one is damage, not a record.
const maxHead = 1 << 20

// errHeadCut is a record header that ends with the stream.
var errHeadCut = errors.New("record header cut short")

// readWARCHead reads a WARC version line and header fields up to the blank line.
// Lines may end in LF alone; a line starting with a space or tab continues the field.
func readWARCHead(br *bufio.Reader) (recordHead, error) {
	var h recordHead
	length := int64(-1)
	for {
		start := len(h.Raw)
		if err := appendLineMax(&h.Raw, br, maxHead); err != nil {
			if err == io.EOF {
				err = errHeadCut
			}
			return h, err
		}
		line := strings.TrimRight(string(h.Raw[start:]), "\r\n")
		switch {
		case start == 0:
			continue // the version line
		case line == "":
			if length < 0 {
				return h, errors.New("record header without a valid Content-Length")
			}
			h.Length = length
			return h, nil
		case (line[0] == ' ' || line[0] == '\t') && len(h.Fields) > 0:
			h.Fields[len(h.Fields)-1].Value += " " + strings.TrimSpace(line)
			continue
		}
		name, value, _ := strings.Cut(line, ":")
		f := Field{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)}
		h.Fields = append(h.Fields, f)
		if strings.EqualFold(f.Name, "Content-Length") {
			if n, err := strconv.ParseInt(f.Value, 10, 64); err == nil && n >= 0 {
				length = n
			}
		}
	}
}

// framedRecord is one record as the reader frames it: where it is in the file, its header,
// and its block, to be read before Finish.
type framedRecord struct {
	recordHead
	Offset int64 // in the file: the record's first byte, or its gzip member's
	Size   int64 // bytes it takes in the file; set by Finish
	Nth    int   // records before it that start at the same Offset (in one gzip member)
	Block  io.Reader

	r        *recordReader
	start    int64 // unpacked position of the record's first byte
	left     int64 // block bytes not read yet
	finished bool
	fault    error
}

// Get returns the first value of a header field (case-insensitive).
func (rec *framedRecord) Get(name string) string {
	for _, f := range rec.Fields {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// blockReader reads a record's block and counts what is left of it.
type blockReader struct{ rec *framedRecord }

func (b blockReader) Read(p []byte) (int, error) {
	rec := b.rec
	if rec.left <= 0 || rec.finished {
		return 0, io.EOF
	}
	if int64(len(p)) > rec.left {
		p = p[:rec.left]
	}
	n, err := rec.r.br.Read(p)
	rec.left -= int64(n)
	if err == io.EOF && rec.left > 0 {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// recordReader frames the records of one file, whatever its layout: one gzip member per
// record or per file, several members per record, empty members anywhere, plain
// records, or all of these concatenated. Where no record can be read it reports a Fault
// and goes on at the next record: the next "WARC/1." line, or the next gzip member.
type recordReader struct {
	path    string
	file    *os.File
	u       *unpacker
	br      *bufio.Reader
	faults  []*Fault
	skipAt  int64 // file offset where skipped bytes start, -1 when not skipping
	skipped int64 // unpacked bytes skipped since skipAt
	shared  int64 // the last gzip member reported as shared, -1 for none
	lastOff int64 // Offset of the last record framed, and how many before it had it
	nth     int
	records int
	done    bool
}

func openRecords(path string) (*recordReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open warc %s: %w", path, unwrapPathErr(err))
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, fmt.Errorf("open warc %s: is a folder", path)
	}
	r := &recordReader{path: path, file: f, u: newUnpacker(f), skipAt: -1, shared: -1, lastOff: -1}
	r.br = bufio.NewReaderSize(r.u, 64<<10)
	return r, nil
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (r *recordReader) Close() error { return r.file.Close() }

// pos is the unpacked position of the next byte the records' reader gets.
func (r *recordReader) pos() int64 { return r.u.pos - int64(r.br.Buffered()) }

// fault files a Fault.
func (r *recordReader) fault(off int64, kind FaultKind, format string, a ...any) *Fault {
	f := &Fault{File: r.path, Offset: off, Kind: kind, What: fmt.Sprintf(format, a...)}
	r.faults = append(r.faults, f)
	return f
}

// takeFaults returns the faults filed since the last call.
func (r *recordReader) takeFaults() []*Fault {
	f := r.faults
	r.faults = nil
	return f
}

// next frames the next record; io.EOF ends the file. Faults found on the way are
// filed (takeFaults).
func (r *recordReader) next() (*framedRecord, error) {
	for !r.done {
		r.u.forget(r.pos())
		head, err := r.br.Peek(8)
		if len(head) == 0 {
			r.endOfStream(err)
			continue
		}
		if head[0] == '\r' || head[0] == '\n' {
			_, _ = r.br.Discard(1)
			continue
		}
		if r.gzipAfterPlain(head) {
			continue
		}
		head, err = r.br.Peek(arcDetectLen)
		f := detectRecord(head)
		if f == formatNone && r.brokenHead(head, err) {
			continue
		}
		if f == formatNone {
			r.skip()
			continue
		}
		if rec := r.record(f); rec != nil {
			return rec, nil
		}
	}
	return nil, io.EOF
}

// brokenHead steps over the gzip member at the reader's position when it breaks before
// its first line is whole (an ARC header line cannot be recognised in it): that is the
// member's damage, one fault, not bytes that are no record.
func (r *recordReader) brokenHead(head []byte, err error) bool {
	var me *memberError
	if bytes.IndexByte(head, '\n') >= 0 || !errors.As(err, &me) {
		return false
	}
	if s, ok := r.u.locate(r.pos()); !ok || !s.gzip || s.raw != me.start {
		return false
	}
	r.brokenMember(me, -1)
	return true
}

// peekHead returns the bytes at the reader's position that detectRecord looks at.
func (r *recordReader) peekHead() []byte {
	head, _ := r.br.Peek(arcDetectLen)
	return head
}

// endOfStream handles the end of the unpacked stream: the file's end, or a broken gzip
// member to step over.
func (r *recordReader) endOfStream(err error) {
	var me *memberError
	if errors.As(err, &me) {
		r.brokenMember(me, -1)
		return
	}
	r.endSkip(r.u.rawPos())
	if err != nil && err != io.EOF {
		r.fault(r.u.rawPos(), FaultSkipped, "read error: %v", err)
	}
	switch {
	case r.records == 0 && r.atFileEnd(0):
		r.fault(0, FaultUnreadable, "the file is empty")
	case r.records == 0:
		r.fault(0, FaultUnreadable, "no WARC record could be read in the file")
	}
	r.done = true
}

// brokenMember steps over a gzip member that cannot be decoded; recordAt is the offset
// of the record it cut (-1 for none). The reader goes on at the next member or record.
func (r *recordReader) brokenMember(me *memberError, recordAt int64) {
	next, err := r.u.scanRaw(me.start + 1)
	if err != nil {
		r.fault(me.start, FaultSkipped, "%v", err)
		r.done = true
		return
	}
	r.br.Reset(r.u)
	cut := errors.Is(me.err, io.ErrUnexpectedEOF) && r.atFileEnd(next)
	switch {
	case recordAt >= 0 && cut:
		r.endSkip(recordAt)
		r.fault(recordAt, FaultCut, "record cut short by the end of the file (%v)", me)
	case recordAt >= 0:
		r.endSkip(recordAt)
		r.fault(recordAt, FaultSkipped, "record unreadable, %d bytes to offset %d skipped (%v)", next-recordAt, next, me)
	case cut:
		r.endSkip(me.start)
		r.fault(me.start, FaultCut, "file ends inside a gzip member (%v)", me)
	default:
		r.endSkip(me.start)
		r.fault(me.start, FaultSkipped, "%d bytes to offset %d skipped (%v)", next-me.start, next, me)
	}
}

func (r *recordReader) atFileEnd(off int64) bool {
	fi, err := r.file.Stat()
	return err == nil && off >= fi.Size()
}

// gzipAfterPlain goes on as gzip where a member starts at a record boundary of a plain
// stretch (a .warc.gz appended to a .warc).
func (r *recordReader) gzipAfterPlain(head []byte) bool {
	if !isGzipMagic(head) {
		return false
	}
	s, ok := r.u.locate(r.pos())
	if !ok || s.gzip {
		return false
	}
	off, _ := r.u.fileOffset(r.pos())
	if err := r.u.restartAt(off); err != nil {
		return false
	}
	r.br.Reset(r.u)
	return true
}

// skip steps over bytes that start no record, up to the next "WARC/1." line, ARC header
// line or the start of the next segment (gzip member); one Fault names the whole stretch.
func (r *recordReader) skip() {
	if r.skipAt < 0 {
		r.skipAt, _ = r.u.fileOffset(r.pos())
		r.skipped = 0
	}
	for {
		c, err := r.br.ReadByte()
		if err != nil {
			return
		}
		if r.skipped++; r.skipped%4096 == 0 {
			r.u.forget(r.pos())
		}
		head, _ := r.br.Peek(7)
		if c == '\n' && bytes.HasPrefix(head, []byte("WARC/1.")) {
			return
		}
		if c == '\n' && len(head) > 0 && isLetter(head[0]) && detectRecord(r.peekHead()) == formatARC {
			return
		}
		if s, ok := r.u.locate(r.pos()); ok && s.log == r.pos() {
			return // a new gzip member (or plain stretch) starts here
		}
		if len(head) >= 3 && isGzipMagic(head) && head[2] == 8 {
			if s, ok := r.u.locate(r.pos()); ok && !s.gzip {
				return // a gzip member may start here: gzipAfterPlain tries it
			}
		}
	}
}

// endSkip files the pending skipped stretch, which ends at file offset end.
func (r *recordReader) endSkip(end int64) {
	if r.skipAt < 0 {
		return
	}
	at := r.skipAt
	r.skipAt = -1
	if end > at {
		r.fault(at, FaultSkipped, "%d bytes that are no WARC record skipped (to offset %d)", end-at, end)
	} else {
		r.fault(at, FaultSkipped, "%d bytes that are no WARC record skipped", r.skipped)
	}
}

// record reads the header of the record starting here; nil means it was damaged (and
// filed as a Fault).
func (r *recordReader) record(f recordFormat) *framedRecord {
	start := r.pos()
	off, inMember := r.u.fileOffset(start)
	r.endSkip(off)
	h, err := readRecordHead(f, r.br)
	if err != nil {
		r.badHead(off, start, err)
		return nil
	}
	if inMember && off != r.shared {
		r.shared = off
		r.fault(off, FaultShared, "records share the gzip member at offset %d: an index can name only the member (one member per record is needed; warcio recompress makes it)", off)
	}
	if off == r.lastOff {
		r.nth++
	} else {
		r.lastOff, r.nth = off, 0
	}
	rec := &framedRecord{recordHead: h, Offset: off, Nth: r.nth, r: r, start: start, left: h.Length}
	rec.Block = blockReader{rec}
	return rec
}

// badHead files a record whose header cannot be read and goes on after its first byte.
func (r *recordReader) badHead(off, start int64, err error) {
	var me *memberError
	if errors.As(err, &me) {
		r.brokenMember(me, off)
		return
	}
	if errors.Is(err, errHeadCut) {
		r.fault(off, FaultCut, "record cut short by the end of the file inside its header")
		return
	}
	r.fault(off, FaultSkipped, "record unreadable: %v", err)
	if s, ok := r.u.locate(start); ok && !s.gzip {
		_ = r.u.restartAt(off + 1) // its header may have run over the next record's
		r.br.Reset(r.u)
	}
	// in a gzip member: go on after what was read (the next "WARC/1." line)
}

// Finish reads what is left of the record's block and the blank lines after it, and
// sets Size. A record cut short is a Fault (and filed): it must not be used.
func (rec *framedRecord) Finish() error {
	if rec.finished {
		return rec.fault
	}
	_, err := io.Copy(io.Discard, rec.Block)
	rec.finished = true
	r := rec.r
	if rec.left > 0 || err != nil {
		rec.fault = r.cutRecord(rec, err)
		return rec.fault
	}
	end := r.pos()
	if next, over := r.u.recordInside(rec.start, end); over {
		rec.fault = r.overrun(rec, next)
		return rec.fault
	}
	for {
		b, _ := r.br.Peek(1)
		if len(b) == 0 || (b[0] != '\r' && b[0] != '\n') {
			break
		}
		_, _ = r.br.Discard(1)
	}
	trailerEnd := r.pos()
	if f := r.memberFailsAfter(rec, trailerEnd); f != nil {
		rec.fault = f
		return f
	}
	if s, ok := r.u.locate(rec.start); ok && s.gzip {
		rec.Size = r.u.fileEnd(trailerEnd) - rec.Offset
	} else {
		rec.Size = r.u.fileEnd(end) - rec.Offset
	}
	r.records++
	r.u.forget(r.pos())
	return nil
}

// overrun files a record whose block ran over the gzip member of the next record (its
// Content-Length is too large) and goes on at that record.
func (r *recordReader) overrun(rec *framedRecord, next segment) *Fault {
	f := r.fault(rec.Offset, FaultSkipped, "record's Content-Length %d runs over the record at offset %d", rec.Length, next.raw)
	if err := r.u.restartAt(next.raw); err != nil {
		r.done = true
	}
	r.br.Reset(r.u)
	return f
}

// memberFailsAfter files a record whose last gzip member fails once its bytes are read
// (a wrong checksum: its bytes are not the ones written) and returns the Fault.
func (r *recordReader) memberFailsAfter(rec *framedRecord, end int64) *Fault {
	_, err := r.br.Peek(1)
	var me *memberError
	if !errors.As(err, &me) {
		return nil
	}
	if s, ok := r.u.locate(end - 1); !ok || !s.gzip || me.start > s.raw {
		return nil // a later member's: the next record's damage
	}
	return r.cutRecord(rec, err)
}

// cutRecord files a record whose block ends early.
func (r *recordReader) cutRecord(rec *framedRecord, err error) *Fault {
	var me *memberError
	if errors.As(err, &me) {
		n := len(r.faults)
		r.brokenMember(me, rec.Offset)
		if len(r.faults) > n {
			return r.faults[len(r.faults)-1]
		}
	}
	read := rec.Length - rec.left
	f := r.fault(rec.Offset, FaultCut, "record cut short by the end of the file: %d of %d block bytes", read, rec.Length)
	r.done = r.done || err == nil || errors.Is(err, io.ErrUnexpectedEOF)
	return f
}

// eachRecord iterates over the framed records of a file, each finished after use.
// Faults are yielded as errors and the iteration goes on; any other error ends it.
func eachRecord(path string) iter.Seq2[*framedRecord, error] {
	return func(yield func(*framedRecord, error) bool) {
		r, err := openRecords(path)
		if err != nil {
			yield(nil, err)
			return
		}
		defer r.Close()
		for {
			rec, err := r.next()
			for _, f := range r.takeFaults() {
				if !yield(nil, f) {
					return
				}
			}
			if err != nil {
				return
			}
			more := yield(rec, nil)
			_ = rec.Finish()
			if !more {
				return
			}
		}
	}
}
