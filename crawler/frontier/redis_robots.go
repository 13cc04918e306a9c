package frontier

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/policy"
)

// RedisRobots is the crawl-wide robots.txt cache: one worker fetches (and
// archives) a host's robots.txt, the others read it from here. Keys, under
// "salvage:ID:": robots:HOST (hash status, failure, body, fetched ms, attempts) and
// robots-claim:HOST:N (which worker makes fetch N, with a TTL).
type RedisRobots struct {
	rdb    *redis.Client
	prefix string
}

var _ crawler.RobotsStore = (*RedisRobots)(nil)

// NewRedisRobots is the robots.txt cache of the crawl crawlID.
func NewRedisRobots(rdb *redis.Client, crawlID string) *RedisRobots {
	return &RedisRobots{rdb: rdb, prefix: KeyPrefix(crawlID)}
}

// Get returns the stored robots.txt of host. A Redis error reads as "none":
// the worker then fetches it itself.
func (r *RedisRobots) Get(host string) (crawler.RobotsFile, bool) {
	m, err := r.rdb.HGetAll(context.Background(), r.prefix+"robots:"+host).Result()
	if err != nil || len(m) == 0 {
		return crawler.RobotsFile{}, false
	}
	status, err1 := strconv.Atoi(m["status"])
	fetched, err2 := strconv.ParseInt(m["fetched"], 10, 64)
	attempts, err3 := strconv.Atoi(m["attempts"])
	if err1 != nil || err2 != nil || err3 != nil {
		return crawler.RobotsFile{}, false
	}
	return crawler.RobotsFile{Status: status, Failure: policy.ErrKind(m["failure"]), Body: []byte(m["body"]),
		Fetched: time.UnixMilli(fetched), Attempts: attempts}, true
}

// Put stores f for every worker.
func (r *RedisRobots) Put(host string, f crawler.RobotsFile) {
	ctx := context.Background()
	err := r.rdb.HSet(ctx, r.prefix+"robots:"+host, "status", f.Status, "failure", string(f.Failure), "body", f.Body,
		"fetched", f.Fetched.UnixMilli(), "attempts", f.Attempts).Err()
	_ = err // not stored: the others fetch it themselves
}

// Claim makes this worker the one making fetch number attempt of host's
// robots.txt, unless another worker claimed it less than ttl ago. A Redis
// error grants it.
func (r *RedisRobots) Claim(host string, attempt int, ttl time.Duration) bool {
	key := r.prefix + "robots-claim:" + host + ":" + strconv.Itoa(attempt)
	ok, err := r.rdb.SetNX(context.Background(), key, 1, ttl).Result()
	return ok || err != nil
}
