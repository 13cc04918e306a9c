package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/salvage-archive/salvage/policy"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

type explainCmd struct {
	stdout, stderr io.Writer
	seeds          listFlag
	hops           string
	scope          scopeFlags
}

const explainUsage = `Usage: salvage explain --seed SEED [--hops LLE] [scope flags] URL...

Prints the canonical form and SURT of each URL and whether a crawl from the seeds would fetch it,
with the rule that decided.

Flags:
`

func (c *explainCmd) Run(_ context.Context, args []string) error {
	fs := newFlagSet("explain", explainUsage, c.stderr)
	fs.Var(&c.seeds, "seed", "seed URL of the crawl (repeatable; default: the URL itself)")
	fs.StringVar(&c.hops, "hops", "L", "hop path from the seed by which the URL was found (L link, E embed, R redirect, S sitemap, P prerequisite: robots.txt)")
	c.scope.register(fs)
	urls, err := parseFlags(fs, args)
	if err != nil {
		return err // flag.ErrHelp too: exitCode makes it 0
	}
	if len(urls) == 0 {
		return cli.Usagef("explain: no URL (usage: salvage explain --seed SEED URL)")
	}
	seeds := c.seeds
	if len(seeds) == 0 {
		seeds = urls[:1]
	}
	sc, err := c.scope.build(seeds, time.Now())
	if err != nil {
		return err
	}
	for _, raw := range urls {
		u, err := policy.Canonicalize(raw, nil)
		if err != nil {
			fmt.Fprintf(c.stdout, "%s\n  not crawlable: %v\n", raw, err)
			continue
		}
		fmt.Fprintln(c.stdout, sc.Explain(policy.Candidate{URL: u, HopPath: c.hops}))
	}
	return nil
}
