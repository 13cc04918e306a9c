package warc

import (
	"reflect"
	"strings"
	"testing"
)

// TestDigestSpoolInMemory checks that hashing an in-memory block in place gives what
// the streaming digest gives, for the shapes a response block takes.
func TestDigestSpoolInMemory(t *testing.T) {
	const interim = "HTTP/1.1 100 Continue\r\n\r\n"
	blocks := []struct {
		name, block string
		bodyless    bool
	}{
		{"length", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello", false},
		{"chunked", "HTTP/1.1 200 OK\r\ntransfer-ENCODING: gzip, Chunked\r\n\r\n5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n", false},
		{"chunked cut short", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", false},
		{"head", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", true},
		{"not modified", "HTTP/1.1 304 Not Modified\r\n\r\nstray", false},
		{"bare newlines", "ICY 200 OK\nicy-name: radio\n\nMP3DATA", false},
		{"head cut short", "HTTP/1.1 200 OK\r\nContent-Le", false},
		{"long header line", "HTTP/1.1 200 OK\r\nX-Long: " + strings.Repeat("x", 70<<10) + "\r\nContent-Type: a/b\r\n\r\nbody", false},
		{"empty", "", false},
	}
	for _, b := range blocks {
		t.Run(b.name, func(t *testing.T) {
			sp := NewSpool("")
			defer sp.Close()
			_, _ = sp.Write([]byte(interim + b.block))
			want, err := digestResponse(strings.NewReader(b.block), DigestSHA1, b.bodyless)
			if err != nil {
				t.Fatal(err)
			}
			start, err := finalResponseOffset(sp)
			if err != nil || start != int64(len(interim)) {
				t.Fatalf("final response at %d, %v", start, err)
			}
			got, err := digestSpool(sp, start, DigestSHA1, b.bodyless)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("in memory %+v\nstreamed  %+v", got, want)
			}
			if b.name == "long header line" && got.head.contentType != "a/b" {
				t.Errorf("content type %q after a line longer than the read buffer", got.head.contentType)
			}
		})
	}
}
