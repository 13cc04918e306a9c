package main

import (
	"context"
	"fmt"
	"time"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/cmd/internal/folder"
)

// linkReport classifies the crawl's links (external ones live with lc's
// Checker, whose cache holds what the prechecks found, behind its robots.txt
// gate; nil: offline) and writes the reports next to the WARC files.
func (j *crawlJob) linkReport(ctx context.Context, links *verify.Collector, files []string, lc *linkChecks) error {
	c := j.cmd
	chk := lc.checker()
	opt := verify.Options{Seeds: j.seeds, Archives: files, Tool: "salvage " + Version, Checker: chk, Robots: lc.robotsGate()}
	// A recrawl's revisits take their status and type from the earlier
	// crawl's records (--previous).
	if ix, err := warc.BuildIndexOver(j.previousFiles(), files); err == nil {
		opt.Archive = indexLookup{ix}
	}
	if chk != nil {
		// The checks overlapped the crawl: what is still queued or in flight
		// gets one --check-timeout (and a margin for HEAD falling back to GET).
		opt.Until = time.Now().Add(c.linkChecks.timeout + 2*time.Second)
	}
	rep := links.Report(ctx, opt)
	paths, err := folder.WriteReports(c.out, "json,csv,md,html,junit,sarif", rep)
	if err != nil {
		return err
	}
	folder.PrintReportSummary(c.stdout, rep, paths)
	if rep.OutOfTime > 0 {
		fmt.Fprintf(c.stdout, "  not checked in time: %d links (the report's deadline is one --check-timeout after the crawl); salvage verify %s checks them\n",
			rep.OutOfTime, c.out)
	}
	if fail, _ := policy.ParseClasses(c.failOn); rep.Problems(fail) > 0 {
		return cli.ErrProblems
	}
	return nil
}
