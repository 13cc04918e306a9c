package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// crawlJob is one prepared crawl: everything checked, nothing opened yet.
type crawlJob struct {
	cmd     *crawlCmd
	seeds   []string
	scope   *policy.Scope
	resolve policy.ResolveMap
	roots   *x509.CertPool
	rules   *policy.LinkRules
	logger  *slog.Logger
}

// effectiveConfig is recorded in every warcinfo record, so an archive says
// how it was made.
type effectiveConfig struct {
	Seeds            []string `json:"seeds"`
	Scope            string   `json:"scope"`
	Include          []string `json:"include,omitempty"`
	Exclude          []string `json:"exclude,omitempty"`
	MaxHops          int      `json:"maxHops"`
	TransclusionHops int      `json:"transclusionHops"`
	MaxPagesPerHost  int      `json:"maxPagesPerHost"`
	UserAgent        string   `json:"userAgent"`
	Robots           string   `json:"robots"`
	Delay            string   `json:"delay"`
	MaxWait          string   `json:"maxWait"`
	NoveltyLimit     int      `json:"noveltyLimit"`
	Workers          int      `json:"workers"`
	HostConcurrency  int      `json:"hostConcurrency"`
	MaxBody          int64    `json:"maxBody"`
	MaxFetchTime     string   `json:"maxFetchTime"`
	MaxStreamSize    int64    `json:"maxStreamSize"`
	MaxStreamTime    string   `json:"maxStreamTime"`
	WarcSize         int64    `json:"warcSize"`
	Digest           string   `json:"digest"`
	Dedup            bool     `json:"dedup"`
	Resolve          []string `json:"resolve,omitempty"`
	Insecure         bool     `json:"insecureTLS"`
}

func (j *crawlJob) config() effectiveConfig {
	c := j.cmd
	return effectiveConfig{
		Seeds: j.seeds, Scope: c.scope.mode, Include: c.scope.include, Exclude: c.scope.exclude,
		MaxHops: c.scope.maxHops, TransclusionHops: c.scope.transclusion, MaxPagesPerHost: c.scope.maxPagesPerHost,
		UserAgent: c.userAgent, Robots: j.robotsPolicy(), Delay: c.delay.String(), MaxWait: c.maxWait.String(), NoveltyLimit: c.noveltyLimit, Workers: c.workers,
		HostConcurrency: c.hostConc, MaxBody: int64(c.maxBody), MaxFetchTime: c.maxFetchTime.String(),
		MaxStreamSize: int64(c.streamBytes), MaxStreamTime: c.streamTime.String(),
		WarcSize: int64(c.warcSize), Digest: c.digest, Dedup: !c.noDedup, Resolve: c.resolve, Insecure: c.insecure,
	}
}

func (j *crawlJob) robotsPolicy() string {
	if j.cmd.ignoreRobots {
		return "ignore"
	}
	return "obey"
}

func (j *crawlJob) run(ctx context.Context) error {
	c := j.cmd
	start := time.Now()
	st, err := openState(ctx, c, j.logger)
	if err != nil {
		return err
	}
	defer st.close()
	if done, err := j.begin(st); done || err != nil {
		return err
	}
	w, err := warc.NewWriter(warc.WriterConfig{
		Dir: c.out, Prefix: st.prefix, Index: st.digests, MaxSize: int64(c.warcSize), Digest: c.digest,
		Software: "salvage/" + Version, Hostname: hostname(), Operator: c.operator,
		Description: c.descr, IsPartOf: c.isPartOf, Robots: j.robotsPolicy(), Config: j.config(),
		Dedup: !c.noDedup,
	})
	if err != nil {
		return fmt.Errorf("open warc writer in %s: %w", c.out, err)
	}
	ctx, stopCrawl := context.WithCancelCause(ctx)
	defer stopCrawl(nil)
	jr, err := openJournal(c.out, w, j.logger, stopCrawl)
	if err == nil && !c.noReport { // no report: no collection (a third of the CPU of a crawl)
		jr.rules, jr.links = j.rules, verify.NewCollector(j.rules, internalTo(j.scope))
	}
	if err == nil {
		if jr.cdx, err = openCrawlIndex(c.out); err != nil {
			jr.close()
		}
	}
	if err != nil {
		w.Close()
		return err
	}
	mx := newJobMetrics(c.stateFlags.metrics, st.frontier)
	rec, err := warc.NewRecorder(warc.RecorderConfig{
		Dial: newDialer(j.resolve, guardFor(c.allowPrivate, j.seeds)), RootCAs: j.roots, Insecure: c.insecure,
		MaxBody: int64(c.maxBody), MaxFetchTime: c.maxFetchTime,
		StreamMaxBytes: int64(c.streamBytes), StreamMaxTime: c.streamTime,
		Writer: w, OnCapture: mx.onCapture(jr.capture),
	})
	if err != nil {
		jr.close()
		w.Close()
		return fmt.Errorf("recorder: %w", err)
	}
	cr, err := crawler.New(crawler.Config{
		Seeds: j.seeds, Scope: j.scope, Transport: rec, Sink: mx.sink(jr), Frontier: st.frontier, Robots: st.robots,
		Workers: c.workers, HostConcurrency: c.hostConc, Delay: c.delay, UserAgent: c.userAgent,
		IgnoreRobots: c.ignoreRobots, MaxPagesPerHost: c.scope.maxPagesPerHost, Logger: j.logger,
		RequisitesOnly: c.requisitesOnly, MaxHTMLParse: int(c.maxParse), NoFeedElements: c.noReport,
		MaxRetries: zeroIsOff(c.retries), RetryDelay: c.retryDelay, MaxWait: c.maxWait, Grace: c.grace,
		NoveltyLimit: zeroIsOff(c.noveltyLimit),
		NoSitemaps:   c.noSitemaps || !c.sitemaps,
	})
	if err != nil {
		return cli.Usagef("%w", err)
	}
	stopMetrics, err := mx.serve(ctx, c.stateFlags.metrics, cr)
	if err != nil {
		jr.close()
		w.Close()
		return cli.Usagef("crawl: %w", err)
	}
	defer stopMetrics()
	stopProgress := startProgress(ctx, c, cr, jr)
	runErr := cr.Run(ctx)
	stopProgress()
	deferred := cr.Deferred() // before the state is closed
	recordFailedSeeds(st, jr)
	closeErr := errors.Join(w.Close(), jr.close(), st.close())
	sum := jr.summary(start, time.Now(), runErr != nil)
	sum.Deferred = deferredList(deferred)
	if err := writeSummary(filepath.Join(c.out, "summary.json"), sum); err != nil {
		closeErr = errors.Join(closeErr, err)
	}
	printSummary(c.stdout, sum, c.out)
	closeErr = errors.Join(closeErr, j.finishReplayOutputs(jr, w.Files()))
	if err := j.outcome(runErr, closeErr, jr); err != nil || c.noReport {
		return err
	}
	return j.linkReport(ctx, jr, w.Files())
}

// zeroIsOff maps a count flag (0 = none) to a crawler.Config count (0 = default, negative = none).
func zeroIsOff(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// outcome turns the end of a crawl into the command's error.
func (j *crawlJob) outcome(runErr, closeErr error, jr *journal) error {
	if werr := jr.writeError(); werr != nil {
		return fmt.Errorf("crawl stopped: %w (the WARC files end at their last complete record)", werr)
	}
	if closeErr != nil {
		return fmt.Errorf("finish crawl output: %w", closeErr)
	}
	if errors.Is(runErr, context.Canceled) {
		fmt.Fprintln(j.cmd.stderr, "salvage: interrupted; WARC files closed cleanly")
		return errors.New("interrupted")
	}
	if runErr != nil {
		return runErr
	}
	if why := jr.seedFailures(); why != "" {
		return errors.New(why) // one line per seed, with its cause
	}
	return nil
}
