package main

import (
	"context"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// known turns a crawl event into what the link report knows of its URL.
func known(ev crawler.Event, c *warc.Capture) verify.Known {
	k := verify.Known{Status: ev.Status, Location: ev.Location, ContentType: mimeOnly(ev.ContentType), Evidence: ev.Err}
	if c != nil {
		k.Stream = c.Stream
	}
	if ev.Kind == crawler.EventRefused {
		k.Status, k.Refusal = 0, ev.Rule
	}
	k.Err = errKind(ev)
	return k
}

// errKind is the link taxonomy's error kind of a crawl event: the
// crawler's Failure (netfail.Kind) for a fetch without an answer, and for a
// URL refused because its host's robots.txt got none; robots for a URL
// robots.txt excludes, or refused for a robots.txt that answered 5xx or
// 429 (RFC 9309 reads it as "disallow everything"); private for a
// private address.
func errKind(ev crawler.Event) policy.ErrKind {
	switch {
	case ev.Failure != policy.ErrNone:
		return ev.Failure
	case ev.Status == crawler.StatusPrereqFailed, ev.Status == crawler.StatusRobots:
		return policy.ErrRobots
	case ev.Status == crawler.StatusBlockedPrivate:
		return policy.ErrPrivate
	}
	return policy.ErrNone
}

// linkReport classifies the crawl's links (external ones live, unless
// offline) and writes the reports next to the WARC files.
func (j *crawlJob) linkReport(ctx context.Context, jr *journal, files []string) error {
	c := j.cmd
	opt := verify.Options{Seeds: j.seeds, Archives: files, Tool: "salvage " + Version}
	if ix, err := warc.BuildIndex(files); err == nil {
		opt.Archive = indexLookup{ix}
	}
	if !c.offlineReport {
		chk, err := c.linkChecks.build(jr.rules, c.out+"/.salvage-linkcache")
		if err != nil {
			return err
		}
		defer chk.Close()
		opt.Checker = chk
	}
	rep := jr.links.Report(ctx, opt)
	paths, err := writeReports(c.out, "json,csv,md,html,junit,sarif", rep)
	if err != nil {
		return err
	}
	printVerifySummary(c.stdout, rep, paths)
	if fail, _ := policy.ParseClasses(c.failOn); rep.Problems(fail) > 0 {
		return cli.ErrProblems
	}
	return nil
}
