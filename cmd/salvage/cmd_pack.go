package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/salvage-archive/salvage/warc/cdxj"
	"github.com/salvage-archive/salvage/warc/wacz"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/cmd/internal/folder"
)

type packCmd struct {
	stdout, stderr io.Writer

	out, title string
	seeds      listFlag
	zipnum     bool
	check      string
}

const packUsage = `Usage: salvage pack [flags] --out FILE.wacz WARC-or-FOLDER...
       salvage pack --check FILE.wacz

Packs WARC files (any tool's) into a WACZ 1.1.1 package for ReplayWeb.page and pywb:
archive/ (stored), indexes/index.cdxj (ZipNum above 50000 lines or with --zipnum),
pages/pages.jsonl (the seeds, then every HTML page with its title), datapackage.json and
datapackage-digest.json. --check validates a package and names each fault (exit 1).

Flags:
`

func (c *packCmd) flags() *flag.FlagSet {
	fs := newFlagSet("pack", packUsage)
	fs.StringVar(&c.out, "out", "", "the WACZ file to write")
	fs.StringVar(&c.title, "title", "", "title of the package (default: the file name)")
	fs.Var(&c.seeds, "seed", "seed URL, listed first in pages.jsonl (repeatable)")
	fs.BoolVar(&c.zipnum, "zipnum", false, "write the index in the ZipNum form whatever its size")
	fs.StringVar(&c.check, "check", "", "validate this WACZ file instead of writing one")
	return fs
}

func (c *packCmd) Run(_ context.Context, args []string) error {
	fs := c.flags()
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err // flag.ErrHelp too: exitCode makes it 0
	}
	if c.check != "" {
		return checkWACZ(c.stdout, append([]string{c.check}, pos...))
	}
	if c.out == "" || !strings.HasSuffix(c.out, ".wacz") {
		return cli.Usagef("pack: --out FILE.wacz is required")
	}
	files, err := archiveFiles("pack", pos, ".warc", ".warc.gz")
	if err != nil {
		return err
	}
	n, err := packWACZ(c.out, files, nil, c.seeds, c.title, c.zipnum)
	if err == nil {
		fmt.Fprintf(c.stdout, "salvage: %s: %d WARC file(s), %d page(s)\n", c.out, len(files), n)
	}
	return err
}

// packWACZ writes a WACZ of files and returns the number of pages listed.
// refs are WARC files packed and indexed for the revisit records of files
// that refer into them (an earlier crawl's), without listing their pages.
func packWACZ(out string, files, refs, seeds []string, title string, zipnum bool) (int, error) {
	all := append(slices.Clip(files), refs...)
	lines, err := cdxj.Build(all, surtKey, cdxj.CDXJ)
	if err != nil {
		return 0, fmt.Errorf("pack: %w", err)
	}
	lines = cdxj.ResolveNotModified(lines) // 304 revisits replay as their earlier capture
	pages, err := wacz.FindPagesOver(refs, files, seeds)
	if err != nil {
		return 0, fmt.Errorf("pack: %w", err)
	}
	if title == "" {
		title = strings.TrimSuffix(filepath.Base(out), ".wacz")
	}
	err = wacz.Write(out, wacz.Config{
		WARCs: all, Index: lines, ZipNum: zipnum, Pages: pages, Title: title, Software: "salvage/" + Version,
		ZipNumIndex: func(l [][]byte) ([]byte, []byte, error) { return cdxj.ZipNum(l, 0, "index.cdx.gz") },
	})
	return len(pages), err
}

// checkWACZ validates packages; faults make the exit code 1.
func checkWACZ(w io.Writer, files []string) error {
	bad := false
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			return cli.Usagef("pack --check: %s: %w", f, folder.UnwrapPath(err))
		}
		faults, err := wacz.Check(f)
		if err != nil {
			return fmt.Errorf("pack --check: %w", err)
		}
		for _, ft := range faults {
			fmt.Fprintf(w, "%s: FAIL %s\n", f, ft)
		}
		if len(faults) == 0 {
			fmt.Fprintf(w, "%s: ok (WACZ %s)\n", f, wacz.Version)
		}
		bad = bad || len(faults) > 0
	}
	if bad {
		return cli.ErrProblems
	}
	return nil
}
