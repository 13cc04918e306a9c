package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/frontier"
	"github.com/salvage-archive/salvage/warc"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// stateFileName is the crawl state (bbolt) kept beside the WARC files.
const stateFileName = "crawl-state.db"

// stateFlags choose where the crawl frontier lives.
type stateFlags struct {
	state, crawlID, workerID string
	leaseTTL                 time.Duration
	metrics                  string // --metrics ADDR
	addSeeds                 bool   // --add-seeds: add the seeds to the crawl in --out
}

func (s *stateFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.state, "state", "out", "crawl state: out (a bbolt file in --out; a rerun resumes), memory (no resume), or redis://HOST:PORT/DB (one crawl shared by many workers)")
	fs.StringVar(&s.crawlID, "crawl-id", "", "with --state redis://...: the name of the shared crawl")
	fs.StringVar(&s.workerID, "worker-id", "", "with --state redis://...: this worker's name, put in its WARC file names (default HOST-PID)")
	fs.StringVar(&s.metrics, "metrics", "", "serve Prometheus metrics on ADDR (e.g. 127.0.0.1:9090) at /metrics")
	fs.BoolVar(&s.addSeeds, "add-seeds", false, "add the given seeds to the crawl already in --out (without it, a folder holding a crawl of other seeds is refused)")
	fs.DurationVar(&s.leaseTTL, "lease-ttl", 30*time.Second, "with --state redis://...: a dead worker's in-flight URLs go back to the queue after this")
}

func (s *stateFlags) validate() error {
	switch {
	case s.state == "out", s.state == "memory":
		return nil
	case strings.HasPrefix(s.state, "redis://") || strings.HasPrefix(s.state, "rediss://"):
		if _, err := redis.ParseURL(s.state); err != nil {
			return cli.Usagef("crawl: --state: %w", err)
		}
		if s.crawlID == "" {
			return cli.Usagef("crawl: --state redis://... needs --crawl-id NAME")
		}
		if s.workerID == "" {
			s.workerID = fmt.Sprintf("%s-%d", hostname(), os.Getpid())
		}
		s.workerID = safeName(s.workerID)
		return nil
	}
	return cli.Usagef("crawl: --state %q: want out, memory or redis://HOST:PORT/DB", s.state)
}

func (s *stateFlags) redis() bool { return strings.HasPrefix(s.state, "redis") }

// safeName keeps a name to [A-Za-z0-9._-] for file names.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' {
			return r
		}
		return '-'
	}, s)
}

// crawlState is the opened frontier (nil for in-memory state), the digest
// index kept with it (nil: the Writer's own, in memory), the robots.txt
// cache shared by workers (nil: the process's own) and the WARC file prefix.
type crawlState struct {
	frontier crawler.Frontier
	digests  warc.DigestIndex
	robots   crawler.RobotsStore
	book     seedBook // the stored seeds and failed seeds (crawl_resume.go); nil: not kept
	deferred int      // deferred URLs of earlier runs queued again at open
	prefix   string
	closer   func() error

	// claimOnce, for a shared crawl, is true for the first worker to ask for
	// name (a Redis key of the crawl); nil: the process owns its crawl.
	claimOnce func(ctx context.Context, name string) (bool, error)
}

func (st *crawlState) close() error {
	if st.closer == nil {
		return nil
	}
	c := st.closer
	st.closer = nil
	return c()
}

// openState finishes WARC files a killed run left open, then opens the
// frontier; with state under --out a previous run's queue is resumed.
func openState(ctx context.Context, c *crawlCmd, logger *slog.Logger) (*crawlState, error) {
	st := &crawlState{prefix: c.prefix}
	if c.stateFlags.redis() {
		st.prefix = c.prefix + "-" + c.stateFlags.workerID
	}
	if err := repairOpenWarcs(c.out, st.prefix, logger); err != nil {
		return nil, err
	}
	switch {
	case c.stateFlags.state == "memory":
		return st, nil
	case c.stateFlags.redis():
		return st, st.openRedis(ctx, c, logger)
	}
	path := filepath.Join(c.out, stateFileName)
	b, err := frontier.OpenBolt(frontier.BoltConfig{Path: path, HostConcurrency: c.hostConc})
	if err != nil {
		return nil, err
	}
	if s := b.Stats(); s.Seen > 0 {
		logger.Info("resuming crawl from saved state", "state_file", path, "queued", s.Queued,
			"seen", s.Seen, "requeued_in_flight", b.Recovered(), "requeued_deferred", b.RequeuedDeferred())
	}
	st.frontier, st.digests, st.closer = b, digestIndex{b.Digests()}, b.Close
	st.robots = robotsRecord{b}
	st.book, st.deferred = b, b.RequeuedDeferred()
	return st, nil
}

func (st *crawlState) openRedis(ctx context.Context, c *crawlCmd, logger *slog.Logger) error {
	opt, err := redis.ParseURL(c.stateFlags.state)
	if err != nil {
		return cli.Usagef("crawl: --state: %w", err)
	}
	rdb := redis.NewClient(opt)
	f, err := frontier.OpenRedis(ctx, frontier.RedisConfig{Client: rdb, CrawlID: c.stateFlags.crawlID,
		WorkerID: c.stateFlags.workerID, HostConcurrency: c.hostConc, LeaseTTL: c.stateFlags.leaseTTL})
	if err != nil {
		rdb.Close()
		return fmt.Errorf("crawl state %s: %w", c.stateFlags.state, err)
	}
	logger.Info("joined shared crawl", "crawl_id", c.stateFlags.crawlID, "worker", c.stateFlags.workerID)
	st.frontier, st.book = f, f
	st.digests = digestIndex{frontier.NewRedisDigests(rdb, c.stateFlags.crawlID)}
	st.robots = frontier.NewRedisRobots(rdb, c.stateFlags.crawlID)
	st.claimOnce = func(ctx context.Context, name string) (bool, error) {
		return rdb.SetNX(ctx, "salvage:"+c.stateFlags.crawlID+":"+name, "1", 0).Result()
	}
	st.closer = func() error { return errors.Join(f.Close(), rdb.Close()) }
	return nil
}

// robotsRecord keeps each robots.txt a crawl fetches in its bolt state, for
// `salvage explain --out`. Get finds none, so every run fetches (and
// archives) its own robots.txt files as it did without it.
type robotsRecord struct{ b *frontier.Bolt }

var _ crawler.RobotsStore = robotsRecord{}

func (r robotsRecord) Get(string) (crawler.RobotsFile, bool) { return crawler.RobotsFile{}, false }
func (r robotsRecord) Put(host string, f crawler.RobotsFile) { r.b.PutRobots(host, f) }
func (r robotsRecord) Claim(string, int, time.Duration) bool { return true }

// digestStore is a crawl's payload digest map kept with its state
// (frontier.BoltDigests, frontier.RedisDigests).
type digestStore interface {
	Lookup(digest string) (recordID, uri string, date time.Time, ok bool)
	Store(digest, recordID, uri string, date time.Time)
}

// digestIndex adapts a digestStore to warc.DigestIndex.
type digestIndex struct{ d digestStore }

var _ warc.DigestIndex = digestIndex{}

func (r digestIndex) Lookup(digest string) (warc.Ref, bool) {
	id, uri, date, ok := r.d.Lookup(digest)
	return warc.Ref{RecordID: id, URI: uri, Date: date}, ok
}

func (r digestIndex) Store(digest string, ref warc.Ref) {
	r.d.Store(digest, ref.RecordID, ref.URI, ref.Date)
}

// repairOpenWarcs cuts the torn tail off every .open WARC file of ours in
// dir and finishes it, reporting each in the log.
func repairOpenWarcs(dir, prefix string, logger *slog.Logger) error {
	open, err := filepath.Glob(filepath.Join(dir, prefix+"-*.warc.gz.open"))
	if err != nil {
		return err
	}
	var errs []error
	for _, p := range open {
		rep, err := warc.RepairOpen(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		logger.Warn("finished WARC file left open by an interrupted run", "warc_file", filepath.Base(p),
			"finished_as", filepath.Base(rep.To), "records_kept", rep.Records, "torn_bytes_cut", rep.Cut)
	}
	if len(errs) > 0 {
		return fmt.Errorf("finish WARC files left open: %w", errors.Join(errs...))
	}
	return nil
}
