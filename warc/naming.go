package warc

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// nameGenerator names WARC files PREFIX-YYYYMMDDhhmmssSSS-NNNNN-HOST.warc(.gz). The
// Writer picks each name with next (it must know the name to write the warcinfo record);
// gowarc then asks for it through NewWarcfileName when it creates the file.
type nameGenerator struct {
	dir, prefix, host string
	serial            int
	pending           string // the name gowarc gets, without the ".gz" it appends
}

// next returns the name of the next file, with its ".warc.gz" extension.
func (g *nameGenerator) next(created time.Time) string {
	g.pending = fmt.Sprintf("%s-%s-%05d-%s.warc", g.prefix, fileStamp(created), g.serial, g.host)
	g.serial++
	return g.pending + compressedSuffix
}

// NewWarcfileName implements gowarc.WarcFileNameGenerator.
func (g *nameGenerator) NewWarcfileName() (string, string) {
	return g.dir, g.pending
}

// fileStamp formats t as the 17-digit UTC timestamp YYYYMMDDhhmmssSSS.
func fileStamp(t time.Time) string {
	return strings.Replace(t.UTC().Format("20060102150405.000"), ".", "", 1)
}

// safeNamePart keeps a file name component to [A-Za-z0-9._-], replacing anything else.
func safeNamePart(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		}
		return '-'
	}, s)
}

// defaultHostname is the host name used in file names and warcinfo when none is configured.
func defaultHostname() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "localhost"
}
