package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// replicaCmd serves the replica until its context ends.
type replicaCmd struct {
	stdout, stderr io.Writer
}

// options are the command's flags.
type options struct {
	cfg                      crawltest.Config
	caFile, flagsFile, logTo string
	proxyFile                string
	retryLater               bool
}

func (c *replicaCmd) parse(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("salvage-replica", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.IntVar(&o.cfg.Articles, "articles", crawltest.DefaultArticles, "generated news articles (10 a page on /en/news)")
	fs.DurationVar(&o.cfg.Latency, "latency", 0, "delay added to every response, e.g. 50ms")
	fs.DurationVar(&o.cfg.CrawlDelay, "crawl-delay", 0, "robots.txt Crawl-delay (0: none)")
	fs.DurationVar(&o.cfg.MediaThrottle, "media-throttle", crawltest.DefaultMediaThrottle, "how long media.minusma.unmissions.org answers 429 from its first request (negative: never)")
	fs.IntVar(&o.cfg.Version, "version", 1, fmt.Sprintf("the site's version: 1 as it closed, 2 a month later (pages edited, removed, moved, unlinked, added; a PDF replaced), up to %d", crawltest.LatestVersion))
	fs.BoolVar(&o.retryLater, "retry-later", true, "the retry-later page answers 503 with Retry-After: 3600 (false: 200)")
	fs.StringVar(&o.caFile, "ca-file", "", "write the replica CA certificate (PEM) here (default with --flags-file: replica-ca.pem beside it)")
	fs.StringVar(&o.flagsFile, "flags-file", "", "write the crawler flags here: one --resolve SPEC per line, then --ca-cert PATH")
	fs.StringVar(&o.logTo, "log", "", "append the access log here (one JSON line per request)")
	fs.StringVar(&o.proxyFile, "proxy-file", "", "also start a forward proxy to the replica (for GNU wget, which has no --resolve) and write its HOST:PORT here")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, cli.UsageError{Err: fmt.Errorf("%w (try: salvage-replica -h)", err)}
	}
	if fs.NArg() > 0 {
		return o, cli.UsageError{Err: fmt.Errorf("unexpected argument %q (try: salvage-replica -h)", fs.Arg(0))}
	}
	if err := o.cfg.Validate(); err != nil {
		return o, cli.UsageError{Err: err}
	}
	if o.caFile == "" && o.flagsFile != "" {
		o.caFile = filepath.Join(filepath.Dir(o.flagsFile), "replica-ca.pem")
	}
	return o, nil
}

// Run starts the replica, publishes how to reach it and serves until ctx
// ends.
func (c *replicaCmd) Run(ctx context.Context, args []string) error {
	o, err := c.parse(args)
	if err != nil {
		return err
	}
	logFile, err := openLog(o.logTo)
	if err != nil {
		return err
	}
	if logFile != nil {
		defer logFile.Close()
		o.cfg.Log = logFile
	}
	rep, err := crawltest.New(o.cfg)
	if err != nil {
		return err
	}
	rep.SetRetryLater(o.retryLater)
	if err := rep.Start(); err != nil {
		return err
	}
	defer rep.Close()
	if err := startProxy(rep, o.proxyFile, c.stderr); err != nil {
		return err
	}
	if err := c.publish(rep, o); err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "salvage-replica: serving %s (%d articles) on loopback; Ctrl-C to stop\n", rep.Manifest().Seeds[0], o.cfg.Articles)
	<-ctx.Done()
	return nil
}

func openLog(path string) (*os.File, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open log: %w", err)
	}
	return f, nil
}

// startProxy starts the replica's forward proxy when path is set and
// writes its address there.
func startProxy(rep *crawltest.Replica, path string, stderr io.Writer) error {
	if path == "" {
		return nil
	}
	addr, err := rep.StartProxy()
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "salvage-replica: forward proxy at %s\n", addr)
	return writeAtomic(path, addr+"\n")
}

// publish writes the CA file, then the flags file, and prints the flags.
func (c *replicaCmd) publish(rep *crawltest.Replica, o options) error {
	var lines []string
	for _, s := range rep.ResolveSpecs() {
		lines = append(lines, "--resolve "+s)
	}
	if o.caFile != "" {
		if err := rep.WriteCAFile(o.caFile); err != nil {
			return err
		}
		lines = append(lines, "--ca-cert "+o.caFile)
	}
	text := strings.Join(lines, "\n") + "\n"
	if o.flagsFile != "" {
		if err := writeAtomic(o.flagsFile, text); err != nil {
			return err
		}
	}
	_, err := io.WriteString(c.stdout, text)
	return err
}

// writeAtomic writes text to path through a rename, so a reader polling
// for the file never sees it half written.
func writeAtomic(path, text string) error {
	tmp := fmt.Sprintf("%s.tmp-%d", path, time.Now().UnixNano())
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		return fmt.Errorf("write flags file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write flags file: %w", err)
	}
	return nil
}
