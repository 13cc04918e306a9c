package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/warc/replay"
	"github.com/salvage-archive/salvage/warc/wacz"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

type replayCmd struct {
	stdout, stderr io.Writer

	listen, coll string
	noBanner     bool
}

const replayUsage = `Usage: salvage replay [flags] ARCHIVE...

A crawl folder made with salvage crawl --previous brings the earlier WARC files its
revisit records refer to (its previous.txt names them).

Serves WARC and WACZ files (or folders of them, such as a crawl's --out) for browsing on a
local replay server: the home page lists the pages and searches URLs by prefix;
/COLL/TIMESTAMP/URL replays the capture closest in time, with links rewritten so that
navigation stays in the archive; Memento TimeGate at /COLL/URL and TimeMap at
/COLL/timemap/link/URL. Archived pages cannot reach the live web. A replayed page
shows a small banner at the top with its capture date, its live URL and its other
captures; its close button hides it for the browser tab's session. Stop with Ctrl-C.

Flags:
`

func (c *replayCmd) flags() *flag.FlagSet {
	fs := newFlagSet("replay", replayUsage)
	fs.StringVar(&c.listen, "listen", defaultReplayListen, "address to serve on (port 0: any free port)")
	fs.StringVar(&c.coll, "collection", "", "collection name in URLs (default: from the first archive's name)")
	fs.BoolVar(&c.noBanner, "no-banner", false, "replay pages as archived, without the archive banner")
	return fs
}

func (c *replayCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags()
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err // flag.ErrHelp too: exitCode makes it 0
	}
	files, err := replayFiles(pos)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "salvage-replay-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	warcs, err := expandWACZ(files, tmp)
	if err != nil {
		return err
	}
	return c.serve(ctx, warcs, collectionName(c.coll, pos[0]))
}

func (c *replayCmd) serve(ctx context.Context, warcs []string, coll string) error {
	pages, err := wacz.FindPages(warcs, nil)
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	srv, err := replay.New(replay.Config{Collection: coll, WARCs: warcs, Pages: pages, NoBanner: c.noBanner})
	if err != nil {
		return cli.Usagef("%w", err)
	}
	ln, err := net.Listen("tcp", c.listen)
	if err != nil {
		return cli.Usagef("replay: --listen %s: %w", c.listen, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(c.stdout, "salvage: replaying %d WARC file(s), %d pages, at http://%s/%s/\n", len(warcs), len(pages), ln.Addr(), coll)
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("replay: %w", err)
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := hs.Shutdown(sctx)
		<-done
		return err
	}
}

// expandWACZ replaces each .wacz file by the WARC files of its archive/, extracted
// into tmp (a folder per package).
func expandWACZ(files []string, tmp string) ([]string, error) {
	var out []string
	for i, f := range files {
		if !strings.HasSuffix(f, ".wacz") {
			out = append(out, f)
			continue
		}
		dir := filepath.Join(tmp, fmt.Sprint(i))
		if err := os.Mkdir(dir, 0o755); err != nil {
			return nil, err
		}
		ws, err := wacz.ExtractWARCs(f, dir)
		if err != nil {
			return nil, cli.Usagef("replay: %w", err)
		}
		out = append(out, ws...)
	}
	return out, nil
}

// defaultReplayListen is where `salvage replay` serves by default; a
// crawl's changes report links its last captures there.
const defaultReplayListen = "127.0.0.1:8090"

var nonName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// collectionName is the flag's value or the first archive's name, made URL-safe.
func collectionName(flagValue, first string) string {
	if flagValue != "" {
		return flagValue
	}
	base := filepath.Base(filepath.Clean(first))
	for _, ext := range []string{".wacz", ".gz", ".warc"} {
		base = strings.TrimSuffix(base, ext)
	}
	name := strings.Trim(nonName.ReplaceAllString(base, "-"), "-")
	if name == "" || isDigits(name) {
		return "archive"
	}
	return name
}

func isDigits(s string) bool {
	return strings.Trim(s, "0123456789") == ""
}

// replayFiles expands the arguments: a folder gives its WARC files, or its WACZ files
// when it has no WARC (a crawl folder holds both the WARCs and their WACZ).
func replayFiles(args []string) ([]string, error) {
	if len(args) == 0 {
		return nil, cli.Usagef("replay: no archive given (salvage replay --help)")
	}
	var files []string
	for _, a := range args {
		fs, err := archiveFiles("replay", []string{a}, ".warc", ".warc.gz")
		if err != nil {
			if fi, serr := os.Stat(a); serr == nil && fi.IsDir() {
				fs, err = archiveFiles("replay", []string{a}, ".wacz")
			}
		}
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
		files = append(files, previousWARCs(a)...) // a crawl made with --previous: the earlier WARCs its revisits need
	}
	return uniquePaths(files), nil
}

// uniquePaths drops the repeats of files (by absolute path): an earlier
// crawl given beside the folder whose previous.txt names it.
func uniquePaths(files []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		abs := absPath(f)
		if !seen[abs] {
			seen[abs] = true
			out = append(out, f)
		}
	}
	return out
}
