package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/policy"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// sizeFlag is a byte count written as 512MB, 1GB, 64KiB or plain bytes.
type sizeFlag int64

func (s *sizeFlag) String() string { return strconv.FormatInt(int64(*s), 10) }

func (s *sizeFlag) Set(v string) error {
	n, err := parseSize(v)
	*s = sizeFlag(n)
	return err
}

var sizeUnits = []struct {
	suffix string
	mult   int64
}{
	{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"TIB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
	{"K", 1e3}, {"M", 1e6}, {"G", 1e9}, {"B", 1},
}

func parseSize(v string) (int64, error) {
	s := strings.ToUpper(strings.TrimSpace(v))
	mult := int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("bad size %q (want e.g. 512MB, 1GB, 65536)", v)
	}
	return int64(f * float64(mult)), nil
}

// scopeFlags are shared by crawl and explain.
type scopeFlags struct {
	mode             string
	include, exclude listFlag
	maxHops          int
	transclusion     int
	maxURLLength     int
	maxPagesPerHost  int
	calendarSteps    int
}

func (s *scopeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.mode, "scope", "domain", "host (seed hosts), domain (seed hosts and their subdomains) or prefix (under the seed's directory)")
	fs.Var(&s.include, "include", "regex: also crawl URLs matching it (repeatable)")
	fs.Var(&s.exclude, "exclude", "regex: never crawl URLs matching it (repeatable)")
	fs.IntVar(&s.maxHops, "max-hops", 0, "most link hops from a seed (0: unlimited)")
	fs.IntVar(&s.transclusion, "transclusion-hops", 1, "embed hops allowed off-site (page requisites of in-scope pages)")
	fs.IntVar(&s.maxURLLength, "max-url-length", 2048, "refuse longer URLs (trap guard)")
	fs.IntVar(&s.maxPagesPerHost, "max-pages-per-host", 0, "HTML pages per host (0: unlimited)")
	fs.IntVar(&s.calendarSteps, "calendar-steps", 1, "steps through a calendar (next/previous month links) beyond a linked date (trap guard)")
}

func (s *scopeFlags) build(seeds []string, now time.Time) (*policy.Scope, error) {
	sc, err := policy.NewScope(s.config(seeds, now))
	if err != nil {
		return nil, cli.Usagef("scope: %w", err)
	}
	return sc, nil
}

// config is the scope configuration the flags describe.
func (s *scopeFlags) config(seeds []string, now time.Time) policy.ScopeConfig {
	cfg := policy.DefaultScopeConfig()
	cfg.Mode = policy.ScopeMode(s.mode)
	cfg.Seeds = seeds
	cfg.Include, cfg.Exclude = s.include, s.exclude
	cfg.MaxHops, cfg.TransclusionHops = s.maxHops, s.transclusion
	cfg.Traps = policy.DefaultTrapConfig(now.Year())
	cfg.Traps.MaxURLLength = s.maxURLLength
	cfg.Traps.MaxCalendarSteps = s.calendarSteps
	cfg.MaxPagesPerHost = s.maxPagesPerHost
	return cfg
}

// newFlagSet returns a flag set that reports errors instead of exiting.
// Its help (header and grouped flags) is printed on standard output by run
// (cli.Help); out is kept for the callers' sake and no longer written to.
func newFlagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // a parse error is returned, and printed once as one line
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage) }
	return fs
}

// parseFlags parses args, allowing flags after positional arguments. A bad
// flag is a one-line usage error; -h and --help are a cli.Help.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	usage := fs.Usage
	fs.Usage = func() {} // the flag package calls it on errors too
	defer func() { fs.Usage = usage }()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, cli.Help{Cmd: fs.Name(), Header: helpHeader(fs, usage), Flags: fs}
			}
			return nil, cli.FlagError(fs, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// helpHeader is the text newFlagSet's usage writes above the flags.
func helpHeader(fs *flag.FlagSet, usage func()) string {
	var b strings.Builder
	fs.SetOutput(&b)
	usage()
	fs.SetOutput(io.Discard)
	return b.String()
}
