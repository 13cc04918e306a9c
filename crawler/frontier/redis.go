package frontier

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/salvage-archive/salvage/crawler"
)

// RedisConfig configures a Redis frontier shared by many workers.
type RedisConfig struct {
	Client          *redis.Client    // required
	CrawlID         string           // required: names the crawl's keys ("salvage:ID:...")
	WorkerID        string           // required: this worker, for salvage status
	HostConcurrency int              // fetches in flight per host:port across all workers; default 2
	LeaseTTL        time.Duration    // an in-flight URL whose lease is not renewed for this long goes back to the queue; default 30s
	Clock           func() time.Time // default time.Now
}

// Validate reports a configuration that cannot work.
func (c RedisConfig) Validate() error {
	var errs []error
	if c.Client == nil {
		errs = append(errs, errors.New("no redis client"))
	}
	if c.CrawlID == "" || strings.ContainsAny(c.CrawlID, " {}") {
		errs = append(errs, fmt.Errorf("crawl id %q: want a non-empty word", c.CrawlID))
	}
	if c.WorkerID == "" {
		errs = append(errs, errors.New("no worker id"))
	}
	return errors.Join(errs...)
}

func (c *RedisConfig) setDefaults() {
	if c.HostConcurrency <= 0 {
		c.HostConcurrency = 2
	}
	if c.LeaseTTL <= 0 {
		c.LeaseTTL = 30 * time.Second
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
}

// Redis is a crawler.Frontier in Redis: many worker processes share one
// crawl. Every change is one Lua script, so it is atomic across workers:
// enqueue tests and sets the seen set; Next takes a per-host lease (at most
// HostConcurrency per host:port across all workers, none before the host's
// next-allowed time) and records the URL in flight with an expiry that the
// owner renews; a lease that expires (its worker died) puts the URL back.
//
// Keys, under "salvage:ID:": seen (set of Fingerprint), q:HOST (list of
// queued entries), ready (zset of hosts with queued URLs, scored by their
// next-allowed time in ms), next:HOST (next-allowed ms), inflight:HOST (hash
// URL -> entry), leases (zset "HOST\0URL" scored by expiry ms), stats (hash:
// queued, inflight, seen, done, reclaimed), workers (hash id -> last seen ms),
// live (the same for workers that have not closed), owner:HOST (hash URL ->
// worker holding its lease), held:HOST (hash worker -> leases held),
// waiting (zset of workers that found nothing to take, by when), pages
// (hash host:port -> HTML pages fetched, for --max-pages-per-host),
// delayed (zset "HOST\0entry" of retries waiting their own time, by when:
// counted as queued), deferred (hash URL -> crawler.Deferral, not counted),
// aside (zset "HOST\0entry" of deferred URLs that go back to their queue at
// a time in this run, by when).
type Redis struct {
	cfg    RedisConfig
	rdb    *redis.Client
	prefix string
	stop   chan struct{}
	done   chan struct{}

	closeOnce sync.Once

	closed redisClosed // the novelty budget's closed families (redis_novelty.go)

	mu      sync.Mutex
	mine    map[string]struct{} // lease members this worker holds
	err     error
	lastErr time.Time
}

var _ crawler.Frontier = (*Redis)(nil)

// OpenRedis joins (or starts) the crawl named by cfg.CrawlID.
func OpenRedis(ctx context.Context, cfg RedisConfig) (*Redis, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("frontier: %w", err)
	}
	cfg.setDefaults()
	if err := cfg.Client.Ping(ctx).Err(); err != nil {
		return nil, fmt.Errorf("redis: %w", err)
	}
	f := &Redis{cfg: cfg, rdb: cfg.Client, prefix: KeyPrefix(cfg.CrawlID),
		mine: make(map[string]struct{}), stop: make(chan struct{}), done: make(chan struct{})}
	if err := f.resumeDeferred(ctx); err != nil {
		return nil, fmt.Errorf("redis: %w", err)
	}
	f.renew() // counted among the live workers before its first Next
	go f.heartbeat()
	return f, nil
}

// KeyPrefix is where a crawl's keys live.
func KeyPrefix(crawlID string) string { return "salvage:" + crawlID + ":" }

// redisHost is the shared politeness unit: the host name, whatever the
// scheme or port (the replica counts its concurrency the same way).
func redisHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return strings.ToLower(u.Hostname())
}

// entry is a queued item as stored: its URL, a NUL, its encoding.
func entry(it crawler.Item) string { return it.URL + "\x00" + string(encodeItem(it)) }

func parseEntry(e string) (crawler.Item, error) {
	_, enc, ok := strings.Cut(e, "\x00")
	if !ok {
		return crawler.Item{}, errBadItem
	}
	return decodeItem([]byte(enc))
}

func (f *Redis) ms(t time.Time) int64 { return t.UnixMilli() }

var addScript = redis.NewScript(`
local p, fp, h, e = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('SADD', p..'seen', fp) == 0 then return 0 end
redis.call('RPUSH', p..'q:'..h, e)
local nxt = tonumber(redis.call('GET', p..'next:'..h) or '0')
redis.call('ZADD', p..'ready', 'NX', nxt, h)
redis.call('HINCRBY', p..'stats', 'queued', 1)
redis.call('HINCRBY', p..'stats', 'seen', 1)
return 1`)

// Add queues it unless any worker saw its URL before.
func (f *Redis) Add(it crawler.Item) bool {
	h := redisHost(it.URL)
	n, err := addScript.Run(context.Background(), f.rdb, nil, f.prefix, Fingerprint(h, it.SeenKey()), h, entry(it)).Int()
	if err != nil {
		f.fail(err)
		return false
	}
	return n == 1
}

func (f *Redis) fail(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = fmt.Errorf("crawl state on redis: %w", err)
	}
}

// Err is the first Redis error met.
func (f *Redis) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// nextScript reclaims expired leases, then takes the first queued URL of a
// host that is past its next-allowed time and below its concurrency limit.
//
// Fair share: while another worker is waiting for work, a worker holds at
// most ceil(limit / live workers) (at least 1) of a host's slots, so a
// worker whose fetches finish first cannot keep retaking the slots it just
// freed and starve the others. With nobody else waiting the cap is off and
// a lone busy worker may use the whole limit.
var nextScript = redis.NewScript(`
local p, now, limit, ttl, me = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local expired = redis.call('ZRANGEBYSCORE', p..'leases', '-inf', now, 'LIMIT', 0, 100)
for _, m in ipairs(expired) do
  local i = string.find(m, '\0', 1, true)
  local h, u = string.sub(m, 1, i-1), string.sub(m, i+1)
  local e = redis.call('HGET', p..'inflight:'..h, u)
  redis.call('ZREM', p..'leases', m)
  if e then
    redis.call('HDEL', p..'inflight:'..h, u)
    local owner = redis.call('HGET', p..'owner:'..h, u)
    if owner then
      redis.call('HDEL', p..'owner:'..h, u)
      redis.call('HINCRBY', p..'held:'..h, owner, -1)
    end
    redis.call('LPUSH', p..'q:'..h, e)
    redis.call('ZADD', p..'ready', math.max(now, tonumber(redis.call('GET', p..'next:'..h) or '0')), h)
    redis.call('HINCRBY', p..'stats', 'inflight', -1)
    redis.call('HINCRBY', p..'stats', 'queued', 1)
    redis.call('HINCRBY', p..'stats', 'reclaimed', 1)
  end
end
-- URLs whose own wait is over go back to their host's queue: retries
-- (counted as queued) and deferred URLs set aside until a time (not counted)
for _, key in ipairs({'delayed', 'aside'}) do
  local due = redis.call('ZRANGEBYSCORE', p..key, '-inf', now, 'LIMIT', 0, 100)
  for _, m in ipairs(due) do
    local i = string.find(m, '\0', 1, true)
    local h, e = string.sub(m, 1, i-1), string.sub(m, i+1)
    redis.call('ZREM', p..key, m)
    redis.call('RPUSH', p..'q:'..h, e)
    redis.call('ZADD', p..'ready', 'NX', tonumber(redis.call('GET', p..'next:'..h) or '0'), h)
    if key == 'aside' then
      redis.call('HDEL', p..'deferred', string.sub(e, 1, string.find(e, '\0', 1, true)-1))
      redis.call('HINCRBY', p..'stats', 'queued', 1)
    end
  end
end
local queued = tonumber(redis.call('HGET', p..'stats', 'queued') or '0')
local inflight = tonumber(redis.call('HGET', p..'stats', 'inflight') or '0')
if queued <= 0 and inflight <= 0 then return {'done'} end
local share = limit
redis.call('ZREMRANGEBYSCORE', p..'waiting', '-inf', now - 1000)
local others = redis.call('ZCARD', p..'waiting') - (redis.call('ZSCORE', p..'waiting', me) and 1 or 0)
if others > 0 then
  local live = 0
  local w = redis.call('HGETALL', p..'live')
  for j = 2, #w, 2 do
    if tonumber(w[j]) >= now - ttl then live = live + 1 end
  end
  share = math.max(1, math.ceil(limit / math.max(live, 1)))
end
local capped = false
local hosts = redis.call('ZRANGEBYSCORE', p..'ready', '-inf', now, 'LIMIT', 0, 64)
for _, h in ipairs(hosts) do
  if redis.call('HLEN', p..'inflight:'..h) < limit then
    if tonumber(redis.call('HGET', p..'held:'..h, me) or '0') >= share then
      capped = true
    else
      local e = redis.call('LPOP', p..'q:'..h)
      if e then
        local u = string.sub(e, 1, string.find(e, '\0', 1, true)-1)
        redis.call('HSET', p..'inflight:'..h, u, e)
        redis.call('HSET', p..'owner:'..h, u, me)
        redis.call('HINCRBY', p..'held:'..h, me, 1)
        redis.call('ZADD', p..'leases', now+ttl, h..'\0'..u)
        redis.call('ZREM', p..'waiting', me)
        redis.call('HINCRBY', p..'stats', 'queued', -1)
        redis.call('HINCRBY', p..'stats', 'inflight', 1)
        if redis.call('LLEN', p..'q:'..h) == 0 then
          redis.call('ZREM', p..'ready', h)
        elseif redis.call('HLEN', p..'inflight:'..h) >= limit then
          -- full: step aside so hosts behind it are looked at; a release brings it back
          redis.call('ZADD', p..'ready', now+ttl, h)
        end
        return {'item', e, h..'\0'..u}
      end
      redis.call('ZREM', p..'ready', h)
    end
  end
end
redis.call('ZADD', p..'waiting', now, me)
local wait = 100
local first = redis.call('ZRANGE', p..'ready', 0, 0, 'WITHSCORES')
if first[2] then wait = math.min(wait, tonumber(first[2]) - now) end
local lease = redis.call('ZRANGE', p..'leases', 0, 0, 'WITHSCORES')
if lease[2] then wait = math.min(wait, tonumber(lease[2]) - now) end
-- a host this worker may not take more of stays ready: look again soon, not at once
return {'wait', tostring(math.max(wait, capped and 50 or 10))}`)

// Next takes the next URL any worker may fetch now, waiting for one.
func (f *Redis) Next(ctx context.Context) (crawler.Item, error) {
	for {
		if err := f.Err(); err != nil {
			return crawler.Item{}, err // an Add or Done that failed: stop rather than lose URLs
		}
		res, err := nextScript.Run(ctx, f.rdb, nil, f.prefix, f.ms(f.cfg.Clock()),
			f.cfg.HostConcurrency, f.cfg.LeaseTTL.Milliseconds(), f.cfg.WorkerID).StringSlice()
		if err != nil {
			if ctx.Err() != nil {
				return crawler.Item{}, ctx.Err()
			}
			f.fail(err)
			return crawler.Item{}, f.Err()
		}
		switch res[0] {
		case "done":
			return crawler.Item{}, crawler.ErrFrontierDone
		case "item":
			it, err := parseEntry(res[1])
			if err != nil {
				return it, err
			}
			f.mu.Lock()
			f.mine[res[2]] = struct{}{}
			f.mu.Unlock()
			return it, nil
		}
		wait, _ := strconv.Atoi(res[1])
		t := time.NewTimer(time.Duration(wait) * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return crawler.Item{}, ctx.Err()
		case <-t.C:
		}
	}
}

// releaseScript ends this worker's lease: the host may be fetched again at
// now+delay. With a retry entry the URL goes back to the end of its host's
// queue, or to the delayed set until now+after; with deferral info it is
// deferred (the retry entry goes to the aside set when it has an until). A
// lease that had expired and whose URL was queued again takes the URL out
// of the queue, so it is not fetched twice; one that another worker has
// leased since is left to that worker.
var releaseScript = redis.NewScript(`
local p, h, u, e, now, delay, retry, me = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7], ARGV[8]
local after, info, untilms = tonumber(ARGV[9]), ARGV[10], tonumber(ARGV[11])
local mine = false
if redis.call('HGET', p..'owner:'..h, u) == me then
  redis.call('ZREM', p..'leases', h..'\0'..u)
  redis.call('HDEL', p..'owner:'..h, u)
  redis.call('HINCRBY', p..'held:'..h, me, -1)
  redis.call('HDEL', p..'inflight:'..h, u)
  redis.call('HINCRBY', p..'stats', 'inflight', -1)
  mine = true
elseif redis.call('LREM', p..'q:'..h, 1, e) == 1 then
  redis.call('HINCRBY', p..'stats', 'queued', -1)
  mine = true
end
local nxt = math.max(now + delay, tonumber(redis.call('GET', p..'next:'..h) or '0'))
redis.call('SET', p..'next:'..h, nxt)
if mine then
  if info ~= '' then
    redis.call('HSET', p..'deferred', u, info)
    if untilms > 0 then redis.call('ZADD', p..'aside', untilms, h..'\0'..retry) end
  elseif retry ~= '' then
    if after > 0 then
      redis.call('ZADD', p..'delayed', now + after, h..'\0'..retry)
    else
      redis.call('RPUSH', p..'q:'..h, retry)
    end
    redis.call('HINCRBY', p..'stats', 'queued', 1)
  else
    redis.call('HINCRBY', p..'stats', 'done', 1)
  end
end
if redis.call('LLEN', p..'q:'..h) > 0 then redis.call('ZADD', p..'ready', nxt, h) end
return 1`)

// release runs releaseScript for in-flight it (stored as prev).
func (f *Redis) release(it, prev crawler.Item, delay time.Duration, r releaseTo) {
	h := redisHost(it.URL)
	f.mu.Lock()
	delete(f.mine, h+"\x00"+it.URL)
	f.mu.Unlock()
	err := releaseScript.Run(context.Background(), f.rdb, nil, f.prefix, h, it.URL, entry(prev),
		f.ms(f.cfg.Clock()), delay.Milliseconds(), r.retry, f.cfg.WorkerID,
		r.after.Milliseconds(), r.info, r.until).Err()
	if err != nil {
		f.fail(err)
	}
}

// releaseTo is where a released URL goes: done (zero), back to its queue
// (retry: its entry, after: its own wait), or deferred (info).
type releaseTo struct {
	retry string
	after time.Duration
	info  string
	until int64 // ms; 0: deferred to the next run only
}

// Done records it as finished for every worker.
func (f *Redis) Done(it crawler.Item, hostDelay time.Duration) {
	f.release(it, it, hostDelay, releaseTo{})
}

// Retry puts it back at the end of its host's queue, not before after; the
// host may be fetched again after hostPause.
func (f *Redis) Retry(it crawler.Item, after, hostPause time.Duration) {
	// it.Attempt was already raised by the crawler; the stored in-flight entry is the previous one.
	prev := it
	prev.Attempt--
	it.NotBefore = time.Time{} // the wait is the delayed set's score
	f.release(it, prev, hostPause, releaseTo{retry: entry(it), after: after})
}

// heartbeat renews this worker's leases and says it is alive.
func (f *Redis) heartbeat() {
	defer close(f.done)
	t := time.NewTicker(max(f.cfg.LeaseTTL/3, 10*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-f.stop:
			return
		case <-t.C:
			f.renew()
		}
	}
}

func (f *Redis) renew() {
	ctx := context.Background()
	now := f.cfg.Clock()
	f.mu.Lock()
	members := make([]redis.Z, 0, len(f.mine))
	for m := range f.mine {
		members = append(members, redis.Z{Score: float64(f.ms(now.Add(f.cfg.LeaseTTL))), Member: m})
	}
	f.mu.Unlock()
	pipe := f.rdb.Pipeline()
	if len(members) > 0 {
		pipe.ZAddXX(ctx, f.prefix+"leases", members...)
	}
	pipe.HSet(ctx, f.prefix+"workers", f.cfg.WorkerID, f.ms(now))
	pipe.HSet(ctx, f.prefix+"live", f.cfg.WorkerID, f.ms(now))
	if _, err := pipe.Exec(ctx); err != nil {
		f.fail(err)
	}
}

// Stats reads the crawl-wide counters.
func (f *Redis) Stats() crawler.FrontierStats {
	s, err := ReadRedisStats(context.Background(), f.rdb, f.cfg.CrawlID)
	if err != nil {
		return crawler.FrontierStats{}
	}
	return s.FrontierStats
}

var _ crawler.PageCounts = (*Redis)(nil)

// AddPage counts an HTML page fetched from host, for every worker.
func (f *Redis) AddPage(host string) {
	if err := f.rdb.HIncrBy(context.Background(), f.prefix+"pages", host, 1).Err(); err != nil {
		f.fail(err)
	}
}

// Pages is how many HTML pages all workers fetched from host.
func (f *Redis) Pages(host string) int {
	n, err := f.rdb.HGet(context.Background(), f.prefix+"pages", host).Int()
	if err != nil && !errors.Is(err, redis.Nil) {
		f.fail(err)
	}
	return n
}

// hostsInFlightScan bounds the leases HostsInFlight reads per scrape.
const hostsInFlightScan = 10_000

// HostsInFlight is how many fetches each host has in flight across all
// workers (for metrics): the hosts of the first leases (by expiry, at most
// hostsInFlightScan of them) and each one's in-flight count. Empty on a
// Redis error.
func (f *Redis) HostsInFlight() map[string]int {
	ctx := context.Background()
	members, err := f.rdb.ZRange(ctx, f.prefix+"leases", 0, hostsInFlightScan-1).Result()
	if err != nil {
		return map[string]int{}
	}
	counts := make(map[string]*redis.IntCmd)
	pipe := f.rdb.Pipeline()
	for _, m := range members {
		h, _, _ := strings.Cut(m, "\x00")
		if counts[h] == nil {
			counts[h] = pipe.HLen(ctx, f.prefix+"inflight:"+h)
		}
	}
	out := make(map[string]int, len(counts))
	if _, err := pipe.Exec(ctx); err != nil && len(counts) > 0 {
		return out
	}
	for h, c := range counts {
		if n := c.Val(); n > 0 {
			out[h] = int(n)
		}
	}
	return out
}

// RedisStats is a crawl's progress across all its workers.
type RedisStats struct {
	crawler.FrontierStats
	Done, Reclaimed int
	Workers         map[string]time.Time // worker id -> last heartbeat
}

// ReadRedisStats reads a crawl's counters, for salvage status.
func ReadRedisStats(ctx context.Context, rdb *redis.Client, crawlID string) (RedisStats, error) {
	p := KeyPrefix(crawlID)
	var out RedisStats
	m, err := rdb.HGetAll(ctx, p+"stats").Result()
	if err != nil {
		return out, err
	}
	n := func(k string) int { v, _ := strconv.Atoi(m[k]); return v }
	out.Queued, out.InFlight, out.Seen, out.Done, out.Reclaimed = n("queued"), n("inflight"), n("seen"), n("done"), n("reclaimed")
	hosts, err := rdb.ZCard(ctx, p+"ready").Result()
	if err != nil {
		return out, err
	}
	out.Hosts = int(hosts)
	w, err := rdb.HGetAll(ctx, p+"workers").Result()
	if err != nil {
		return out, err
	}
	out.Workers = make(map[string]time.Time, len(w))
	for id, ms := range w {
		v, _ := strconv.ParseInt(ms, 10, 64)
		out.Workers[id] = time.UnixMilli(v)
	}
	return out, nil
}

// Close stops renewing leases. URLs still in flight go back to the queue
// when their leases expire.
func (f *Redis) Close() error {
	f.closeOnce.Do(func() {
		close(f.stop)
		<-f.done
		// No longer among the live workers: the others' fair share grows now, not a lease TTL later.
		pipe := f.rdb.Pipeline()
		pipe.HDel(context.Background(), f.prefix+"live", f.cfg.WorkerID)
		pipe.ZRem(context.Background(), f.prefix+"waiting", f.cfg.WorkerID)
		if _, err := pipe.Exec(context.Background()); err != nil {
			f.fail(err)
		}
	})
	return f.Err()
}

// DeleteCrawl removes every key of a crawl (for tests and `salvage status --delete`).
func DeleteCrawl(ctx context.Context, rdb *redis.Client, crawlID string) error {
	iter := rdb.Scan(ctx, 0, KeyPrefix(crawlID)+"*", 1000).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		return err
	}
	if len(keys) == 0 {
		return nil
	}
	return rdb.Del(ctx, keys...).Err()
}
