package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/frontier"
	"github.com/salvage-archive/salvage/warc"
)

// stateFileName is the crawl state (bbolt) kept beside the WARC files.
const stateFileName = "crawl-state.db"

// stateFlags choose where the crawl frontier lives.
type stateFlags struct {
	state string
}

func (s *stateFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.state, "state", "out", "crawl state: out (a bbolt file in --out; a rerun resumes) or memory (no resume)")
}

func (s *stateFlags) validate() error {
	switch s.state {
	case "out", "memory":
		return nil
	}
	return usagef("crawl: --state %q: want out or memory", s.state)
}

// crawlState is the opened frontier, nil for in-memory state.
type crawlState struct {
	frontier crawler.Frontier
	closer   func() error
}

func (st *crawlState) close() error {
	if st.closer == nil {
		return nil
	}
	c := st.closer
	st.closer = nil
	return c()
}

// openState finishes WARC files a killed run left open, then opens the
// frontier; with state under --out a previous run's queue is resumed.
func openState(c *crawlCmd, logger *slog.Logger) (*crawlState, error) {
	if err := repairOpenWarcs(c.out, logger); err != nil {
		return nil, err
	}
	if c.stateFlags.state == "memory" {
		return &crawlState{}, nil
	}
	path := filepath.Join(c.out, stateFileName)
	b, err := frontier.OpenBolt(frontier.BoltConfig{Path: path, HostConcurrency: c.hostConc})
	if err != nil {
		return nil, err
	}
	if s := b.Stats(); s.Seen > 0 {
		logger.Warn("resuming crawl from saved state", "state_file", path, "queued", s.Queued,
			"seen", s.Seen, "requeued_in_flight", b.Recovered())
	}
	return &crawlState{frontier: b, closer: b.Close}, nil
}

// repairOpenWarcs cuts the torn tail off every .open WARC file in dir and
// finishes it, reporting each in the log.
func repairOpenWarcs(dir string, logger *slog.Logger) error {
	open, err := filepath.Glob(filepath.Join(dir, "*.warc.gz.open"))
	if err != nil {
		return err
	}
	var errs []error
	for _, p := range open {
		rep, err := warc.RepairOpen(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		logger.Warn("finished WARC file left open by an interrupted run", "warc_file", filepath.Base(p),
			"finished_as", strings.TrimPrefix(rep.To, dir+string(filepath.Separator)),
			"records_kept", rep.Records, "torn_bytes_cut", rep.Cut)
	}
	if len(errs) > 0 {
		return fmt.Errorf("finish WARC files left open: %w", errors.Join(errs...))
	}
	return nil
}
