package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/cmd/internal/folder"
)

// crawlJob is one prepared crawl: every configuration built and validated,
// nothing opened yet.
type crawlJob struct {
	cmd      *crawlCmd
	seeds    []string
	scopeCfg policy.ScopeConfig
	scope    *policy.Scope
	rules    *policy.LinkRules
	logger   *slog.Logger

	crawl  crawler.Config      // without Transport, Sink, Frontier, Robots (run sets them)
	writer warc.WriterConfig   // without Index and Config (run sets them from the state)
	record warc.RecorderConfig // without Writer and OnCapture (run sets them)
	dedup  bool                // run gives the writer the state's digest index

	resumed bool // the state held an earlier run of this crawl (begin)
}

// validate checks each configuration as far as it is known before run.
func (j *crawlJob) validate() error {
	if err := j.crawl.ValidateSettings(); err != nil {
		return cli.Usagef("crawl: %w", err)
	}
	if err := j.writer.Validate(); err != nil {
		return cli.Usagef("crawl: %w", err)
	}
	if err := j.record.Validate(); err != nil {
		return cli.Usagef("crawl: %w", err)
	}
	return nil
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
	HeaderTimeout    string   `json:"headerTimeout"`
	MaxRedirects     int      `json:"maxRedirects"`
	MaxOutlinks      int      `json:"maxOutlinks"` // 0: no cap
	MaxStreamSize    int64    `json:"maxStreamSize"`
	MaxStreamTime    string   `json:"maxStreamTime"`
	WarcSize         int64    `json:"warcSize"`
	Digest           string   `json:"digest"`
	Dedup            bool     `json:"dedup"`
	Resolve          []string `json:"resolve,omitempty"`
	Insecure         bool     `json:"insecureTLS"`
	Previous         string   `json:"previous,omitempty"` // --previous, absolute: the earlier crawl revisits refer into
}

// newEffectiveConfig describes the configurations a crawl runs with; resolve
// is the --resolve text (the map itself lives in the recorder's Dial).
func newEffectiveConfig(sc policy.ScopeConfig, cc crawler.Config, wc warc.WriterConfig, rc warc.RecorderConfig, resolve []string) effectiveConfig {
	return effectiveConfig{
		Seeds: cc.Seeds, Scope: string(sc.Mode), Include: sc.Include, Exclude: sc.Exclude,
		MaxHops: sc.MaxHops, TransclusionHops: sc.TransclusionHops, MaxPagesPerHost: cc.MaxPagesPerHost,
		UserAgent: cc.UserAgent, Robots: robotsPolicy(cc.IgnoreRobots), Delay: cc.Delay.String(),
		MaxWait: cc.MaxWait.String(), NoveltyLimit: max(cc.NoveltyLimit, 0), Workers: cc.Workers,
		HostConcurrency: cc.HostConcurrency, MaxBody: rc.MaxBody, MaxFetchTime: rc.MaxFetchTime.String(),
		HeaderTimeout: rc.ResponseHeaderTimeout.String(), MaxRedirects: max(cc.MaxRedirects, 0), MaxOutlinks: max(cc.MaxOutlinks, 0),
		MaxStreamSize: rc.StreamMaxBytes, MaxStreamTime: rc.StreamMaxTime.String(),
		WarcSize: wc.MaxSize, Digest: wc.Digest, Dedup: wc.Index != nil, Resolve: resolve, Insecure: rc.Insecure,
	}
}

func robotsPolicy(ignore bool) string {
	if ignore {
		return "ignore"
	}
	return "obey"
}

// onceCloser makes a close function safe to call twice: the explicit close
// before the summary and the deferred one of the error paths.
func onceCloser(close func() error) func() error {
	var once sync.Once
	var err error
	return func() error {
		once.Do(func() { err = close() })
		return err
	}
}

// writerConfig completes j.writer with what the opened state gives: the
// file prefix, the digest index (none without dedup) and the warcinfo
// configuration.
func (j *crawlJob) writerConfig(st *crawlState) warc.WriterConfig {
	wc := j.writer
	wc.Prefix = st.prefix
	switch {
	case !j.dedup:
		wc.Index = nil
	case st.digests != nil:
		wc.Index = st.digests
	default:
		wc.Index = warc.NewMemoryIndex()
	}
	ec := newEffectiveConfig(j.scopeCfg, j.crawl, wc, j.record, j.cmd.resolve)
	if j.cmd.prev != nil {
		ec.Previous = j.cmd.prev.path
	}
	wc.Config = ec
	return wc
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
	wc := j.writerConfig(st)
	rc, cc := j.record, j.crawl
	if err := j.usePrevious(ctx, st, wc.Index, &rc, &cc); err != nil {
		return err
	}
	w, err := warc.NewWriter(wc)
	if err != nil {
		return fmt.Errorf("open warc writer in %s: %w", c.out, err)
	}
	defer w.Close()
	cdx, err := openCrawlIndex(c.out)
	if err != nil {
		return err
	}
	closeIndex := onceCloser(cdx.Close)
	defer closeIndex()
	lc, err := j.startLinkChecks(ctx)
	if err != nil {
		return err
	}
	defer lc.close()
	ctx, stopCrawl := context.WithCancelCause(ctx)
	defer stopCrawl(nil)
	jr, err := folder.OpenJournal(folder.JournalConfig{Dir: c.out, Started: start, Writer: w, Index: cdx,
		Logger: j.logger, Stop: stopCrawl, NoLinks: c.noReport})
	if err != nil {
		return err
	}
	ended := folder.Killed // until the crawl returns
	closeJournal := onceCloser(func() error { return jr.Close(time.Now(), ended) })
	defer closeJournal()
	mx := newJobMetrics(c.stateFlags.metrics, st.frontier)
	rc.Writer, rc.OnCapture = w, c.prev.onCapture(mx.onCapture(jr.Capture))
	rec, err := warc.NewRecorder(rc)
	if err != nil {
		return fmt.Errorf("recorder: %w", err)
	}
	defer rec.CloseIdleConnections()
	cc.Transport, cc.Sink, cc.Frontier, cc.Robots = rec, lc.sink(mx.sink(jr)), st.frontier, st.robots
	cr, err := crawler.New(cc)
	if err != nil {
		return fmt.Errorf("crawler: %w", err)
	}
	stopMetrics, err := mx.serve(ctx, c.stateFlags.metrics, cr)
	if err != nil {
		return cli.Usagef("crawl: %w", err)
	}
	defer stopMetrics()
	stopProgress := startProgress(ctx, c, cr, jr)
	unwire := onInterrupt(ctx, c.stderr, cr)
	runErr := cr.Run(ctx)
	times := folder.Times{Started: start, LastFetch: jr.LastFetch(), CrawlFinished: time.Now()}
	lc.stop() // what is still queued is the report's
	unwire()
	stopProgress()
	deferred := cr.Deferred() // before the state is closed
	recordFailedSeeds(st, jr)
	ended = folder.Finished
	if runErr != nil {
		ended = folder.Interrupted
	}
	closeErr := errors.Join(w.Close(), closeJournal(), st.close(), closeIndex())
	if closeErr != nil {
		closeErr = fmt.Errorf("finish crawl output: %w", closeErr)
	}
	return j.finish(ctx, crawlEnd{runErr, closeErr, jr, deferred, times}, lc)
}

// crawlEnd is how a run's crawl ended.
type crawlEnd struct {
	runErr, closeErr error
	jr               *folder.Journal
	deferred         []crawler.Deferral
	times            folder.Times // up to CrawlFinished
}

// finish builds the folder's outputs from every run's files (folder.Build),
// writes the link report (checked with lc; nil: offline), summary.json
// with the run's times, and turns the end of the crawl into the command's
// error.
func (j *crawlJob) finish(ctx context.Context, end crawlEnd, lc *linkChecks) error {
	c := j.cmd
	runErr, closeErr, jr, deferred := end.runErr, end.closeErr, end.jr, end.deferred
	built, err := folder.Build(c.out, folder.BuildOptions{Links: !c.noReport, Rules: j.rules,
		Internal: j.scope.OnSite, Logger: j.logger})
	if err != nil {
		return errors.Join(closeErr, fmt.Errorf("build the folder's outputs: %w", err))
	}
	sum := built.Summary
	sum.Deferred = folder.DeferredList(deferred)
	if c.prev != nil {
		sum.Previous = &folder.PreviousArchive{Path: c.prev.path, WarcFiles: j.previousFiles()}
		closeErr = errors.Join(closeErr, c.prev.writeRecord(c.out, sum.Previous.WarcFiles))
	}
	sumPath := filepath.Join(c.out, "summary.json")
	sumErr := folder.WriteSummary(sumPath, sum)
	folder.PrintSummary(c.stdout, sum, c.out)
	files := folderWARCs(c.out)
	closeErr = errors.Join(closeErr, sumErr, j.finishReplayOutputs(files))
	err = j.outcome(runErr, closeErr, jr)
	if err == nil && !c.noReport {
		err = j.linkReport(ctx, built.Links, files, lc)
	}
	if err == nil || errors.Is(err, cli.ErrProblems) {
		err = errors.Join(j.changesReport(), err)
	}
	t := end.times
	t.ReportsWritten = time.Now()
	t.Exited = time.Now()
	sum.Times = t.Settle()
	if werr := folder.WriteSummary(sumPath, sum); werr != nil && sumErr == nil {
		err = errors.Join(err, werr)
	}
	folder.PrintTimes(c.stdout, sum.Times)
	return err
}

// zeroIsOff maps a count flag (0 = none) to a crawler.Config count (0 = default, negative = none).
func zeroIsOff(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// outcome turns the end of a crawl into the command's error.
func (j *crawlJob) outcome(runErr, closeErr error, jr *folder.Journal) error {
	if werr := jr.WriteError(); werr != nil {
		return fmt.Errorf("crawl stopped: %w (the WARC files end at their last complete record)", werr)
	}
	if closeErr != nil {
		return closeErr
	}
	if errors.Is(runErr, context.Canceled) {
		return errors.New("interrupted; WARC files closed cleanly")
	}
	if runErr != nil {
		return runErr
	}
	if why := jr.SeedFailures(); why != "" {
		return errors.New(why) // one line per seed, with its cause
	}
	return nil
}
