package crawltest

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestStreamNeverEnds(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	resp, err := c.Get(radioURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Proto != "HTTP/1.0" || resp.StatusCode != 200 || resp.ContentLength != -1 {
		t.Fatalf("%s %s, Content-Length %d: want HTTP/1.0 200 without length", resp.Proto, resp.Status, resp.ContentLength)
	}
	if resp.Header.Get("Content-Type") != "audio/mpeg" || resp.Header.Get("icy-name") != "Mikado FM" || resp.Header.Get("icy-metaint") != "" {
		t.Errorf("headers %v", resp.Header)
	}
	start := time.Now()
	buf := make([]byte, 64<<10)
	if _, err := io.ReadFull(resp.Body, buf); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < 500*time.Millisecond || elapsed > 5*time.Second {
		t.Errorf("64 KiB in %v, want about 1s (64 KB/s)", elapsed)
	}
	if buf[0] != 0xFF || buf[1] != 0xFB || buf[mp3FrameSize] != 0xFF {
		t.Error("stream is not MP3 frames")
	}
}

func TestStreamOtherPaths(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	f := get(t, c, http.MethodGet, "https://"+radioHost+":"+radioPort+"/robots.txt", ua, "")
	checkFraming(t, "radio robots.txt", f, false)
	if f.StatusCode != 404 {
		t.Errorf("robots.txt on the radio: %s", f.Status)
	}
	h := get(t, c, http.MethodHead, radioURL, ua, "")
	if h.StatusCode != 200 || len(h.Raw) != 0 {
		t.Errorf("HEAD stream: %s, %d bytes", h.Status, len(h.Raw))
	}
}

// Close cuts a stream that a client is still reading.
func TestCloseEndsStreams(t *testing.T) {
	r, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	conn, err := tls.Dial("tcp", strings.SplitN(r.ResolveSpecs()[2], ":", 3)[2], &tls.Config{ServerName: radioHost, RootCAs: r.CertPool()})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /feed1 HTTP/1.0\r\nHost: "+radioHost+":8001\r\n\r\n")
	br := bufio.NewReader(conn)
	if line, _ := br.ReadString('\n'); line != "HTTP/1.0 200 OK\r\n" {
		t.Fatalf("status line %q", line)
	}
	done := make(chan struct{})
	go func() { r.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return while a stream was open")
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.Copy(io.Discard, br); err != nil {
		t.Errorf("stream did not end cleanly: %v", err)
	}
}

// With RadioDown the stream's port refuses connections, and the manifest
// says so; SetRadioDown switches the radio off (cutting open streams) and
// back on, on the same port.
func TestRadioDown(t *testing.T) {
	r := startReplica(t, Config{RadioDown: true})
	checkRadio(t, r, true)
	if err := r.SetRadioDown(false); err != nil {
		t.Fatal(err)
	}
	checkRadio(t, r, false)
	resp, err := testClient(t, r).Get(radioURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := r.SetRadioDown(true); err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body) // ends: the stream is cut
	checkRadio(t, r, true)
	if err := r.SetRadioDown(true); err != nil {
		t.Errorf("SetRadioDown twice: %v", err)
	}
	r.Close()
	if err := r.SetRadioDown(false); err == nil {
		t.Error("SetRadioDown after Close should fail")
	}
}

func checkRadio(t *testing.T, r *Replica, down bool) {
	t.Helper()
	want := map[bool]string{false: ExternalStream, true: ExternalRefused}[down]
	if got := r.Manifest().StreamBehaviour; got != want {
		t.Errorf("down %v: StreamBehaviour %q, want %q", down, got, want)
	}
	conn, err := r.DialContext(context.Background(), "tcp", radioHost+":"+radioPort)
	if conn != nil {
		conn.Close()
	}
	if refused := errors.Is(err, syscall.ECONNREFUSED); refused != down || (!down && err != nil) {
		t.Errorf("down %v: dial %v", down, err)
	}
}
