package frontier

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"

	"github.com/salvage-archive/salvage/crawler"
)

// The novelty budget's state (crawler/novelty.go) in the bbolt file, in the
// frontier's open transaction: a family's count and closure survive a
// resume (what a kill loses is at most the last batch, recounted).
var (
	bucketVariants  = []byte("variants")  // 16-byte hash of a token-free novelty key -> nothing
	bucketBodies    = []byte("bodies")    // a page body's hash -> 16-byte hash of the URL that first fetched it
	bucketFamilies  = []byte("families")  // family template -> count (u32) then links recorded (u32)
	bucketFamLinks  = []byte("famlinks")  // 8-byte family hash + 8-byte link hash -> nothing
	bucketFamClosed = []byte("famclosed") // family template -> nothing: closed for good
)

var _ crawler.NoveltyStore = (*Bolt)(nil)

func shortHash(s string, n int) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:n]
}

// novelty runs fn in the open transaction unless the frontier has failed.
func (f *Bolt) novelty(fn func() error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil || f.tx == nil {
		return
	}
	if err := fn(); err != nil {
		f.fail(err)
		return
	}
	f.pending++
	f.maybeCommit()
}

// SeenVariant records key and reports whether it was there before.
func (f *Bolt) SeenVariant(key string) bool {
	seen := false
	f.novelty(func() error {
		b, k := f.tx.Bucket(bucketVariants), shortHash(key, 16)
		seen = b.Get(k) != nil
		if seen {
			return nil
		}
		return b.Put(k, seenMark)
	})
	return seen
}

// FirstFetchedAt records url as where body was first fetched unless one
// was, and reports whether that is url.
func (f *Bolt) FirstFetchedAt(body, url string) bool {
	first := true
	f.novelty(func() error {
		b, here := f.tx.Bucket(bucketBodies), shortHash(url, 16)
		if v := b.Get([]byte(body)); v != nil {
			first = bytes.Equal(v, here)
			return nil
		}
		return b.Put([]byte(body), here)
	})
	return first
}

// familyRecord is a family's count and how many outside links it keeps.
func (f *Bolt) familyRecord(fam string) (count, links uint32) {
	v := f.tx.Bucket(bucketFamilies).Get([]byte(fam))
	if len(v) == 8 {
		return binary.BigEndian.Uint32(v), binary.BigEndian.Uint32(v[4:])
	}
	return 0, 0
}

func (f *Bolt) putFamily(fam string, count, links uint32) error {
	v := binary.BigEndian.AppendUint32(nil, count)
	return f.tx.Bucket(bucketFamilies).Put([]byte(fam), binary.BigEndian.AppendUint32(v, links))
}

// Contribute records a family page's outside links; it returns how many were new.
func (f *Bolt) Contribute(fam string, links []uint64) int {
	added := 0
	f.novelty(func() error {
		count, n := f.familyRecord(fam)
		if n >= crawler.FamilyLinkCap {
			added = crawler.FamilyLinkCap
			return nil
		}
		b, prefix := f.tx.Bucket(bucketFamLinks), shortHash(fam, 8)
		for _, h := range links {
			k := binary.BigEndian.AppendUint64(append([]byte(nil), prefix...), h)
			if b.Get(k) != nil {
				continue
			}
			if err := b.Put(k, seenMark); err != nil {
				return err
			}
			added++
			if n++; n >= crawler.FamilyLinkCap {
				added = crawler.FamilyLinkCap
				break
			}
		}
		return f.putFamily(fam, count, n)
	})
	return added
}

// Charge counts a barren page against fam.
func (f *Bolt) Charge(fam string) int {
	var count uint32
	f.novelty(func() error {
		c, n := f.familyRecord(fam)
		count = c + 1
		return f.putFamily(fam, count, n)
	})
	return int(count)
}

// Credit takes n off fam's count (not below zero) unless it is closed.
func (f *Bolt) Credit(fam string, n int) {
	f.novelty(func() error {
		c, links := f.familyRecord(fam)
		if c == 0 || f.tx.Bucket(bucketFamClosed).Get([]byte(fam)) != nil {
			return nil
		}
		return f.putFamily(fam, uint32(max(0, int(c)-n)), links)
	})
}

// CloseFamily closes fam for good (committed with the next batch).
func (f *Bolt) CloseFamily(fam string) {
	f.novelty(func() error { return f.tx.Bucket(bucketFamClosed).Put([]byte(fam), seenMark) })
}

// FamilyClosed reports whether fam was closed, in this run or an earlier one.
func (f *Bolt) FamilyClosed(fam string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.tx == nil {
		return false
	}
	return f.tx.Bucket(bucketFamClosed).Get([]byte(fam)) != nil
}

// ClosedFamilies lists the closed families (for summaries and tests).
func (f *Bolt) ClosedFamilies() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	if f.tx == nil {
		return out
	}
	_ = f.tx.Bucket(bucketFamClosed).ForEach(func(k, _ []byte) error {
		out = append(out, string(k))
		return nil
	})
	return out
}
