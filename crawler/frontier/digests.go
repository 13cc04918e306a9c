package frontier

import (
	"strings"
	"time"
)

// A digest map's value is the capture that first stored a payload in full:
// "RECORD-ID DATE URI" (RFC 3339 date in UTC; the URI last, as it is the
// only part that could hold a space). Bolt and Redis store it alike.

func encodeDigestRef(recordID, uri string, date time.Time) string {
	return recordID + " " + date.UTC().Format(time.RFC3339Nano) + " " + uri
}

func decodeDigestRef(v string) (recordID, uri string, date time.Time, ok bool) {
	parts := strings.SplitN(v, " ", 3)
	if len(parts) != 3 {
		return "", "", time.Time{}, false
	}
	date, err := time.Parse(time.RFC3339Nano, parts[1])
	return parts[0], parts[2], date, err == nil
}

// BoltDigests is the payload digest map of a crawl kept in its bbolt state
// file, beside the frontier: memory stays flat however many payloads the
// crawl archives, and a resumed crawl still writes revisit records for
// payloads the earlier run stored in full. cmd/salvage adapts it to
// warc.DigestIndex.
type BoltDigests struct{ f *Bolt }

// Digests is the digest map in f's state file.
func (f *Bolt) Digests() *BoltDigests { return &BoltDigests{f: f} }

// Lookup returns the first capture stored for digest. A storage error reads
// as "not seen": the payload is then archived in full, never lost.
func (d *BoltDigests) Lookup(digest string) (recordID, uri string, date time.Time, ok bool) {
	f := d.f
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil || f.tx == nil {
		return "", "", time.Time{}, false
	}
	v := f.tx.Bucket(bucketDigests).Get([]byte(digest))
	if v == nil {
		return "", "", time.Time{}, false
	}
	return decodeDigestRef(string(v))
}

// Store records a capture for digest unless one is already known. It joins
// the open transaction, committed with the frontier's next batch.
func (d *BoltDigests) Store(digest, recordID, uri string, date time.Time) {
	f := d.f
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil || f.tx == nil {
		return
	}
	b := f.tx.Bucket(bucketDigests)
	if b.Get([]byte(digest)) != nil {
		return
	}
	if err := b.Put([]byte(digest), []byte(encodeDigestRef(recordID, uri, date))); err != nil {
		f.fail(err)
		return
	}
	f.pending++
	f.maybeCommit()
}
