package warc

import (
	"mime"
	"net/http"
	"strings"
	"time"
)

// IsStream reports whether a response looks like an endless stream: a
// SHOUTcast/Icecast answer (icy- headers; an "ICY 200 OK" status line reaches
// net/http as HTTP/1.0 with them), or audio or video with no length.
func IsStream(resp *http.Response) bool {
	for k := range resp.Header {
		if strings.HasPrefix(strings.ToLower(k), "icy-") {
			return true
		}
	}
	if resp.ContentLength >= 0 {
		return false
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return strings.HasPrefix(mt, "audio/") || strings.HasPrefix(mt, "video/") ||
		mt == "application/ogg" || mt == "application/vnd.apple.mpegurl"
}

// sampleStream bounds a stream's body to the stream limits, so the WARC keeps
// a sample marked WARC-Truncated instead of waiting for MaxFetchTime.
func (f *fetch) sampleStream(b *body) {
	f.ex.Stream = true
	cfg := f.rec.cfg
	if n := cfg.StreamMaxBytes; n > 0 && (b.max == 0 || n < b.max) {
		b.max = n
	}
	if d := cfg.StreamMaxTime; d > 0 && (cfg.MaxFetchTime == 0 || d < cfg.MaxFetchTime) {
		if f.timer != nil {
			f.timer.Stop()
		}
		f.timer = time.AfterFunc(d, f.expire)
	}
}
