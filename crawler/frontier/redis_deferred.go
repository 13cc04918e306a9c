package frontier

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/salvage-archive/salvage/crawler"
)

var _ crawler.Deferrer = (*Redis)(nil)

// Defer records in-flight d.Item as deferred for every worker: the crawl
// can end without it, and a rerun queues it again. With d.Until set it goes
// back to its queue at that time if the crawl is still running.
func (f *Redis) Defer(d crawler.Deferral, hostDelay time.Duration) {
	it := d.Item
	it.NotBefore = time.Time{}
	var until int64
	if !d.Until.IsZero() {
		until = f.ms(d.Until)
	}
	f.release(it, d.Item, hostDelay, releaseTo{retry: entry(it), info: string(encodeDeferral(d)), until: until})
}

// Deferred lists the crawl's deferred URLs, by URL.
func (f *Redis) Deferred() []crawler.Deferral {
	all, err := f.rdb.HGetAll(context.Background(), f.prefix+"deferred").Result()
	if err != nil {
		f.fail(err)
		return nil
	}
	out := make([]crawler.Deferral, 0, len(all))
	for _, v := range all {
		d, err := decodeDeferral([]byte(v))
		if err != nil {
			f.fail(err)
			continue
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b crawler.Deferral) int { return strings.Compare(a.Item.URL, b.Item.URL) })
	return out
}

// requeueScript queues a deferred URL again, once across workers.
var requeueScript = redis.NewScript(`
local p, u, h, e, m = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if redis.call('HDEL', p..'deferred', u) == 0 then return 0 end
redis.call('ZREM', p..'aside', m)
redis.call('RPUSH', p..'q:'..h, e)
redis.call('ZADD', p..'ready', 'NX', tonumber(redis.call('GET', p..'next:'..h) or '0'), h)
redis.call('HINCRBY', p..'stats', 'queued', 1)
return 1`)

// resumeDeferred queues the deferred URLs again (attempts reset) when the
// crawl is started again: no other worker is live. A worker joining a
// running crawl leaves them deferred.
func (f *Redis) resumeDeferred(ctx context.Context) error {
	live, err := f.othersLive(ctx)
	if err != nil || live {
		return err
	}
	for _, d := range f.Deferred() {
		h := redisHost(d.Item.URL)
		stored := d.Item
		stored.NotBefore = time.Time{}
		fresh := stored
		fresh.Attempt = 0
		err := requeueScript.Run(ctx, f.rdb, nil, f.prefix, d.Item.URL, h, entry(fresh), h+"\x00"+entry(stored)).Err()
		if err != nil {
			return err
		}
	}
	return f.Err()
}

// othersLive: another worker of the crawl renewed its heartbeat within a lease TTL.
func (f *Redis) othersLive(ctx context.Context) (bool, error) {
	w, err := f.rdb.HGetAll(ctx, f.prefix+"live").Result()
	if err != nil {
		return false, err
	}
	since := f.ms(f.cfg.Clock().Add(-f.cfg.LeaseTTL))
	for id, ms := range w {
		if v, _ := strconv.ParseInt(ms, 10, 64); id != f.cfg.WorkerID && v >= since {
			return true, nil
		}
	}
	return false, nil
}
