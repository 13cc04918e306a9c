package warc

import (
	"encoding/binary"
	"hash/crc32"
	"io"
	"time"

	"github.com/klauspost/compress/flate"
)

// storedMember writes one gzip member whose start is compressed and whose
// rest, after store, goes out in stored deflate blocks: the body of a response
// its server already compressed, which deflate cannot shrink but would spend
// most of a record's CPU on (a replica crawl's gzip-encoded pages came out
// 1.01x their size at level 1). The compressed part is held back while it is
// at most fixedMax bytes and then deflated with fixed codes (fixed.go);
// beyond that it goes through klauspost's deflate at gzipLevel, and the
// member is then byte for byte what klauspost's gzip.Writer writes. Any gzip
// reader reads the member as one.
type storedMember struct {
	out       io.Writer
	fw        *flate.Writer
	fix       fixedEncoder
	pending   []byte // the compressed part while it is small
	deflating bool   // the compressed part outgrew fixedMax: fw has it
	stored    bool
	crc       uint32
	size      uint32
	hdr       [10]byte // the gzip header, a stored block's header, the trailer
}

// maxStored is the largest stored deflate block (RFC 1951 §3.2.4: LEN is 16 bits).
const maxStored = 1<<16 - 1

func newStoredMember() *storedMember {
	fw, _ := flate.NewWriter(nil, gzipLevel) // gzipLevel is valid
	return &storedMember{fw: fw}
}

// reset starts a member on out with its gzip header.
func (z *storedMember) reset(out io.Writer) error {
	z.out, z.crc, z.size, z.stored, z.deflating = out, 0, 0, false, false
	z.pending = z.pending[:0]
	h := z.hdr[:10]
	h[0], h[1], h[2], h[3] = 0x1f, 0x8b, 8, 0 // ID1, ID2, CM deflate, no flags
	// MTIME as klauspost's gzip.Writer fills it from a zero ModTime.
	binary.LittleEndian.PutUint32(h[4:8], uint32(time.Time{}.Unix()))
	h[8], h[9] = gzipXFL, 255 // OS unknown
	_, err := out.Write(h)
	return err
}

// gzipXFL is the gzip header's XFL for gzipLevel (4: fastest).
const gzipXFL = 4

// Write adds p to the member: compressed before store, stored after.
func (z *storedMember) Write(p []byte) (int, error) {
	z.crc = crc32.Update(z.crc, crc32.IEEETable, p)
	z.size += uint32(len(p))
	switch {
	case z.stored:
		return z.writeStored(p)
	case z.deflating:
		return z.fw.Write(p)
	case len(z.pending)+len(p) <= fixedMax:
		z.pending = append(z.pending, p...)
		return len(p), nil
	}
	z.deflating = true
	z.fw.Reset(z.out)
	if _, err := z.fw.Write(z.pending); err != nil {
		return 0, err
	}
	return z.fw.Write(p)
}

func (z *storedMember) writeStored(p []byte) (int, error) {
	for rest := p; len(rest) > 0; {
		n := min(len(rest), maxStored)
		if err := z.block(rest[:n], false); err != nil {
			return len(p) - len(rest), err
		}
		rest = rest[n:]
	}
	return len(p), nil
}

// store ends the compressed part, byte-aligned (a sync flush, or an empty
// stored block after the fixed-code block), so that what follows is written
// in stored blocks.
func (z *storedMember) store() error {
	if z.stored {
		return nil
	}
	z.stored = true
	if z.deflating {
		return z.fw.Flush()
	}
	return z.flushFixed(false)
}

// flushFixed writes the pending bytes as a fixed-code block; one that is not
// final is followed by an empty stored block, which byte-aligns the stream.
func (z *storedMember) flushFixed(final bool) error {
	w := &z.fix.w
	w.out, w.bits, w.n = w.out[:0], 0, 0
	z.fix.block(z.pending, final)
	if !final {
		w.write(0, 3) // BFINAL 0, BTYPE 00
		w.align()
		w.out = append(w.out, 0, 0, 0xff, 0xff) // LEN 0, NLEN
	}
	w.align()
	z.pending = z.pending[:0]
	_, err := z.out.Write(w.out)
	return err
}

// block writes p as one stored block (at most maxStored bytes).
func (z *storedMember) block(p []byte, final bool) error {
	h := z.hdr[:5]
	h[0] = 0 // BFINAL 0, BTYPE 00, padding to the byte boundary
	if final {
		h[0] = 1
	}
	binary.LittleEndian.PutUint16(h[1:3], uint16(len(p)))
	binary.LittleEndian.PutUint16(h[3:5], ^uint16(len(p)))
	if _, err := z.out.Write(h); err != nil {
		return err
	}
	_, err := z.out.Write(p)
	return err
}

// Close ends the deflate stream and writes the gzip trailer (CRC-32, size).
func (z *storedMember) Close() error {
	var err error
	switch {
	case z.stored:
		err = z.block(nil, true)
	case z.deflating:
		err = z.fw.Close()
	default:
		err = z.flushFixed(true)
	}
	if err != nil {
		return err
	}
	t := z.hdr[:8]
	binary.LittleEndian.PutUint32(t[:4], z.crc)
	binary.LittleEndian.PutUint32(t[4:], z.size)
	_, err = z.out.Write(t)
	if z.deflating {
		z.fw.Reset(nil)
	}
	z.out = nil
	return err
}
