package cdxj

import (
	"fmt"

	"github.com/salvage-archive/salvage/warc"
)

// Format is an index line format.
type Format string

// The formats Build writes.
const (
	CDXJ  Format = "cdxj"
	CDX11 Format = "cdx11"
)

// Build indexes WARC files written by any tool (salvage, GNU wget, Heritrix, ...) and
// returns the lines sorted bytewise; a CDX11 index starts with its header line. A file
// that cannot be read to its end is an error naming it; its lines read so far are kept.
func Build(files []string, key KeyFunc, format Format) ([][]byte, error) {
	var lines [][]byte
	var firstErr error
	for _, f := range files {
		for e, err := range warc.Entries(f) {
			if err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("index %s: %w", f, err)
				}
				break
			}
			if r, ok := FromEntry(f, e); ok {
				lines = append(lines, []byte(formatLine(r, key, format)))
			}
		}
	}
	lines = SortLines(lines)
	if format == CDX11 {
		lines = append([][]byte{[]byte(CDX11Header)}, lines...)
	}
	return lines, firstErr
}

func formatLine(r Record, key KeyFunc, format Format) string {
	if format == CDX11 {
		return r.CDX11Line(key)
	}
	return r.Line(key)
}
