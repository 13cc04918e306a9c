package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/policy"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

type explainCmd struct {
	stdout, stderr io.Writer
	seeds          listFlag
	hops           string
	scope          scopeFlags
	out            string // a crawl's folder: robots.txt from its state
	checkRobots    bool   // fetch robots.txt when the state has none
	userAgent      string
	resolve        listFlag
	caCerts        listFlag
}

const explainUsage = `Usage: salvage explain [--seed SEED] [--out DIR | --check-robots] [--hops LLE] [scope flags] URL...

Prints the canonical form and SURT of each URL and whether a crawl from the seeds would fetch it,
with the rule that decided: scope, trap guards, session-id folding and robots.txt. With --out, the
crawl's folder, robots.txt is the one that crawl fetched and the seeds are its own (both kept in its
crawl-state.db); else, with --check-robots, the host's robots.txt is fetched once now.

Flags:
`

func (c *explainCmd) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("explain", explainUsage)
	fs.Var(&c.seeds, "seed", "seed URL of the crawl (repeatable; default: the seeds of the crawl in --out, else the URL itself)")
	fs.StringVar(&c.hops, "hops", "L", "hop path from the seed by which the URL was found (L link, E embed, R redirect, S sitemap, P prerequisite: robots.txt)")
	fs.StringVar(&c.out, "out", "", "a crawl's folder: its seeds (unless --seed) and robots.txt files as that crawl fetched them (its crawl-state.db)")
	fs.BoolVar(&c.checkRobots, "check-robots", false, "fetch the host's robots.txt once when --out does not hold it")
	fs.StringVar(&c.userAgent, "user-agent", crawler.DefaultUserAgent, "User-Agent the crawl sends (robots.txt groups are matched for it)")
	fs.Var(&c.resolve, "resolve", "HOST:PORT:ADDR[:PORT2] with --check-robots: dial ADDR (and PORT2) for HOST:PORT, like curl (repeatable)")
	fs.Var(&c.caCerts, "ca-cert", "with --check-robots: PEM file of extra trusted certificate authorities (repeatable)")
	c.scope.register(fs)
	urls, err := parseFlags(fs, args)
	if err != nil {
		return err // flag.ErrHelp too: exitCode makes it 0
	}
	if len(urls) == 0 {
		return cli.Usagef("explain: no URL (usage: salvage explain --seed SEED URL)")
	}
	rb, err := c.robotsBook()
	if err != nil {
		return err
	}
	defer rb.close()
	seeds, err := c.seedsOf(urls, rb)
	if err != nil {
		return err
	}
	sc, err := c.scope.build(seeds, time.Now())
	if err != nil {
		return err
	}
	if rb.client, err = c.robotsClient(seeds); err != nil {
		return err
	}
	return c.explain(ctx, sc, rb, urls)
}

// robotsBook opens where explain gets robots.txt files from: the crawl's
// state in --out (read-only).
func (c *explainCmd) robotsBook() (*robotsBook, error) {
	rb := &robotsBook{agent: crawler.RobotsToken(c.userAgent), userAgent: c.userAgent, fetched: map[string]*policy.RobotsFacts{}}
	if c.out != "" {
		v, err := openStateView(c.out)
		if err != nil {
			return nil, err
		}
		rb.state = v
	}
	return rb, nil
}

// seedsOf is --seed, else the seeds of the crawl in --out, else the first URL.
func (c *explainCmd) seedsOf(urls []string, rb *robotsBook) ([]string, error) {
	if len(c.seeds) > 0 {
		return c.seeds, nil
	}
	if rb.state != nil {
		seeds, err := rb.state.Seeds()
		if err != nil || len(seeds) > 0 {
			return seeds, err
		}
	}
	return urls[:1], nil
}

// robotsClient fetches robots.txt files with --check-robots (nil without):
// it dials by --resolve, trusts --ca-cert and reaches private addresses only
// for the seeds' hosts and --resolve targets, as crawl does.
func (c *explainCmd) robotsClient(seeds []string) (*http.Client, error) {
	if !c.checkRobots {
		return nil, nil
	}
	cf := checkFlags{resolve: c.resolve, caCerts: c.caCerts, approvedHosts: seeds}
	client, err := cf.robotsClient()
	if err != nil {
		return nil, cli.Usagef("explain: %w", err)
	}
	client.CheckRedirect = followFive
	return client, nil
}

// followFive follows up to five redirects, as RFC 9309 asks of robots.txt.
func followFive(_ *http.Request, via []*http.Request) error {
	if len(via) > 5 {
		return http.ErrUseLastResponse
	}
	return nil
}

// explain prints each URL's explanation, robots.txt included.
func (c *explainCmd) explain(ctx context.Context, sc *policy.Scope, rb *robotsBook, urls []string) error {
	for _, raw := range urls {
		u, err := policy.Canonicalize(raw, nil)
		if err != nil {
			fmt.Fprintf(c.stdout, "%s\n  not crawlable: %v\n", raw, err)
			continue
		}
		facts, err := rb.facts(ctx, u)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, sc.ExplainRobots(policy.Candidate{URL: u, HopPath: c.hops}, facts))
	}
	return nil
}
