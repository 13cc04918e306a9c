package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"
	"github.com/salvage-archive/salvage/warc/cdxj"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/cmd/internal/folder"
)

type indexCmd struct {
	stdout, stderr io.Writer

	out, format string
	zipnum      bool
	merge       bool
	blockLines  int
}

const indexUsage = `Usage: salvage index [flags] WARC-or-FOLDER...

Builds a capture index of WARC files written by any tool (salvage, GNU wget, Heritrix) and of
ARC files (.arc, .arc.gz): one line per response, revisit and resource record, sorted
bytewise, for pywb, OutbackCDX or ReplayWeb.page; a capture of a POST or PUT gets the
__wb_method= key, method and requestBody fields as warcio.js writes them. CDXJ by default; --format cdx11 for the classic 11-field CDX; --zipnum for
the compressed form (OUT.cdx.gz in blocks plus OUT.idx). With --merge, the arguments are
sorted index files (e.g. each worker's index.cdxj of a shared crawl) merged into one.

Damaged files are read as far as they can be: each fault (a record cut short, bytes that
are no record, records sharing one gzip member) is one line on standard error with its
file and offset, and the other records and files are indexed. The exit code is 1 when
anything was skipped or cut short, 3 only when no record could be read at all.

Flags:
`

func (c *indexCmd) flags() *flag.FlagSet {
	fs := newFlagSet("index", indexUsage)
	fs.StringVar(&c.out, "out", "-", "index file (- for standard output); with --zipnum, the base name of OUT.cdx.gz and OUT.idx")
	fs.StringVar(&c.format, "format", "cdxj", "cdxj or cdx11")
	fs.BoolVar(&c.zipnum, "zipnum", false, "write the ZipNum form (CDXJ only): OUT.cdx.gz in gzip blocks and OUT.idx")
	fs.BoolVar(&c.merge, "merge", false, "merge sorted index files (INDEX...) into one sorted index")
	fs.IntVar(&c.blockLines, "block-lines", cdxj.DefaultBlockLines, "lines per gzip block of --zipnum")
	return fs
}

func (c *indexCmd) Run(_ context.Context, args []string) error {
	fs := c.flags()
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err // flag.ErrHelp too: exitCode makes it 0
	}
	if c.merge {
		return c.mergeIndexes(pos)
	}
	format := cdxj.Format(c.format)
	if format != cdxj.CDXJ && format != cdxj.CDX11 {
		return cli.Usagef("index: --format %q: want cdxj or cdx11", c.format)
	}
	if c.zipnum && (format != cdxj.CDXJ || c.out == "-") {
		return cli.Usagef("index: --zipnum needs --format cdxj and --out BASE (it writes BASE.cdx.gz and BASE.idx)")
	}
	files, err := archiveFiles("index", pos, archiveSuffixes...)
	if err != nil {
		return err
	}
	lines, err := cdxj.Build(files, surtKey, format)
	damaged, err := archiveDamage(c.stderr, "index", err)
	if err != nil {
		return err
	}
	if c.zipnum {
		err = c.writeZipNum(lines)
	} else {
		err = c.write(lines)
	}
	if err == nil && damaged {
		return cli.ErrProblems
	}
	return err
}

// archiveDamage prints, one line each, what reading the archives stepped over (a
// *warc.FilesRead: per damaged file the records read, then each fault with its offset)
// and says whether anything was lost (skipped, cut short, unreadable: exit 1; records
// sharing a gzip member are all read, so they are only reported). Other errors are
// returned as they are, and so is a read that found no record at all (exit 3).
func archiveDamage(w io.Writer, cmd string, err error) (bool, error) {
	var read *warc.FilesRead
	if err == nil {
		return false, nil
	}
	if !errors.As(err, &read) {
		return false, err
	}
	if read.Total() == 0 {
		return true, fmt.Errorf("%s: %s", cmd, read.Nothing())
	}
	for _, l := range read.Lines() {
		fmt.Fprintf(w, "salvage: %s: %s\n", cmd, l)
	}
	return read.Lost(), nil
}

func (c *indexCmd) write(lines [][]byte) error {
	if c.out == "-" {
		return cdxj.WriteLines(c.stdout, lines)
	}
	f, err := os.Create(c.out)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	err = errors.Join(cdxj.WriteLines(f, lines), f.Close())
	if err == nil {
		fmt.Fprintf(c.stderr, "salvage: %d index lines in %s\n", len(lines), c.out)
	}
	return err
}

func (c *indexCmd) writeZipNum(lines [][]byte) error {
	base := strings.TrimSuffix(strings.TrimSuffix(c.out, ".cdx.gz"), ".idx")
	gz, idx, err := cdxj.ZipNum(lines, c.blockLines, filepath.Base(base)+".cdx.gz")
	if err != nil {
		return err
	}
	if err := os.WriteFile(base+".cdx.gz", gz, 0o644); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if err := os.WriteFile(base+".idx", idx, 0o644); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	fmt.Fprintf(c.stderr, "salvage: %d index lines in %s.cdx.gz and %s.idx\n", len(lines), base, base)
	return nil
}

// surtKey is the CDXJ sort key of an http(s) URL (warcio.js's form: policy.SURT).
func surtKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return raw // warcio.js keys other schemes (wget's metadata://...) as they are
	}
	return policy.SURT(u)
}

// archiveSuffixes name the archive files index and verify read in a folder.
var archiveSuffixes = []string{".warc", ".warc.gz", ".arc", ".arc.gz"}

// archiveFiles expands arguments (files, or folders of files with one of the
// suffixes) into a file list; none is a usage error.
func archiveFiles(cmd string, args []string, suffixes ...string) ([]string, error) {
	if len(args) == 0 {
		return nil, cli.Usagef("%s: no archive given (salvage %s -h)", cmd, cmd)
	}
	var files []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return nil, cli.Usagef("%s: %s: %w", cmd, a, folder.UnwrapPath(err))
		}
		if !fi.IsDir() {
			files = append(files, a)
			continue
		}
		found := 0
		for _, s := range suffixes {
			names, _ := filepath.Glob(filepath.Join(a, "*"+s))
			for _, n := range names {
				if !slices.Contains(files, n) { // "*.arc" matches x.warc too
					files, found = append(files, n), found+1
				}
			}
		}
		if found == 0 {
			return nil, cli.Usagef("%s: folder %s holds no %s file", cmd, a, strings.Join(suffixes, " or "))
		}
	}
	return files, nil
}

// mergeIndexes merges sorted index files into --out, streaming.
func (c *indexCmd) mergeIndexes(paths []string) error {
	if len(paths) == 0 {
		return cli.Usagef("index --merge: no index file (usage: salvage index --merge [--out FILE] INDEX...)")
	}
	var inputs []io.Reader
	for _, p := range paths {
		f, err := openSortedIndex(p)
		if err != nil {
			return err
		}
		defer f.Close()
		inputs = append(inputs, f)
	}
	if c.out == "-" {
		return cdxj.Merge(c.stdout, inputs...)
	}
	return folder.WriteFileWith(c.out, func(w io.Writer) error { return cdxj.Merge(w, inputs...) })
}

// openSortedIndex opens an input of index --merge once cdxj.Check has read it
// whole as a sorted CDXJ or CDX file; anything else is a usage error naming it.
func openSortedIndex(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, cli.Usagef("index --merge: %w", err)
	}
	err = cdxj.Check(f)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		var ce *cdxj.CheckError
		if errors.As(err, &ce) {
			return nil, cli.Usagef("index --merge: %s: %v (--merge takes sorted CDXJ or CDX index files)", path, err)
		}
		return nil, fmt.Errorf("index --merge: read %s: %w", path, err)
	}
	return f, nil
}
