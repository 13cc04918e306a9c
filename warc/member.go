package warc

import (
	"encoding/binary"
	"hash/crc32"
	"io"
	"time"

	"github.com/klauspost/compress/flate"
)

// storedMember writes one gzip member whose start is compressed at gzipLevel
// and whose rest, after store, goes out in stored deflate blocks: the body of
// a response its server already compressed, which deflate cannot shrink but
// would spend most of a record's CPU on (a replica crawl's gzip-encoded pages
// came out 1.01x their size at level 1). Any gzip reader reads the member as
// one; the header is the one klauspost's gzip.Writer writes at gzipLevel.
type storedMember struct {
	out    io.Writer
	fw     *flate.Writer
	crc    uint32
	size   uint32
	stored bool
	hdr    [10]byte // the gzip header, a stored block's header, the trailer
}

// maxStored is the largest stored deflate block (RFC 1951 §3.2.4: LEN is 16 bits).
const maxStored = 1<<16 - 1

func newStoredMember() *storedMember {
	fw, _ := flate.NewWriter(nil, gzipLevel) // gzipLevel is valid
	return &storedMember{fw: fw}
}

// reset starts a member on out with its gzip header.
func (z *storedMember) reset(out io.Writer) error {
	z.out, z.crc, z.size, z.stored = out, 0, 0, false
	z.fw.Reset(out)
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
	if !z.stored {
		return z.fw.Write(p)
	}
	for rest := p; len(rest) > 0; {
		n := min(len(rest), maxStored)
		if err := z.block(rest[:n], false); err != nil {
			return len(p) - len(rest), err
		}
		rest = rest[n:]
	}
	return len(p), nil
}

// store ends the compressed part (a sync flush leaves the stream byte-aligned)
// so that what follows is written in stored blocks.
func (z *storedMember) store() error {
	if z.stored {
		return nil
	}
	z.stored = true
	return z.fw.Flush()
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
	if z.stored {
		err = z.block(nil, true)
	} else {
		err = z.fw.Close()
	}
	if err != nil {
		return err
	}
	t := z.hdr[:8]
	binary.LittleEndian.PutUint32(t[:4], z.crc)
	binary.LittleEndian.PutUint32(t[4:], z.size)
	_, err = z.out.Write(t)
	z.fw.Reset(nil)
	z.out = nil
	return err
}
