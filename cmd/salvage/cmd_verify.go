package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/crawler/verify/report"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/cmd/internal/folder"
)

type verifyCmd struct {
	stdout, stderr io.Writer

	warcs, seeds       listFlag
	out, failOn, rules string
	formats            string
	offline            bool
	memento, robust    string
	replayBase         string
	cacheFile          string
	previous           string // an earlier links.json to compare with
	failOnNew          bool   // exit 1 only for links that were ok and are a problem now
	check              checkFlags
	scope              scopeFlags

	damaged bool      // reading the archives stepped over damage (printed on stderr)
	report  io.Writer // where --out - writes the report (the real stdout)
}

const verifyUsage = `Usage: salvage verify [flags] [--warc] WARC-or-FOLDER...

Classifies every link found in the archived pages (salvage's, wget's or Heritrix's WARC files,
and ARC files), reports embedded feeds, and lists what the archive is missing (the patch list, for
salvage crawl --seeds-from). Internal links (in the scope of --seed, or of the archive's main host)
are judged from the archive; external ones are checked live unless --offline.

Damaged archives are read as far as they can be: each fault is one line on standard error
(file, offset, what) and the other records and files are verified.

With --previous OLD/links.json, the report is compared with an earlier one: links that were ok
and are a problem now, feeds that closed, links that disappeared or appeared (changes.json and
changes.html beside the report, and printed). --fail-on-new then replaces --fail-on: exit 1
exactly when a link that was ok (or redirected) is a problem now, for a nightly CI check.

Exit codes: 0 clean, 1 links of the --fail-on classes found or an archive damaged, 2 usage,
3 runtime failure (or no WARC record readable at all).

Flags:
`

// defaultFailOn are the classes that mean a link is broken.
const defaultFailOn = "not-found,server-error,too-many-redirects,unreachable,refused,empty-reply,tls-error,timeout,soft-404,malformed,blocked-private"

func (c *verifyCmd) flags() *flag.FlagSet {
	fs := newFlagSet("verify", verifyUsage)
	fs.Var(&c.warcs, "warc", "WARC file or folder of WARC files (repeatable; positional arguments too)")
	fs.Var(&c.seeds, "seed", "seed URL: links in its scope are internal (default: the archive's main host)")
	fs.StringVar(&c.out, "out", "", "folder for the reports (default: verify/ in the first archive's folder); - writes one --format on stdout")
	fs.StringVar(&c.formats, "format", "json,csv,md,html,junit,sarif", "report formats to write (with --out -: one, default json)")
	fs.StringVar(&c.failOn, "fail-on", defaultFailOn, "classes that make the exit code 1 ('problems' for every problem class, 'none')")
	fs.StringVar(&c.rules, "rules", "", "JSON rules file extending or overriding the built-in platform rules")
	fs.BoolVar(&c.offline, "offline", false, "judge from the archives alone: no live checks")
	fs.StringVar(&c.memento, "memento", "", "Memento TimeGate URL prefix asked for dead links the archive lacks (RFC 7089)")
	fs.StringVar(&c.robust, "robust-links", "", "write a JSON map of Robust Links decorations to this file")
	fs.StringVar(&c.replayBase, "replay-base", "", "prefix of replay URLs (e.g. http://localhost:8080/salvage); default relative /TIMESTAMP/URL")
	fs.StringVar(&c.cacheFile, "cache", "", "link-check cache file (default: OUT/.salvage-linkcache)")
	fs.StringVar(&c.previous, "previous", "", "an earlier links.json: write the link rot since then (changes.json, changes.html)")
	fs.BoolVar(&c.failOnNew, "fail-on-new", false, "with --previous: exit 1 only when a link that was ok is a problem now (instead of --fail-on)")
	c.check.register(fs)
	c.scope.register(fs)
	return fs
}

func (c *verifyCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags()
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err // flag.ErrHelp too: exitCode makes it 0
	}
	if err := c.checkStdout(fs); err != nil {
		return err
	}
	files, err := warcFilesOf(append(c.warcs, pos...))
	if err != nil {
		return err
	}
	fail, err := policy.ParseClasses(c.failOn)
	if err != nil {
		return cli.Usagef("verify: --fail-on: %w", err)
	}
	rules, err := loadRules(c.rules)
	if err != nil {
		return err
	}
	prev, err := c.loadPrevious()
	if err != nil {
		return err
	}
	rep, err := c.verify(ctx, files, earlierWARCs(append(c.warcs, pos...), files), rules)
	if err != nil {
		return err
	}
	if err := c.write(rep); err != nil {
		return err
	}
	if prev != nil {
		if decided, err := c.comparePrevious(prev, rep); decided || err != nil {
			return err
		}
	}
	if n := rep.Problems(fail); n > 0 {
		fmt.Fprintf(c.stderr, "salvage: %s\n", failingLine(n, rep.Counts, fail))
		return cli.ErrProblems
	}
	if c.damaged {
		return cli.ErrProblems
	}
	return nil
}

// toStdout: --out - writes the one chosen format on standard output.
func (c *verifyCmd) toStdout() bool { return c.out == "-" }

// checkStdout holds --out - to one format (json unless --format names
// another), and sends verify's own lines to stderr so stdout is the report.
func (c *verifyCmd) checkStdout(fs *flag.FlagSet) error {
	if !c.toStdout() {
		return nil
	}
	formatSet := false
	fs.Visit(func(f *flag.Flag) { formatSet = formatSet || f.Name == "format" })
	if !formatSet {
		c.formats = "json"
	}
	if strings.Contains(c.formats, ",") {
		return cli.Usagef("verify: --out - writes one format on stdout; --format %q names several", c.formats)
	}
	c.report, c.stdout = c.stdout, c.stderr
	return nil
}

// failingLine says which classes made the exit code 1:
// "3 links in failing classes: not-found 2, refused 1".
func failingLine(n int, counts map[string]int, fail []policy.LinkClass) string {
	type kv struct {
		class string
		n     int
	}
	var parts []kv
	for _, f := range fail {
		if counts[string(f)] > 0 {
			parts = append(parts, kv{string(f), counts[string(f)]})
		}
	}
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].n > parts[j].n })
	strs := make([]string, len(parts))
	for i, p := range parts {
		strs[i] = fmt.Sprintf("%s %d", p.class, p.n)
	}
	links := "links"
	if n == 1 {
		links = "link"
	}
	return fmt.Sprintf("%d %s in failing classes: %s", n, links, strings.Join(strs, ", "))
}

// warcFilesOf expands folders into their WARC files, in name order.
// earlierWARCs is the WARC files the folders among args name in their
// previous.txt (crawls made with --previous), less those in files.
func earlierWARCs(args, files []string) []string {
	var refs []string
	for _, a := range args {
		if fi, err := os.Stat(a); err == nil && fi.IsDir() {
			refs = append(refs, previousWARCs(a)...)
		}
	}
	given := map[string]bool{}
	for _, f := range files {
		given[absPath(f)] = true
	}
	var out []string
	for _, r := range uniquePaths(refs) {
		if !given[absPath(r)] {
			out = append(out, r)
		}
	}
	return out
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

func warcFilesOf(args []string) ([]string, error) {
	files, err := archiveFiles("verify", args, archiveSuffixes...)
	sort.Strings(files)
	return files, err
}

func loadRules(path string) (*policy.LinkRules, error) {
	rules := policy.DefaultLinkRules()
	if path == "" {
		return rules, nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, cli.Usagef("--rules: %w", err)
	}
	extra, err := policy.ParseLinkRules(raw)
	if err != nil {
		return nil, cli.Usagef("--rules %s: %w", path, err)
	}
	return rules.Extend(extra), nil
}

// verify reads the archives, gathers every link and classifies it.
// refs are the WARC files of earlier crawls the revisits of files refer
// into: indexed (a 304's status is its original's) and read for the pages
// archived as revisits, but not reported on.
func (c *verifyCmd) verify(ctx context.Context, files, refs []string, rules *policy.LinkRules) (*verify.Report, error) {
	ix, err := warc.BuildIndexOver(refs, files)
	if c.damaged, err = archiveDamage(c.stderr, "verify", err); err != nil {
		return nil, err
	}
	seeds := c.seeds
	if len(seeds) == 0 {
		seeds = mainHost(ix)
	}
	sc, err := c.scope.build(seeds, time.Now())
	if err != nil {
		return nil, err
	}
	col := verify.NewCollector(rules, sc.OnSite)
	asStored, err := folder.GatherArchive(col, files, refs, ix)
	if err != nil {
		return nil, err
	}
	folder.PrintAsStored(c.stdout, asStored)
	opt := verify.Options{Archive: indexLookup{ix}, ReplayBase: c.replayBase, Seeds: seeds, Archives: files, Tool: "salvage " + Version}
	if !c.offline {
		if opt.Checker, err = c.checker(rules, files); err != nil {
			return nil, err
		}
		defer opt.Checker.Close()
		if opt.Robots, err = c.check.robotsGate(opt.Checker); err != nil {
			return nil, err
		}
	}
	rep := col.Report(ctx, opt)
	if c.memento != "" && !c.offline {
		client, err := c.check.httpClient()
		if err != nil {
			return nil, err
		}
		askMementos(ctx, client, c.memento, rep)
	}
	return rep, ctx.Err()
}

func (c *verifyCmd) checker(rules *policy.LinkRules, files []string) (*verify.Checker, error) {
	cache := c.cacheFile
	if cache == "" && !c.toStdout() {
		cache = filepath.Join(c.outDir(files), ".salvage-linkcache")
	}
	return c.check.build(rules, cache)
}

// outDir is the reports' folder: --out, else verify/ in the first
// archive's folder (never the crawl's own links.* beside the WARC files).
func (c *verifyCmd) outDir(files []string) string {
	if c.out != "" {
		return c.out
	}
	return filepath.Join(filepath.Dir(files[0]), "verify")
}

// mainHost guesses the site of an archive: the host with the most archived pages.
func mainHost(ix *warc.Index) []string {
	counts := map[string]int{}
	best, scheme := "", "https"
	for _, raw := range ix.URLs() {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			continue
		}
		counts[u.Host]++
		if counts[u.Host] > counts[best] {
			best, scheme = u.Host, u.Scheme
		}
	}
	if best == "" {
		return nil
	}
	return []string{scheme + "://" + best + "/"}
}

// indexLookup adapts the WARC index to the link checker's archive lookup.
type indexLookup struct{ ix *warc.Index }

func (l indexLookup) Best(u string) (verify.Capture, bool) {
	s, ok := l.ix.Best(u)
	if !ok {
		return verify.Capture{}, false
	}
	return verify.Capture{File: filepath.Base(s.File), Offset: s.Offset, Date: s.Date, Status: s.Status, Mime: s.Mime}, true
}

func (c *verifyCmd) write(rep *verify.Report) error {
	if c.toStdout() {
		return c.writeStdout(rep)
	}
	dir := c.outDir(rep.Archives)
	paths, err := folder.WriteReports(dir, c.formats, rep)
	if err != nil {
		return err
	}
	if c.robust != "" {
		if err := folder.WriteRobustLinks(c.robust, rep); err != nil {
			return err
		}
	}
	folder.PrintReportSummary(c.stdout, rep, paths)
	return nil
}

// writeStdout writes the one chosen format on standard output (and the
// Robust Links file, which --robust-links names).
func (c *verifyCmd) writeStdout(rep *verify.Report) error {
	f, err := report.ParseFormat(strings.TrimSpace(c.formats))
	if err != nil {
		return cli.Usagef("verify: --format: %w", err)
	}
	if err := report.Write(c.report, f, rep); err != nil {
		return fmt.Errorf("write the report on stdout: %w", err)
	}
	if c.robust != "" {
		return folder.WriteRobustLinks(c.robust, rep)
	}
	return nil
}
