package warc

import (
	"bytes"
	"io"

	"github.com/nlnwa/gowarc/v3"
)

// wireBlock is the content block of a record the Writer builds: bytes it already holds
// (the request, the response spool, a header block, warc-fields), with the digest it
// already computed. gowarc's own blocks copy the content into a buffer, parse it and
// digest it again while marshalling; this one is read in place, once, by the marshaler.
type wireBlock struct {
	data   []byte // the block, when it is a byte slice
	spool  *Spool // otherwise the spool holding it, from off to the end
	off    int64
	size   int64
	digest string // WARC-Block-Digest value
	// storeFrom, when above zero, is where the block's bytes stop being
	// compressed: the body of a response its server already compressed, which
	// the marshaler writes as stored deflate blocks.
	storeFrom int64
}

var _ gowarc.Block = (*wireBlock)(nil)

func bytesBlock(b []byte, digest string) *wireBlock {
	return &wireBlock{data: b, size: int64(len(b)), digest: digest}
}

func spoolBlock(s *Spool, off int64, digest string) *wireBlock {
	return &wireBlock{spool: s, off: off, size: s.Size() - off, digest: digest}
}

// RawBytes returns a reader of the whole block; it may be called again.
func (b *wireBlock) RawBytes() (io.Reader, error) {
	if b.spool != nil {
		return b.spool.Reader(b.off), nil
	}
	return bytes.NewReader(b.data), nil
}

func (b *wireBlock) BlockDigest() string { return b.digest }
func (b *wireBlock) Size() int64         { return b.size }
func (b *wireBlock) IsCached() bool      { return true }
func (b *wireBlock) Cache() error        { return nil }
func (b *wireBlock) Close() error        { return nil } // the Recorder owns the spool

// wireRecord is a record whose header fields gowarc built and validated, with a
// wireBlock as its content.
type wireRecord struct {
	gowarc.WarcRecord
	block *wireBlock
}

func (r *wireRecord) Block() gowarc.Block { return r.block }

// finish sets Content-Length (where gowarc's Build would have put it), builds the header
// fields and attaches blk. The builder must hold no content.
func finish(b gowarc.WarcRecordBuilder, blk *wireBlock) (gowarc.WarcRecord, error) {
	b.AddWarcHeaderInt64(gowarc.ContentLength, blk.size)
	rec, err := build(b)
	if err != nil {
		return nil, err
	}
	return &wireRecord{WarcRecord: rec, block: blk}, nil
}
