package main

import (
	"context"
	"net/url"

	"github.com/redis/go-redis/v9"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// linkChecks are a crawl's live link checks: the report's Checker, and the
// Prechecker that starts its checks while the crawl runs. A nil *linkChecks
// (--no-report, --offline-report) checks nothing.
type linkChecks struct {
	chk    *verify.Checker
	robots verify.RobotsAllower // external hosts' robots.txt, as verify reads them; nil with --ignore-robots
	pre    *verify.Prechecker
	rdb    *redis.Client // with --state redis://: the results shared with the other workers
	cancel context.CancelFunc
	done   chan struct{} // closed when pre.Run has returned
}

// startLinkChecks builds the report's Checker and starts prechecking the
// links the crawl finds; ctx bounds the prechecks.
func (j *crawlJob) startLinkChecks(ctx context.Context) (*linkChecks, error) {
	c := j.cmd
	if c.noReport || c.offlineReport {
		return nil, nil
	}
	lc := &linkChecks{done: make(chan struct{})}
	var shared verify.SharedResults
	if c.stateFlags.redis() {
		opt, err := redis.ParseURL(c.stateFlags.state)
		if err != nil {
			return nil, cli.Usagef("crawl: --state: %w", err)
		}
		lc.rdb = redis.NewClient(opt)
		shared = newRedisChecks(lc.rdb, c.stateFlags.crawlID)
	}
	chk, err := c.linkChecks.buildShared(j.rules, c.out+"/.salvage-linkcache", shared)
	if err == nil {
		lc.chk = chk
		if !c.ignoreRobots { // as verify reads them: a disallowed link is robots-excluded, not fetched
			lc.robots, err = c.linkChecks.robotsGate(chk)
		}
	}
	if err == nil {
		lc.pre, err = verify.NewPrechecker(chk, verify.PrecheckConfig{Internal: j.scope.OnSite, CrawlMayFetch: crawlMayFetch(j.scope),
			Robots: lc.robots})
	}
	if err != nil {
		lc.closeClients()
		return nil, err
	}
	ctx, lc.cancel = context.WithCancel(ctx)
	pre := lc.pre
	go func() {
		defer close(lc.done)
		_ = pre.Run(ctx)
	}()
	return lc, nil
}

// crawlMayFetch: the crawl's scope allows a link at its hop path (an embed
// on another host, within the transclusion hops).
func crawlMayFetch(sc *policy.Scope) func(u *url.URL, hopPath string) bool {
	return func(u *url.URL, hopPath string) bool {
		return sc.Decide(policy.Candidate{URL: u, HopPath: hopPath}).Allowed
	}
}

// checker is the report's Checker; nil: offline.
func (lc *linkChecks) checker() *verify.Checker {
	if lc == nil {
		return nil
	}
	return lc.chk
}

// robotsGate is the report's robots.txt gate; nil: offline or --ignore-robots.
func (lc *linkChecks) robotsGate() verify.RobotsAllower {
	if lc == nil {
		return nil
	}
	return lc.robots
}

// sink feeds every fetched page's links to the Prechecker, then next.
func (lc *linkChecks) sink(next crawler.Sink) crawler.Sink {
	if lc == nil {
		return next
	}
	return precheckSink{next: next, pre: lc.pre}
}

// stop starts no more prechecks: the report checks what is still queued.
func (lc *linkChecks) stop() {
	if lc != nil {
		lc.pre.Stop()
	}
}

// close cancels the prechecks still in flight (after the report, which
// waited for each it needed; on the error paths, nobody needs them), waits
// for them and closes the Checker.
func (lc *linkChecks) close() {
	if lc == nil {
		return
	}
	lc.cancel()
	<-lc.done
	lc.closeClients()
}

func (lc *linkChecks) closeClients() {
	if lc.chk != nil {
		lc.chk.Close()
	}
	if lc.rdb != nil {
		lc.rdb.Close()
	}
}

// precheckSink passes events on and queues fetched pages' links for checks.
type precheckSink struct {
	next crawler.Sink
	pre  *verify.Prechecker
}

func (s precheckSink) Event(ev crawler.Event) {
	s.next.Event(ev)
	if ev.Kind == crawler.EventFetched && len(ev.Links) > 0 {
		s.pre.Add(ev.HopPath, ev.Links)
	}
}

// Sync passes crawler.Syncer on to the sink it wraps.
func (s precheckSink) Sync() {
	if y, ok := s.next.(crawler.Syncer); ok {
		y.Sync()
	}
}
