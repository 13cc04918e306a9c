package main

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/salvage-archive/salvage/crawler/frontier"
	"github.com/salvage-archive/salvage/crawler/verify"
)

// redisChecks shares link check results among the workers of a crawl on
// Redis, as robots.txt files are shared: one key per URL,
// salvage:ID:check:URL, holding the result as JSON, expiring when it is no
// longer fresh (verify.FreshFor), and salvage:ID:check:claim:URL while one
// worker checks it (the others wait for its result). A Redis error reads as
// "none" (and as a claim granted).
type redisChecks struct {
	rdb    *redis.Client
	prefix string
}

var _ verify.SharedResults = redisChecks{}

func newRedisChecks(rdb *redis.Client, crawlID string) redisChecks {
	return redisChecks{rdb: rdb, prefix: frontier.KeyPrefix(crawlID) + "check:"}
}

func (r redisChecks) Get(ctx context.Context, url string) (verify.Result, bool) {
	raw, err := r.rdb.Get(ctx, r.prefix+url).Bytes()
	if err != nil {
		return verify.Result{}, false
	}
	var res verify.Result
	if json.Unmarshal(raw, &res) != nil || res.URL != url {
		return verify.Result{}, false
	}
	return res, true
}

// Claim sets the URL's claim key unless another worker's is there
// (SET NX with the claim's expiry).
func (r redisChecks) Claim(ctx context.Context, url string, ttl time.Duration) bool {
	ok, err := r.rdb.SetNX(ctx, r.prefix+"claim:"+url, 1, ttl).Result()
	return ok || err != nil
}

func (r redisChecks) Put(ctx context.Context, res verify.Result) {
	raw, err := json.Marshal(res)
	if err != nil {
		return
	}
	_ = r.rdb.Set(ctx, r.prefix+res.URL, raw, verify.FreshFor(res)).Err() // not stored: the others check it themselves
}
