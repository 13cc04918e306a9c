package warc

import (
	"bytes"
	"io"

	"github.com/nlnwa/gowarc/v3"
)

// gzipMarshaler writes each record as one gzip member at gzipLevel, as gowarc's file
// writer with compression does (same serialisation, the same bytes as klauspost's gzip
// writer), with the writer and a header buffer reused across records, and the block read
// in place without a second digest. A response body its server compressed
// (wireBlock.storeFrom) goes into the member uncompressed, in stored deflate blocks. The
// Writer uses it under its mutex.
type gzipMarshaler struct {
	w       *Writer // for the wrapOutput test hook
	zw      *storedMember
	head    bytes.Buffer
	copyBuf []byte // for blocks read from a spilled spool
}

var _ gowarc.Marshaler = (*gzipMarshaler)(nil)

func newGzipMarshaler(w *Writer) *gzipMarshaler {
	return &gzipMarshaler{w: w, zw: newStoredMember()}
}

var crlf = []byte("\r\n")

// Marshal writes r to out as one gzip member and returns the uncompressed size. On an
// error the member may be torn; the Writer cuts the file back.
func (m *gzipMarshaler) Marshal(out io.Writer, r gowarc.WarcRecord, _ int64) (gowarc.WarcRecord, int64, error) {
	if wrap := m.w.wrapOutput; wrap != nil {
		out = wrap(out)
	}
	if err := m.zw.reset(out); err != nil {
		return nil, 0, err
	}
	n, err := m.writeRecord(r)
	if err != nil {
		return nil, n, err
	}
	return nil, n, m.zw.Close()
}

// writeRecord writes "WARC/1.1", the header fields, the block and the closing blank lines.
func (m *gzipMarshaler) writeRecord(r gowarc.WarcRecord) (int64, error) {
	m.head.Reset()
	m.head.WriteString(r.Version().String())
	m.head.Write(crlf)
	if _, err := r.WarcHeader().Write(&m.head); err != nil {
		return 0, err
	}
	m.head.Write(crlf)
	n, err := m.zw.Write(m.head.Bytes())
	total := int64(n)
	if err != nil {
		return total, err
	}
	k, err := m.writeBlock(r.Block())
	total += k
	if err != nil {
		return total, err
	}
	n, err = m.zw.Write([]byte("\r\n\r\n"))
	return total + int64(n), err
}

// writeBlock copies the block into the member, switching to stored blocks at its
// storeFrom.
func (m *gzipMarshaler) writeBlock(blk gowarc.Block) (int64, error) {
	body, err := blk.RawBytes()
	if err != nil {
		return 0, err
	}
	if m.copyBuf == nil {
		m.copyBuf = make([]byte, 32<<10)
	}
	var total int64
	if wb, ok := blk.(*wireBlock); ok && wb.storeFrom > 0 {
		total, err = io.CopyBuffer(m.zw, io.LimitReader(body, wb.storeFrom), m.copyBuf)
		if err == nil {
			err = m.zw.store()
		}
		if err != nil {
			return total, err
		}
	}
	k, err := io.CopyBuffer(m.zw, body, m.copyBuf)
	return total + k, err
}
