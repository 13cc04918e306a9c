package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/salvage-archive/salvage/crawler/frontier"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// statusCmd shows a shared crawl's progress across its workers.
type statusCmd struct {
	stdout, stderr io.Writer
	state, crawlID string
}

const statusUsage = `Usage: salvage status --state redis://HOST:PORT/DB --crawl-id ID

Shows a shared crawl's progress across all its workers.

Flags:
`

func (c *statusCmd) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("status", statusUsage)
	fs.StringVar(&c.state, "state", "", "redis://HOST:PORT/DB of the shared crawl")
	fs.StringVar(&c.crawlID, "crawl-id", "", "the shared crawl's name")
	if _, err := parseFlags(fs, args); err != nil {
		return err // a cli.Help too: run prints it
	}
	if c.state == "" || c.crawlID == "" {
		return cli.Usagef("status: want --state redis://HOST:PORT/DB and --crawl-id ID")
	}
	opt, err := redis.ParseURL(c.state)
	if err != nil {
		return cli.Usagef("status: --state: %w", err)
	}
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	s, err := frontier.ReadRedisStats(ctx, rdb, c.crawlID)
	if err != nil {
		return fmt.Errorf("status: redis %s: %w", c.state, err)
	}
	if s.Seen == 0 && len(s.Workers) == 0 {
		return fmt.Errorf("status: no crawl %q in %s", c.crawlID, c.state)
	}
	fmt.Fprintf(c.stdout, "crawl %s: %d seen, %d done, %d queued, %d in flight, %d reclaimed from dead workers, %d hosts waiting\n",
		c.crawlID, s.Seen, s.Done, s.Queued, s.InFlight, s.Reclaimed, s.Hosts)
	ids := make([]string, 0, len(s.Workers))
	for id := range s.Workers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Fprintf(c.stdout, "worker %s: last seen %s ago\n", id, time.Since(s.Workers[id]).Round(time.Second))
	}
	return nil
}
