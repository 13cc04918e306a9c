package main

import (
	"fmt"
	"strings"

	"github.com/salvage-archive/salvage/crawler/verify"

	"github.com/salvage-archive/salvage/cmd/internal/changes"
	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// loadPrevious reads --previous (an earlier links.json) before any work, so
// a missing or invalid one is a one-line usage error; nil without the flag.
func (c *verifyCmd) loadPrevious() (*verify.Report, error) {
	if c.previous == "" {
		if c.failOnNew {
			return nil, cli.Usagef("verify: --fail-on-new needs --previous OLD_links.json")
		}
		return nil, nil
	}
	rep, err := changes.LoadLinks(c.previous)
	if err != nil {
		return nil, cli.Usagef("verify: --previous: %w", err)
	}
	return rep, nil
}

// comparePrevious writes the link-rot comparison with the earlier report
// (changes.json and changes.html beside the link report; not with --out -)
// and prints its lines. With --fail-on-new it decides the exit code: 1
// exactly when a link that was ok (or redirected) is now a problem.
func (c *verifyCmd) comparePrevious(prev, rep *verify.Report) (decided bool, err error) {
	r := changes.CompareReports(prev, rep, c.previous, changes.Options{ReplayBase: c.replayBase, Tool: "salvage " + Version})
	for _, line := range changes.Lines(r) {
		fmt.Fprintln(c.stdout, "  "+line)
	}
	if !c.toStdout() {
		paths, err := changes.WriteAll(c.outDir(rep.Archives), r)
		if err != nil {
			return false, err
		}
		fmt.Fprintf(c.stdout, "  changes %s\n", strings.Join(paths, " "))
	}
	if !c.failOnNew {
		return false, nil
	}
	if n := len(r.Links.Broken); n > 0 {
		fmt.Fprintf(c.stderr, "salvage: %d %s ok in %s and a problem now\n", n, plural(n, "link was", "links were"), c.previous)
		return true, cli.ErrProblems
	}
	return true, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
