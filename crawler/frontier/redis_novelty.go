package frontier

import (
	"context"
	"encoding/hex"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/salvage-archive/salvage/crawler"
)

// The novelty budget's state shared by every worker of a Redis crawl, under
// "salvage:ID:": nov:variants (set of token-free keys' hashes), nov:bodies
// (hash page body -> hash of the URL that first fetched it), nov:count
// (hash family -> barren pages in a row), nov:links:H (set of a family's
// outside links, H its hash), nov:closed (set of closed families).

var _ crawler.NoveltyStore = (*Redis)(nil)

// closedRefresh is how long a worker trusts its copy of the closed families
// before it reads them again (a closure elsewhere costs it at most this).
const closedRefresh = time.Second

// redisClosed caches the crawl's closed families for one worker.
type redisClosed struct {
	mu   sync.Mutex
	set  map[string]bool
	read time.Time
}

func (f *Redis) nov(k string) string { return f.prefix + "nov:" + k }

// SeenVariant records key for every worker; true when one recorded it before.
func (f *Redis) SeenVariant(key string) bool {
	n, err := f.rdb.SAdd(context.Background(), f.nov("variants"), hex.EncodeToString(shortHash(key, 16))).Result()
	if err != nil {
		f.fail(err)
		return false
	}
	return n == 0
}

// firstScript records ARGV[2] as where body ARGV[1] was first fetched
// unless one was, and returns the one recorded.
var firstScript = redis.NewScript(`
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v then return v end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return ARGV[2]`)

// FirstFetchedAt records url as where body was first fetched, for every
// worker, unless one was, and reports whether that is url. A Redis error
// reads as first: the page's links are followed.
func (f *Redis) FirstFetchedAt(body, url string) bool {
	here := hex.EncodeToString(shortHash(url, 16))
	first, err := firstScript.Run(context.Background(), f.rdb, []string{f.nov("bodies")}, body, here).Text()
	if err != nil {
		f.fail(err)
		return true
	}
	return first == here
}

var contributeScript = redis.NewScript(`
local k, cap = KEYS[1], tonumber(ARGV[1])
if redis.call('SCARD', k) >= cap then return cap end
local added = 0
for i = 2, #ARGV do
  added = added + redis.call('SADD', k, ARGV[i])
  if redis.call('SCARD', k) >= cap then return cap end
end
return added`)

// Contribute records a family page's outside links; it returns how many were new.
func (f *Redis) Contribute(fam string, links []uint64) int {
	args := make([]any, 0, len(links)+1)
	args = append(args, crawler.FamilyLinkCap)
	for _, h := range links {
		args = append(args, strconv.FormatUint(h, 36))
	}
	key := f.nov("links:" + hex.EncodeToString(shortHash(fam, 8)))
	n, err := contributeScript.Run(context.Background(), f.rdb, []string{key}, args...).Int()
	if err != nil {
		f.fail(err)
		return crawler.FamilyLinkCap
	}
	return n
}

// Charge counts a barren page against fam for every worker.
func (f *Redis) Charge(fam string) int {
	n, err := f.rdb.HIncrBy(context.Background(), f.nov("count"), fam, 1).Result()
	if err != nil {
		f.fail(err)
	}
	return int(n)
}

var creditScript = redis.NewScript(`
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 0 end
local c = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') - tonumber(ARGV[2])
if c <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], c) end
return 1`)

// Credit takes n off fam's count (not below zero) unless it is closed.
func (f *Redis) Credit(fam string, n int) {
	if err := creditScript.Run(context.Background(), f.rdb, []string{f.nov("count"), f.nov("closed")}, fam, n).Err(); err != nil {
		f.fail(err)
	}
}

// CloseFamily closes fam for every worker.
func (f *Redis) CloseFamily(fam string) {
	if err := f.rdb.SAdd(context.Background(), f.nov("closed"), fam).Err(); err != nil {
		f.fail(err)
		return
	}
	f.closed.mu.Lock()
	defer f.closed.mu.Unlock()
	if f.closed.set == nil {
		f.closed.set = map[string]bool{}
	}
	f.closed.set[fam] = true
}

// FamilyClosed reports whether any worker closed fam (read at most once a
// closedRefresh).
func (f *Redis) FamilyClosed(fam string) bool {
	c := &f.closed
	c.mu.Lock()
	defer c.mu.Unlock()
	if now := time.Now(); c.set == nil || now.Sub(c.read) >= closedRefresh {
		members, err := f.rdb.SMembers(context.Background(), f.nov("closed")).Result()
		if err != nil {
			f.fail(err)
			return c.set[fam]
		}
		c.set, c.read = make(map[string]bool, len(members)), now
		for _, m := range members {
			c.set[m] = true
		}
	}
	return c.set[fam]
}
