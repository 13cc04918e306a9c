package main

import (
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/cmd/internal/folder"
)

type crawlCmd struct {
	stdout, stderr io.Writer

	out, prefix, digest   string
	warcSize, maxBody     sizeFlag
	streamBytes           sizeFlag
	maxParse              sizeFlag
	maxFetchTime          time.Duration
	headerTimeout         time.Duration
	maxRedirects          int
	maxOutlinks           int
	streamTime            time.Duration
	delay                 time.Duration
	workers, hostConc     int
	userAgent             string
	ignoreRobots, noDedup bool
	resolve               listFlag
	caCerts               listFlag
	insecure              bool
	allowPrivate          bool
	operator, descr       string
	isPartOf              string
	progress              string
	progressEvery         time.Duration
	logLevel              string
	retries               int
	retryDelay, grace     time.Duration
	maxWait               time.Duration
	noveltyLimit          int
	noSitemaps            bool
	sitemaps              bool
	noReport              bool
	seedsFrom             string
	requisitesOnly        bool
	wacz                  bool           // also write OUT/PREFIX.wacz (crawl_replay.go)
	previous              string         // --previous: an earlier crawl (previous.go)
	prev                  *previousCrawl // it, read by Run
	offlineReport         bool
	checkTimeout          time.Duration // one live check request of the link report
	failOn, rulesFile     string
	linkChecks            checkFlags
	scope                 scopeFlags
	profile               profileFlags
	stateFlags            stateFlags
}

const crawlUsage = `Usage: salvage crawl [flags] SEED...

Crawls the site of each seed into WARC files under --out, with crawl.log (Heritrix format),
crawl.jsonl and summary.json beside them.

Flags:
`

func (c *crawlCmd) flags() *flag.FlagSet {
	fs := newFlagSet("crawl", crawlUsage)
	fs.StringVar(&c.out, "out", "out", "output folder")
	fs.StringVar(&c.prefix, "prefix", "salvage", "WARC file name prefix")
	c.warcSize = 1e9
	fs.Var(&c.warcSize, "warc-size", "rotate WARC files at this size (e.g. 1GB); a request/response pair is never split")
	fs.StringVar(&c.digest, "digest", "sha1", "digest algorithm for WARC-Block-Digest and WARC-Payload-Digest: sha1 or sha256 (base32)")
	c.maxBody = 512e6
	fs.Var(&c.maxBody, "max-body", "largest body archived whole; longer ones are kept truncated (WARC-Truncated: length)")
	fs.DurationVar(&c.maxFetchTime, "max-fetch-time", 10*time.Minute, "longest time one response may take; slower ones are kept truncated (WARC-Truncated: time)")
	fs.DurationVar(&c.headerTimeout, "header-timeout", 30*time.Second, "longest wait for a response's status line and headers, whatever the server keeps sending; then the fetch fails (timeout, retried once)")
	fs.IntVar(&c.maxRedirects, "max-redirects", crawler.DefaultMaxRedirects, "redirects followed in a row; the target of one more is not fetched (too-many-redirects); 0: none followed")
	fs.IntVar(&c.maxOutlinks, "max-outlinks", crawler.DefaultMaxOutlinks, "links taken from one page, embeds first, in document order; the rest are dropped (outlinks-capped:N); 0: no cap")
	c.maxParse = 32 << 20
	fs.Var(&c.maxParse, "max-parse", "bytes of an HTML or CSS body read for links, after gzip is inflated (the WARC keeps the whole body)")
	c.streamBytes = 4e6
	fs.Var(&c.streamBytes, "max-stream-size", "sample size kept of an endless stream (ICY/icy- headers, audio or video without length)")
	fs.DurationVar(&c.streamTime, "max-stream-time", 10*time.Second, "sample time kept of an endless stream")
	fs.DurationVar(&c.delay, "delay", 250*time.Millisecond, "pause per host:port after each fetch (robots.txt Crawl-delay wins when longer)")
	fs.IntVar(&c.workers, "workers", 8, "fetches in flight overall")
	fs.IntVar(&c.hostConc, "host-concurrency", 2, "fetches in flight per host:port")
	fs.StringVar(&c.userAgent, "user-agent", crawler.DefaultUserAgent, "User-Agent header")
	fs.BoolVar(&c.ignoreRobots, "ignore-robots", false, "do not obey robots.txt (it is still archived; recorded in warcinfo)")
	fs.BoolVar(&c.noDedup, "no-dedup", false, "write full response records for repeated payloads instead of revisit records")
	fs.Var(&c.resolve, "resolve", "HOST:PORT:ADDR[:PORT2] dial ADDR (and PORT2) for HOST:PORT, like curl (repeatable; HOST or PORT may be *)")
	fs.Var(&c.caCerts, "ca-cert", "PEM file of extra trusted certificate authorities (repeatable)")
	fs.BoolVar(&c.insecure, "insecure", false, "accept any TLS certificate (recorded in warcinfo)")
	fs.BoolVar(&c.allowPrivate, "allow-private", false, "fetch hosts that resolve to loopback, private, CGNAT, link-local or multicast addresses (seed hosts and --resolve targets always are)")
	fs.StringVar(&c.operator, "operator", "", "warcinfo operator: who ran the crawl")
	fs.StringVar(&c.descr, "description", "", "warcinfo description")
	fs.StringVar(&c.isPartOf, "is-part-of", "", "warcinfo isPartOf: the collection")
	fs.StringVar(&c.progress, "progress", "auto", "progress display: auto (live on a terminal, lines otherwise), lines, off")
	fs.DurationVar(&c.progressEvery, "progress-interval", 10*time.Second, "time between progress lines when not on a terminal")
	fs.StringVar(&c.logLevel, "log-level", "warn", "diagnostic log level on stderr: debug, info, warn, error")
	fs.IntVar(&c.retries, "retries", 3, "retries of a fetch that failed to connect or was reset, a DNS failure, 429/502/503/504 (or another 5xx with Retry-After); a timeout is retried once, a malformed answer never")
	fs.DurationVar(&c.retryDelay, "retry-delay", 5*time.Second, "first wait before a retry when the server gives no Retry-After (doubles each time)")
	fs.IntVar(&c.noveltyLimit, "novelty-limit", crawler.NoveltyLimit, "trap guard: close a URL family after this many of its pages in a row add nothing new (trap:no-novelty); 0 turns it off")
	fs.DurationVar(&c.maxWait, "max-wait", 3*time.Minute, "longest wait for a paused host or a URL's retry; a URL whose server asks for longer (Retry-After) is deferred to the next run")
	fs.DurationVar(&c.grace, "grace", 5*time.Second, "after Ctrl-C or SIGTERM, how long fetches in flight may finish before they are cut")
	fs.BoolVar(&c.sitemaps, "sitemaps", true, "read sitemaps: robots.txt Sitemap: lines (else a seed host's /sitemap.xml), indexes, .xml.gz")
	fs.BoolVar(&c.noSitemaps, "no-sitemaps", false, "same as --sitemaps=false")
	fs.StringVar(&c.seedsFrom, "seeds-from", "", "file of seed URLs, one per line (e.g. the missing.txt patch list of salvage verify)")
	fs.BoolVar(&c.requisitesOnly, "requisites-only", false, "fetch the seeds with their page requisites and redirects, follow no links (patch crawls)")
	fs.BoolVar(&c.noReport, "no-report", false, "do not write the link report (links.html, links.json, ...)")
	fs.BoolVar(&c.offlineReport, "offline-report", false, "link report from the crawl alone: do not check external links live")
	fs.DurationVar(&c.checkTimeout, "check-timeout", 15*time.Second, "timeout of one live check request of the link report (checks start during the crawl; the report waits for those in flight)")
	fs.StringVar(&c.failOn, "fail-on", "none", "link classes that make the exit code 1 (see salvage verify)")
	fs.StringVar(&c.rulesFile, "rules", "", "JSON rules file extending the built-in platform rules of the link report")
	fs.StringVar(&c.previous, "previous", "", "an earlier crawl (its folder, its index.cdxj, or any CDXJ): recrawl it into a new --out, with its seeds (unless given) and URLs, conditional requests, and revisit records for what did not change")
	fs.BoolVar(&c.wacz, "wacz", false, "also package the crawl as a WACZ 1.1.1 file (OUT/PREFIX.wacz) for ReplayWeb.page")
	c.scope.register(fs)
	c.profile.register(fs)
	c.stateFlags.register(fs)
	return fs
}

func (c *crawlCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags()
	seeds, err := parseFlags(fs, args)
	if err != nil {
		return err // flag.ErrHelp too: exitCode makes it 0
	}
	if c.seedsFrom != "" {
		more, err := readSeeds(c.seedsFrom)
		if err != nil {
			return err
		}
		seeds = append(seeds, more...)
	}
	if seeds, err = c.readPrevious(seeds); err != nil {
		return err
	}
	job, err := c.prepare(c.withSchemes(seeds))
	if err != nil {
		return err
	}
	defer c.profile.start(job.logger.Warn)()
	return job.run(ctx)
}

// prepare builds and validates every configuration of the crawl (crawler,
// WARC writer, recorder, state, report) before anything is created: an
// invalid flag leaves --out untouched.
func (c *crawlCmd) prepare(seeds []string) (*crawlJob, error) {
	if len(seeds) == 0 {
		return nil, cli.Syntaxf("crawl: no seed URL (usage: salvage crawl [flags] SEED...)")
	}
	if err := checkSeeds(seeds); err != nil {
		return nil, err
	}
	if err := c.stateFlags.validate(); err != nil {
		return nil, err
	}
	if err := c.checkValues(); err != nil {
		return nil, err
	}
	resolve, err := policy.ParseResolve(c.resolve)
	if err != nil {
		return nil, cli.Usagef("crawl: --resolve: %w", err)
	}
	roots, err := loadRoots(c.caCerts)
	if err != nil {
		return nil, cli.Usagef("crawl: --ca-cert: %w", err)
	}
	scopeCfg := c.scope.config(seeds, time.Now())
	scope, err := policy.NewScope(scopeCfg)
	if err != nil {
		return nil, cli.Usagef("scope: %w", err)
	}
	if _, err := policy.ParseClasses(c.failOn); err != nil {
		return nil, cli.Usagef("crawl: --fail-on: %w", err)
	}
	rules, err := loadRules(c.rulesFile)
	if err != nil {
		return nil, err
	}
	logger := c.logger()
	job := &crawlJob{cmd: c, seeds: seeds, scopeCfg: scopeCfg, scope: scope, rules: rules, logger: logger,
		crawl: c.crawlerConfig(seeds, scope, logger), writer: c.writerConfig(),
		record: c.recorderConfig(resolve, roots, seeds), dedup: !c.noDedup}
	if err := job.validate(); err != nil {
		return nil, err
	}
	c.linkChecks = checkFlags{resolve: c.resolve, caCerts: c.caCerts, insecure: c.insecure,
		allowPrivate: c.allowPrivate, approvedHosts: seeds,
		perHost: c.hostConc, rate: 4, timeout: c.checkTimeout}
	if err := ensureWritable(c.out); err != nil {
		return nil, err
	}
	return job, nil
}

// checkValues rejects flag values the libraries would silently read as
// their defaults (0 workers: 8) or that only a running crawl would trip on.
func (c *crawlCmd) checkValues() error {
	var lvl slog.Level
	switch {
	case c.workers < 1:
		return cli.Usagef("crawl: --workers %d: want 1 or more", c.workers)
	case c.hostConc < 1:
		return cli.Usagef("crawl: --host-concurrency %d: want 1 or more", c.hostConc)
	case c.retries < 0:
		return cli.Usagef("crawl: --retries %d: want 0 (none) or more", c.retries)
	case c.noveltyLimit < 0:
		return cli.Usagef("crawl: --novelty-limit %d: want 0 (off) or more", c.noveltyLimit)
	case c.headerTimeout <= 0:
		return cli.Usagef("crawl: --header-timeout %s: want a positive duration (e.g. 30s)", c.headerTimeout)
	case c.maxRedirects < 0:
		return cli.Usagef("crawl: --max-redirects %d: want 0 (none followed) or more", c.maxRedirects)
	case c.maxOutlinks < 0:
		return cli.Usagef("crawl: --max-outlinks %d: want 0 (no cap) or more", c.maxOutlinks)
	case c.checkTimeout <= 0:
		return cli.Usagef("crawl: --check-timeout %s: want a positive duration (e.g. 15s)", c.checkTimeout)
	case c.maxWait <= 0:
		return cli.Usagef("crawl: --max-wait %s: want a positive duration (e.g. 3m)", c.maxWait)
	case c.warcSize <= 0:
		return cli.Usagef("crawl: --warc-size %d: want a positive size (e.g. 1GB)", c.warcSize)
	case c.digest != "sha1" && c.digest != "sha256":
		return cli.Usagef("crawl: --digest %q: want sha1 or sha256", c.digest)
	case c.progress != "auto" && c.progress != "lines" && c.progress != "off":
		return cli.Usagef("crawl: --progress %q: want auto, lines or off", c.progress)
	case c.progressEvery < 0 || c.progress == "lines" && c.progressEvery == 0:
		return cli.Usagef("crawl: --progress-interval %s: want a positive duration", c.progressEvery)
	case lvl.UnmarshalText([]byte(c.logLevel)) != nil:
		return cli.Usagef("crawl: --log-level %q: want debug, info, warn or error", c.logLevel)
	}
	if c.stateFlags.metrics != "" {
		if _, _, err := net.SplitHostPort(c.stateFlags.metrics); err != nil {
			return cli.Usagef("crawl: --metrics %q: want HOST:PORT (%v)", c.stateFlags.metrics, err)
		}
	}
	return nil
}

// crawlerConfig is the crawl's crawler.Config without the parts only run
// opens: Transport, Sink, Frontier and Robots.
func (c *crawlCmd) crawlerConfig(seeds []string, scope *policy.Scope, logger *slog.Logger) crawler.Config {
	return crawler.Config{
		Seeds: seeds, Scope: scope, Logger: logger,
		Workers: c.workers, HostConcurrency: c.hostConc, Delay: c.delay, UserAgent: c.userAgent,
		IgnoreRobots: c.ignoreRobots, MaxPagesPerHost: c.scope.maxPagesPerHost,
		RequisitesOnly: c.requisitesOnly, MaxHTMLParse: int(c.maxParse), NoFeedElements: c.noReport,
		MaxRetries: zeroIsOff(c.retries), RetryDelay: c.retryDelay, MaxWait: c.maxWait, Grace: c.grace,
		NoveltyLimit: zeroIsOff(c.noveltyLimit), MaxRedirects: zeroIsOff(c.maxRedirects), MaxOutlinks: zeroIsOff(c.maxOutlinks),
		NoSitemaps: c.noSitemaps || !c.sitemaps,
	}
}

// writerConfig is the crawl's warc.WriterConfig without the parts that come
// from the opened state: Prefix (a shared crawl adds the worker), Index and
// the warcinfo Config made from them.
func (c *crawlCmd) writerConfig() warc.WriterConfig {
	return warc.WriterConfig{
		Dir: c.out, Prefix: c.prefix, MaxSize: int64(c.warcSize), Digest: c.digest,
		Software: "salvage/" + Version, Hostname: hostname(), Operator: c.operator,
		Description: c.descr, IsPartOf: c.isPartOf, Robots: robotsPolicy(c.ignoreRobots),
	}
}

// recorderConfig is the crawl's warc.RecorderConfig without Writer and OnCapture.
func (c *crawlCmd) recorderConfig(resolve policy.ResolveMap, roots *x509.CertPool, seeds []string) warc.RecorderConfig {
	return warc.RecorderConfig{
		Dial: newDialer(resolve, guardFor(c.allowPrivate, seeds)), RootCAs: roots, Insecure: c.insecure,
		MaxBody: int64(c.maxBody), MaxFetchTime: c.maxFetchTime, ResponseHeaderTimeout: c.headerTimeout,
		StreamMaxBytes: int64(c.streamBytes), StreamMaxTime: c.streamTime,
	}
}

func (c *crawlCmd) logger() *slog.Logger {
	lvl := slog.LevelWarn
	_ = lvl.UnmarshalText([]byte(c.logLevel)) // checkValues rejected a bad level
	return slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: lvl}))
}

// withSchemes takes each seed written without a scheme (example.org) as
// https, and says so once on stderr.
func (c *crawlCmd) withSchemes(seeds []string) []string {
	out := make([]string, len(seeds))
	for i, s := range seeds {
		out[i] = s
		if u, ok := cli.BareSeed(s); ok {
			fmt.Fprintf(c.stderr, "salvage: seed %s taken as %s\n", s, u)
			out[i] = u
		}
	}
	return out
}

func checkSeeds(seeds []string) error {
	for _, s := range seeds {
		u, err := policy.Canonicalize(s, nil)
		if err != nil || !strings.Contains(s, "://") {
			if err == nil {
				err = errors.New("not an absolute URL")
			}
			return cli.Usagef("crawl: bad seed %q: %v (want an absolute http:// or https:// URL)", s, err)
		}
		if u.Host == "" {
			return cli.Usagef("crawl: bad seed %q: no host", s)
		}
	}
	return nil
}

func loadRoots(files []string) (*x509.CertPool, error) {
	if len(files) == 0 {
		return nil, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	for _, f := range files {
		pem, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%s: no PEM certificate in it", f)
		}
	}
	return pool, nil
}

// ensureWritable creates dir and proves a file can be written in it.
func ensureWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output folder %s: %w", dir, folder.UnwrapPath(err))
	}
	f, err := os.CreateTemp(dir, ".salvage-probe-*")
	if err != nil {
		return fmt.Errorf("output folder %s is not writable: %w", dir, folder.UnwrapPath(err))
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		return "localhost"
	}
	return h
}

func absOr(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// readSeeds reads one URL per line; blank lines and # comments are skipped.
func readSeeds(path string) ([]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, cli.Usagef("crawl: --seeds-from: %w", err)
	}
	var seeds []string
	for _, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			seeds = append(seeds, line)
		}
	}
	if len(seeds) == 0 {
		return nil, cli.Usagef("crawl: --seeds-from %s: no URL in it", path)
	}
	return seeds, nil
}
