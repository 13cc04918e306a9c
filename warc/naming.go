package warc

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// nameGenerator names WARC files PREFIX-YYYYMMDDhhmmssSSS-NNNNN-HOST.warc.gz.
type nameGenerator struct {
	prefix, host string
	serial       int
}

// next returns the name of the next file, with its ".warc.gz" extension.
func (g *nameGenerator) next(created time.Time) string {
	name := fmt.Sprintf("%s-%s-%05d-%s.warc%s", g.prefix, fileStamp(created), g.serial, g.host, compressedSuffix)
	g.serial++
	return name
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
