package cdxj

import (
	"strings"
	"testing"
	"time"
)

// TestResolveNotModified: a 304 revisit line takes the status of the
// earlier 2xx capture of its URL; an identical-payload revisit, a 304
// without an earlier capture, and other lines stay as they are.
func TestResolveNotModified(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	key := func(string) string { return "org,ex)/" }
	line := func(u string, day, status int, mime string) []byte {
		return []byte(Record{URL: u, Time: t0.AddDate(0, 0, day), Status: status, Mime: mime, Digest: "sha1:D",
			Length: 10, Offset: 1, Filename: "a.warc.gz"}.Line(key))
	}
	lines := [][]byte{
		line("https://ex.org/", 0, 200, "text/html"),
		line("https://ex.org/", 30, 304, RevisitMime),
		line("https://ex.org/same", 30, 200, RevisitMime),
		line("https://ex.org/never", 30, 304, RevisitMime),
	}
	got := ResolveNotModified(lines)
	for i, want := range []string{`"status":"200"`, `"status":"200"`, `"status":"200"`, `"status":"304"`} {
		if !strings.Contains(string(got[i]), want) {
			t.Errorf("line %d: %s, want %s", i, got[i], want)
		}
	}
	if !strings.Contains(string(got[1]), `"mime":"warc/revisit"`) {
		t.Errorf("the revisit is no longer one: %s", got[1])
	}
}
