package warc

import (
	"net/http"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// The WARC-Profile of the two kinds of revisit records the Writer writes (WARC 1.1
// §6.7.2 and §6.7.3: ".../warc/1.1/revisit/...").
const (
	// ProfileIdenticalPayload: the payload equals an earlier capture's.
	ProfileIdenticalPayload = gowarc.ProfileIdenticalPayloadDigestV1_1
	// ProfileServerNotModified: a 304 Not Modified answer to a conditional request.
	ProfileServerNotModified = gowarc.ProfileServerNotModifiedV1_1
)

// Earlier is what an earlier crawl archived for a URL: where its response record is
// (Ref: RecordID "" when unknown) and what a conditional request may send.
type Earlier struct {
	Ref
	PayloadDigest string    // "sha1:BASE32" of the earlier payload; "" when unknown
	ETag          string    // its ETag response header, for If-None-Match
	LastModified  string    // its Last-Modified response header, for If-Modified-Since
	Since         time.Time // without ETag and Last-Modified: sent as If-Modified-Since when not zero
}

// conditional reports whether e gives a validator to send.
func (e Earlier) conditional() bool {
	return e.ETag != "" || e.LastModified != "" || !e.Since.IsZero()
}

// EarlierLookup finds the earlier capture of a URL (the request URL as sent), so
// that the Recorder asks the server whether it changed since. It must be safe for
// concurrent use.
type EarlierLookup interface {
	Earlier(url string) (Earlier, bool)
}

// addConditional sets If-None-Match / If-Modified-Since on out from the earlier
// capture of its URL, unless the request already carries a validator. It returns
// the earlier capture the request was made conditional on.
func addConditional(out *http.Request, lookup EarlierLookup, url string) *Earlier {
	if lookup == nil || (out.Method != "" && out.Method != http.MethodGet) ||
		out.Header.Get("If-None-Match") != "" || out.Header.Get("If-Modified-Since") != "" {
		return nil
	}
	e, ok := lookup.Earlier(url)
	if !ok || !e.conditional() {
		return nil
	}
	if e.ETag != "" {
		out.Header.Set("If-None-Match", e.ETag)
	}
	switch {
	case e.LastModified != "":
		out.Header.Set("If-Modified-Since", e.LastModified)
	case e.ETag == "":
		out.Header.Set("If-Modified-Since", e.Since.UTC().Format(http.TimeFormat))
	}
	return &e
}

// notModified reports whether ex is a 304 answer to a conditional request.
func notModified(ex *Exchange) bool {
	return ex.NotModified != nil && ex.Status == http.StatusNotModified && ex.Truncated == ""
}

// notModifiedRecord builds a server-not-modified revisit: the block is the 304's HTTP
// header block; WARC-Refers-To* and WARC-Payload-Digest name the earlier capture.
func (w *Writer) notModifiedRecord(ex *Exchange, id string, d blockDigests) (gowarc.WarcRecord, error) {
	e := ex.NotModified
	b := w.newBuilder(gowarc.Revisit)
	w.captureHeaders(b, id, ex)
	b.AddWarcHeader(gowarc.WarcProfile, ProfileServerNotModified)
	if e.RecordID != "" {
		b.AddWarcHeader(gowarc.WarcRefersTo, bracketID(e.RecordID))
	}
	b.AddWarcHeader(gowarc.WarcRefersToTargetURI, e.URI)
	b.AddWarcHeader(gowarc.WarcRefersToDate, formatDate(e.Date))
	digest := digestBytes(w.alg, d.head.raw)
	b.AddWarcHeader(gowarc.WarcBlockDigest, digest)
	if e.PayloadDigest != "" {
		b.AddWarcHeader(gowarc.WarcPayloadDigest, e.PayloadDigest)
	}
	b.AddWarcHeader(gowarc.ContentType, contentTypeResponse)
	return finish(b, bytesBlock(d.head.raw, digest))
}
