package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/salvage-archive/salvage/cmd/internal/folder"
	"github.com/salvage-archive/salvage/warc/cdxj"
)

// The crawl's replay outputs: index.cdxj written while crawling (one line per
// response or revisit, sorted when the crawl ends), the WACZ of --wacz, and the
// `salvage replay` command printed for the folder.

// openCrawlIndex opens OUT/index.cdxj for the journal's captures. After a
// killed run, whose last lines may be lost or torn, it is first rebuilt
// from the folder's WARC files (which the WARC writer has finished).
func openCrawlIndex(out string) (*cdxj.Writer, error) {
	path := filepath.Join(out, "index.cdxj")
	if folder.LastRunKilled(out) {
		lines, err := cdxj.Build(folderWARCs(out), surtKey, cdxj.CDXJ)
		if err == nil {
			err = folder.WriteFileWith(path, func(w io.Writer) error { return cdxj.WriteLines(w, lines) })
		}
		if err != nil {
			return nil, fmt.Errorf("rebuild index.cdxj after a killed run: %w", err)
		}
	}
	return cdxj.Create(path, surtKey)
}

// finishReplayOutputs packs the WACZ if asked and prints how to
// replay the folder.
func (j *crawlJob) finishReplayOutputs(files []string) error {
	c := j.cmd
	if c.wacz && len(files) > 0 {
		out := filepath.Join(c.out, c.waczName())
		n, err := packWACZ(out, files, j.previousFiles(), j.seeds, "", false)
		if err != nil {
			return errors.Join(fmt.Errorf("write %s", out), err)
		}
		fmt.Fprintf(c.stdout, "  WACZ %s (%d pages)\n", absOr(out), n)
	}
	fmt.Fprintf(c.stdout, "  replay: salvage replay %s\n", shellQuote(absOr(c.out)))
	return nil
}

// folderWARCs is every finished WARC file in the folder, whichever run
// wrote it: a resumed crawl's WACZ holds the whole crawl.
func folderWARCs(out string) []string {
	files, _ := filepath.Glob(filepath.Join(out, "*.warc.gz"))
	return files
}

// waczName is the package's file name: the WARC prefix, or "crawl".
func (c *crawlCmd) waczName() string {
	if c.prefix != "" {
		return c.prefix + ".wacz"
	}
	return "crawl.wacz"
}

// shellQuote quotes a path for a shell when it needs it.
func shellQuote(s string) string {
	for _, r := range s {
		if !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
