package warc

import (
	"io"
	"strings"
	"testing"
	"time"
)

// TestStreamsAreSampled: an endless stream is cut at the stream limits, long
// before MaxFetchTime, and marked as a stream sample.
func TestStreamsAreSampled(t *testing.T) {
	cases := []struct {
		name      string
		cfg       RecorderConfig
		truncated string
	}{
		{"time", RecorderConfig{MaxFetchTime: time.Hour, StreamMaxTime: 300 * time.Millisecond}, TruncatedTime},
		{"length", RecorderConfig{MaxFetchTime: time.Hour, StreamMaxTime: time.Hour, StreamMaxBytes: 20 << 10}, TruncatedLength},
	}
	for _, tc := range cases {
		for _, status := range []string{"HTTP/1.0 200 OK", "ICY 200 OK"} {
			t.Run(tc.name+"/"+strings.Fields(status)[0], func(t *testing.T) {
				addr, _ := streamServer(t, status)
				dir := t.TempDir()
				w := newTestWriter(t, WriterConfig{Dir: dir})
				r, caps := newTestRecorder(t, w, tc.cfg)
				resp := get(t, r, "http://"+addr+"/feed1")
				body, _ := io.ReadAll(resp.Body)
				_ = resp.Body.Close()
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
				c := caps.all()[0]
				if !c.Stream || c.Truncated != tc.truncated || len(body) == 0 {
					t.Errorf("capture stream=%v truncated=%q body %d bytes", c.Stream, c.Truncated, len(body))
				}
				// The record keeps what net/http's reader had already taken off the wire
				// (a few KiB of read-ahead) past the limit.
				if tc.truncated == TruncatedLength && (len(body) > 20<<10 || c.PayloadLength > 20<<10+32<<10) {
					t.Errorf("sample of %d bytes (%d archived), limit %d", len(body), c.PayloadLength, 20<<10)
				}
				rec := byType(recordsIn(t, dir), "response")[0]
				if rec.Get("WARC-Truncated") != tc.truncated {
					t.Errorf("WARC-Truncated %q", rec.Get("WARC-Truncated"))
				}
			})
		}
	}
}
