package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/salvage-archive/salvage/warc/cdxj"
)

// The crawl's replay outputs: index.cdxj written while crawling (one line per
// response or revisit, sorted when the crawl ends), the WACZ of --wacz, and the
// `salvage replay` command printed for the folder.

// openCrawlIndex opens OUT/index.cdxj for the journal's captures.
func openCrawlIndex(out string) (*cdxj.Writer, error) {
	return cdxj.Create(filepath.Join(out, "index.cdxj"), surtKey)
}

// finishReplayOutputs sorts the index, packs the WACZ if asked and prints how to
// replay the folder.
func (j *crawlJob) finishReplayOutputs(jr *journal, files []string, closeIndex func() error) error {
	c := j.cmd
	if err := closeIndex(); err != nil {
		return fmt.Errorf("finish index.cdxj: %w", err)
	}
	if c.wacz && len(files) > 0 {
		out := filepath.Join(c.out, c.waczName())
		n, err := packWACZ(out, files, j.seeds, "", false)
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
