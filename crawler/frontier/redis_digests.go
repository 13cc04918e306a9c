package frontier

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisDigests is the crawl-wide map of payload digests to the capture that
// first stored each payload in full, so any worker can write a revisit record
// for a payload another worker archived. cmd/salvage adapts it to
// warc.DigestIndex.
type RedisDigests struct {
	rdb *redis.Client
	key string
}

// NewRedisDigests is the digest map of the crawl crawlID.
func NewRedisDigests(rdb *redis.Client, crawlID string) *RedisDigests {
	return &RedisDigests{rdb: rdb, key: KeyPrefix(crawlID) + "digests"}
}

// Lookup returns the first capture stored for digest. A Redis error reads
// as "not seen": the payload is then archived in full, never lost.
func (d *RedisDigests) Lookup(digest string) (recordID, uri string, date time.Time, ok bool) {
	v, err := d.rdb.HGet(context.Background(), d.key, digest).Result()
	if err != nil {
		return "", "", time.Time{}, false
	}
	return decodeDigestRef(v)
}

// Store records a capture for digest unless one is already known (HSETNX:
// the first worker wins).
func (d *RedisDigests) Store(digest, recordID, uri string, date time.Time) {
	d.rdb.HSetNX(context.Background(), d.key, digest, encodeDigestRef(recordID, uri, date))
}
