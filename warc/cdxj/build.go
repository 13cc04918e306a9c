package cdxj

import (
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
// returns the lines sorted bytewise; a CDX11 index starts with its header line. Damage
// in a file is stepped over: the error, when not nil, is a *warc.FilesRead naming every
// fault (and every file that could not be opened), and the lines hold every record read.
func Build(files []string, key KeyFunc, format Format) ([][]byte, error) {
	var lines [][]byte
	read := warc.NewFilesRead()
	for _, f := range files {
		read.Start(f)
		for e, err := range warc.Entries(f) {
			read.Add(f, err)
			if err != nil {
				continue
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
	return lines, read.Err()
}

func formatLine(r Record, key KeyFunc, format Format) string {
	if format == CDX11 {
		return r.CDX11Line(key)
	}
	return r.Line(key)
}
