package cdxj

import (
	"bytes"
	"strconv"
)

// ResolveNotModified gives each server-not-modified revisit line (a revisit
// record whose HTTP status is 304, written for a 304 answer to a conditional
// request) the status of the latest earlier 2xx capture of its URL among
// lines, and returns lines. Replay tools that take a revisit's status from
// its index line (ReplayWeb.page 2.5 / wabac.js) otherwise serve the 304
// itself, an empty page, instead of the earlier payload the revisit refers
// to. A WACZ's index is for replay, so it gets this; a folder's index.cdxj
// keeps the records' own statuses, as warcio.js and cdxj-indexer write them.
// A line whose original is not among lines is left as it is.
func ResolveNotModified(lines [][]byte) [][]byte {
	latest := map[string]Record{}
	for _, l := range lines {
		r, err := ParseLine(string(l))
		if err != nil || r.Mime == RevisitMime || r.Status < 200 || r.Status >= 300 {
			continue
		}
		if old, ok := latest[r.URL]; !ok || !old.Time.After(r.Time) {
			latest[r.URL] = r
		}
	}
	for i, l := range lines {
		r, err := ParseLine(string(l))
		if err != nil || r.Mime != RevisitMime || r.Status != 304 {
			continue
		}
		if orig, ok := latest[r.URL]; ok && orig.Time.Before(r.Time) {
			lines[i] = bytes.Replace(l, []byte(`"status":"304"`), []byte(`"status":"`+strconv.Itoa(orig.Status)+`"`), 1)
		}
	}
	return lines
}

// RevisitMime is the mime field of a revisit record's line.
const RevisitMime = "warc/revisit"
