package crawler

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// bomb is n MiB of zeros as n gzip members of 1 MiB (about 1 KiB each; a
// gzip reader reads concatenated members as one stream).
func bomb(t *testing.T, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	return bytes.Repeat(b.Bytes(), n)
}

// TestGunzipInflatesUnderLimit: a 256 MiB gzip bomb reaches colly as at most
// limit inflated bytes, with its encoding headers removed; the raw body stays
// the recorder's (Close closes it); other bodies pass through untouched.
func TestGunzipInflatesUnderLimit(t *testing.T) {
	z := bomb(t, 256)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bomb":
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Type", "text/html")
			w.Write(z)
		case "/sitemap.xml.gz":
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write(z)
		case "/broken":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write([]byte("not gzip at all"))
		default:
			w.Write([]byte("<html>plain</html>"))
		}
	}))
	defer srv.Close()
	const limit = 1 << 20
	g := &gunzip{next: &http.Transport{DisableCompression: true}, limit: limit}
	for _, tt := range []struct {
		path    string
		want    int
		wantErr bool
	}{
		{"/bomb", limit, false},
		{"/sitemap.xml.gz", limit, false},
		{"/plain", len("<html>plain</html>"), false},
		{"/broken", 0, true},
	} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+tt.path, nil)
		resp, err := g.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if int(n) != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("%s: read %d bytes, err %v; want %d bytes, error %v", tt.path, n, err, tt.want, tt.wantErr)
		}
		if tt.path != "/plain" && (resp.Header.Get("Content-Encoding") != "" || !resp.Uncompressed || resp.ContentLength != -1) {
			t.Errorf("%s: headers %v, Uncompressed %v: colly would inflate again", tt.path, resp.Header, resp.Uncompressed)
		}
	}
}

// BenchmarkGunzipBomb: inflating to the limit, never more.
func BenchmarkGunzipBomb(b *testing.B) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(make([]byte, 64<<20))
	zw.Close()
	z := buf.Bytes()
	b.ReportAllocs()
	for b.Loop() {
		ib := &inflater{raw: io.NopCloser(bytes.NewReader(z)), limit: 1 << 20}
		io.Copy(io.Discard, ib)
	}
}
