package warc

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// gowarcMu serialises the gowarc constructors that run its option setup, which calls
// uuid.EnableRandPool: an unsynchronised write to a global in github.com/google/uuid.
// It is the package's only shared state and exists because that global is shared by
// every Writer and reader in the process.
var gowarcMu sync.Mutex

const (
	contentTypeRequest  = "application/http;msgtype=request"
	contentTypeResponse = "application/http;msgtype=response"
	dateLayout          = "2006-01-02T15:04:05.000Z" // WARC-Date, always milliseconds
)

// formatDate renders a WARC-Date in UTC with millisecond precision.
func formatDate(t time.Time) string {
	return t.UTC().Format(dateLayout)
}

// bracketID returns a record ID in its header form "<...>".
func bracketID(id string) string {
	if strings.HasPrefix(id, "<") && strings.HasSuffix(id, ">") {
		return id
	}
	return "<" + id + ">"
}

// newBuilder returns a gowarc record builder with the Writer's record options.
func (w *Writer) newBuilder(t gowarc.RecordType) gowarc.WarcRecordBuilder {
	gowarcMu.Lock()
	defer gowarcMu.Unlock()
	return gowarc.NewRecordBuilder(t, w.recOpts...)
}

// captureHeaders adds the fields every request, response and revisit record carries.
func (w *Writer) captureHeaders(b gowarc.WarcRecordBuilder, id string, ex *Exchange) {
	b.AddWarcHeader(gowarc.WarcRecordID, id)
	b.AddWarcHeader(gowarc.WarcDate, formatDate(ex.Date))
	b.AddWarcHeader(gowarc.WarcTargetURI, ex.URL)
	if ex.IP != "" {
		b.AddWarcHeader(gowarc.WarcIPAddress, ex.IP)
	}
}

// build finishes a builder; validation findings are not errors for wire captures.
func build(b gowarc.WarcRecordBuilder) (gowarc.WarcRecord, error) {
	rec, _, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("build record: %w", err)
	}
	return rec, nil
}

// requestRecord builds the request record: the exact bytes written.
func (w *Writer) requestRecord(ex *Exchange, id string) (gowarc.WarcRecord, error) {
	b := w.newBuilder(gowarc.Request)
	w.captureHeaders(b, id, ex)
	digest := digestBytes(w.alg, ex.Request)
	b.AddWarcHeader(gowarc.WarcBlockDigest, digest)
	b.AddWarcHeader(gowarc.ContentType, contentTypeRequest)
	return finish(b, bytesBlock(ex.Request, digest))
}

// responseRecord builds the response record from the spool (past any interim 1xx
// responses), digesting the block and payload in the same pass.
func (w *Writer) responseRecord(ex *Exchange, id string) (gowarc.WarcRecord, blockDigests, error) {
	start, err := finalResponseOffset(ex.Response)
	if err != nil {
		return nil, blockDigests{}, err
	}
	d, err := digestSpool(ex.Response, start, w.alg, ex.Method == "HEAD")
	if err != nil {
		return nil, d, err
	}
	b := w.newBuilder(gowarc.Response)
	w.captureHeaders(b, id, ex)
	b.AddWarcHeader(gowarc.WarcBlockDigest, d.block)
	b.AddWarcHeader(gowarc.WarcPayloadDigest, d.payload)
	if ex.Truncated != "" {
		b.AddWarcHeader(gowarc.WarcTruncated, ex.Truncated)
	}
	b.AddWarcHeader(gowarc.ContentType, contentTypeResponse)
	blk := spoolBlock(ex.Response, start, d.block)
	if d.head.complete && d.head.encoded && d.head.hasBody() && ex.Method != "HEAD" {
		blk.storeFrom = int64(len(d.head.raw))
	}
	rec, err := finish(b, blk)
	return rec, d, err
}

// revisitRecord builds an identical-payload-digest revisit: the block is the response's
// HTTP header block, the payload digest is kept, and WARC-Refers-To* name the original.
func (w *Writer) revisitRecord(ex *Exchange, id string, d blockDigests, ref Ref) (gowarc.WarcRecord, error) {
	b := w.newBuilder(gowarc.Revisit)
	w.captureHeaders(b, id, ex)
	b.AddWarcHeader(gowarc.WarcProfile, ProfileIdenticalPayload)
	if ref.RecordID != "" { // unknown for an earlier crawl known by its CDXJ alone
		b.AddWarcHeader(gowarc.WarcRefersTo, bracketID(ref.RecordID))
	}
	b.AddWarcHeader(gowarc.WarcRefersToTargetURI, ref.URI)
	b.AddWarcHeader(gowarc.WarcRefersToDate, formatDate(ref.Date))
	digest := digestBytes(w.alg, d.head.raw)
	b.AddWarcHeader(gowarc.WarcBlockDigest, digest)
	b.AddWarcHeader(gowarc.WarcPayloadDigest, d.payload)
	b.AddWarcHeader(gowarc.ContentType, contentTypeResponse)
	return finish(b, bytesBlock(d.head.raw, digest))
}

// metadataRecord builds a metadata record with an application/warc-fields block.
func (w *Writer) metadataRecord(targetURI string, date time.Time, refersTo string, fields [][2]string) (gowarc.WarcRecord, error) {
	block := warcFields(fields)
	b := w.newBuilder(gowarc.Metadata)
	b.AddWarcHeader(gowarc.WarcRecordID, w.newID())
	b.AddWarcHeader(gowarc.WarcDate, formatDate(date))
	if targetURI != "" {
		b.AddWarcHeader(gowarc.WarcTargetURI, targetURI)
	}
	if refersTo != "" {
		b.AddWarcHeader(gowarc.WarcRefersTo, bracketID(refersTo))
	}
	digest := digestBytes(w.alg, block)
	b.AddWarcHeader(gowarc.WarcBlockDigest, digest)
	b.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	return finish(b, bytesBlock(block, digest))
}

// warcFields renders "name: value\r\n" lines. Line breaks inside values and names, and
// colons in names, would break the format, so they become spaces and dashes.
func warcFields(fields [][2]string) []byte {
	size := 0
	for _, f := range fields {
		size += len(f[0]) + len(f[1]) + 4
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	for _, f := range fields {
		writeFixed(buf, f[0], ": \r\n\t", fieldNameFix)
		buf.WriteString(": ")
		writeFixed(buf, f[1], "\r\n", fieldValueFix)
		buf.WriteString("\r\n")
	}
	return buf.Bytes()
}

// The replacers of warcFields, built once (a Replacer is safe for concurrent use).
var (
	fieldNameFix  = strings.NewReplacer(":", "-", " ", "-", "\r", "-", "\n", "-", "\t", "-")
	fieldValueFix = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ")
)

// writeFixed writes s to buf through fix, or as it is when it holds none of
// the bytes fix replaces (most names and values: outlinks, dates).
func writeFixed(buf *bytes.Buffer, s, bad string, fix *strings.Replacer) {
	if strings.ContainsAny(s, bad) {
		_, _ = fix.WriteString(buf, s)
		return
	}
	buf.WriteString(s)
}

// closeAll closes records.
func closeAll(recs ...gowarc.WarcRecord) {
	for _, r := range recs {
		if r != nil {
			_ = r.Close()
		}
	}
}
