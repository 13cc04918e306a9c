package frontier

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/salvage-archive/salvage/crawler"
)

// Seeds is the crawl's seeds as stored by SetSeeds (key "seeds"); nil when none were.
func (f *Redis) Seeds() ([]string, error) {
	v, err := f.rdb.Get(context.Background(), f.prefix+"seeds").Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("redis: %w", err)
	}
	var seeds []string
	if err := json.Unmarshal(v, &seeds); err != nil {
		return nil, fmt.Errorf("crawl state: stored seeds: %w", err)
	}
	return seeds, nil
}

// SetSeeds stores the crawl's seeds.
func (f *Redis) SetSeeds(seeds []string) error {
	b, err := json.Marshal(seeds)
	if err != nil {
		return err
	}
	if err := f.rdb.Set(context.Background(), f.prefix+"seeds", b, 0).Err(); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	return nil
}

// FailSeed records a seed whose fetch failed without an answer, and why
// (hash "failed"), for every worker.
func (f *Redis) FailSeed(url, cause string) {
	if err := f.rdb.HSet(context.Background(), f.prefix+"failed", url, cause).Err(); err != nil {
		f.fail(err)
	}
}

// FailedSeeds lists the seeds recorded by FailSeed: URL -> cause.
func (f *Redis) FailedSeeds() map[string]string {
	all, err := f.rdb.HGetAll(context.Background(), f.prefix+"failed").Result()
	if err != nil {
		f.fail(err)
		return map[string]string{}
	}
	return all
}

// requeueFailedScript queues a failed seed again, once across workers.
var requeueFailedScript = redis.NewScript(`
local p, u, h, e = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('HDEL', p..'failed', u) == 0 then return 0 end
redis.call('RPUSH', p..'q:'..h, e)
redis.call('ZADD', p..'ready', 'NX', tonumber(redis.call('GET', p..'next:'..h) or '0'), h)
redis.call('HINCRBY', p..'stats', 'queued', 1)
return 1`)

// RequeueFailed queues the failed seeds again (they stay in the seen set,
// which is why Add would not) and forgets their failure; it returns how
// many it queued.
func (f *Redis) RequeueFailed() int {
	n := 0
	for u := range f.FailedSeeds() {
		it := crawler.Item{URL: u}
		ok, err := requeueFailedScript.Run(context.Background(), f.rdb, nil, f.prefix, u, redisHost(u), entry(it)).Int()
		if err != nil {
			f.fail(err)
			return n
		}
		n += ok
	}
	return n
}
