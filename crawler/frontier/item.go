package frontier

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"time"

	"github.com/salvage-archive/salvage/crawler"
)

var errBadItem = errors.New("frontier: corrupt queued item")

// encodeItem is a compact binary form of an item: three length-prefixed
// strings, three varints, then the sitemap lastmod and the redirect
// chain's start (length-prefixed; absent in items queued before they
// existed).
func encodeItem(it crawler.Item) []byte {
	b := make([]byte, 0, len(it.URL)+len(it.HopPath)+len(it.Via)+24)
	for _, s := range []string{it.URL, it.HopPath, it.Via} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendVarint(b, int64(it.Attempt))
	b = binary.AppendVarint(b, int64(it.CalSteps))
	var nb int64
	if !it.NotBefore.IsZero() {
		nb = it.NotBefore.UnixNano()
	}
	b = binary.AppendVarint(b, nb)
	for _, s := range []string{it.Lastmod, it.ChainStart} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

func decodeItem(b []byte) (crawler.Item, error) {
	var it crawler.Item
	var strs [3]string
	for i := range strs {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return it, errBadItem
		}
		strs[i] = string(b[k : k+int(n)])
		b = b[k+int(n):]
	}
	var ints [3]int64
	for i := range ints {
		v, k := binary.Varint(b)
		if k <= 0 {
			return it, errBadItem
		}
		ints[i], b = v, b[k:]
	}
	it.URL, it.HopPath, it.Via = strs[0], strs[1], strs[2]
	it.Attempt, it.CalSteps = int(ints[0]), int(ints[1])
	if ints[2] != 0 {
		it.NotBefore = time.Unix(0, ints[2])
	}
	for _, s := range []*string{&it.Lastmod, &it.ChainStart} {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			break
		}
		*s, b = string(b[k:k+int(n)]), b[k+int(n):]
	}
	return it, nil
}

// Fingerprint is the seen-set key of a canonical URL: 8 bytes of its host's
// hash then 8 bytes of the URL's, so one host's URLs sit together on disk.
func Fingerprint(host, canonicalURL string) []byte {
	h := sha256.Sum256([]byte(host))
	u := sha256.Sum256([]byte(canonicalURL))
	fp := make([]byte, 16)
	copy(fp, h[:8])
	copy(fp[8:], u[:8])
	return fp
}

// encodeDeferral stores a deferred URL: its item (length-prefixed), the
// status, Retry-After, asked and until times (varints; a zero time is 0),
// then the reason (length-prefixed).
func encodeDeferral(d crawler.Deferral) []byte {
	it := encodeItem(d.Item)
	b := binary.AppendUvarint(make([]byte, 0, len(it)+len(d.Reason)+32), uint64(len(it)))
	b = append(b, it...)
	b = binary.AppendVarint(b, int64(d.Status))
	b = binary.AppendVarint(b, int64(d.RetryAfter))
	b = binary.AppendVarint(b, unixNano(d.Asked))
	b = binary.AppendVarint(b, unixNano(d.Until))
	b = binary.AppendUvarint(b, uint64(len(d.Reason)))
	return append(b, d.Reason...)
}

func decodeDeferral(b []byte) (crawler.Deferral, error) {
	var d crawler.Deferral
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return d, errBadItem
	}
	it, err := decodeItem(b[k : k+int(n)])
	if err != nil {
		return d, err
	}
	b = b[k+int(n):]
	var ints [4]int64
	for i := range ints {
		v, k := binary.Varint(b)
		if k <= 0 {
			return d, errBadItem
		}
		ints[i], b = v, b[k:]
	}
	n, k = binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return d, errBadItem
	}
	d.Item, d.Status, d.RetryAfter = it, int(ints[0]), time.Duration(ints[1])
	d.Asked, d.Until = fromUnixNano(ints[2]), fromUnixNano(ints[3])
	d.Reason = string(b[k : k+int(n)])
	return d, nil
}

func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromUnixNano(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(0, v)
}
