package crawltest

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Mikado FM, the mission's radio: an Icecast mount on
// https://mikadofm.minusma.unmissions.org:8001/feed1 that never ends. It is
// a raw TLS server because net/http cannot send an HTTP/1.0 response
// without a length and keep writing.
const (
	radioHost = "mikadofm.minusma.unmissions.org"
	radioPort = "8001"
	radioPath = "/feed1"
	radioURL  = "https://" + radioHost + ":" + radioPort + radioPath

	radioTick      = 125 * time.Millisecond
	radioFrames    = 20               // frames a tick: 20*417*8 = ~65 KB/s
	radioMaxLength = 10 * time.Minute // a stream ends after this, whatever the client does
	radioIOTimeout = 10 * time.Second
)

// radio is the stream server. Close stops it and every stream.
type radio struct {
	ln      net.Listener
	tls     *tls.Config
	latency time.Duration
	stats   *stats

	done  chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func newRadio(ln net.Listener, conf *tls.Config, latency time.Duration, st *stats) *radio {
	return &radio{ln: ln, tls: conf, latency: latency, stats: st, done: make(chan struct{}), conns: map[net.Conn]struct{}{}}
}

// serve accepts until the listener closes; start it in a goroutine that
// the caller joins through Close.
func (s *radio) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		if !s.track(c) {
			c.Close()
			return
		}
		s.wg.Add(1)
		go s.handle(c)
	}
}

func (s *radio) track(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.done:
		return false
	default:
	}
	s.conns[c] = struct{}{}
	return true
}

func (s *radio) untrack(c net.Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.Close()
}

// Close stops accepting, cuts every stream and waits for their goroutines.
func (s *radio) Close() error {
	s.mu.Lock()
	close(s.done)
	err := s.ln.Close()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return err
}

// handle reads one request and answers it; the connection then closes.
func (s *radio) handle(raw net.Conn) {
	defer s.wg.Done()
	defer s.untrack(raw)
	c := tls.Server(raw, s.tls)
	c.SetDeadline(time.Now().Add(radioIOTimeout))
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil {
		return
	}
	ex := s.stats.begin("https", req)
	status, n := s.respond(c, req, ex)
	ex.end(status, n)
}

// respond answers req after the configured latency and returns the status
// and the number of body bytes written.
func (s *radio) respond(c net.Conn, req *http.Request, ex *exchange) (int, int64) {
	if !sleepUnless(s.latency, s.done) {
		return 0, 0
	}
	if req.URL.Path != radioPath || (req.Method != http.MethodGet && req.Method != http.MethodHead) {
		body := "<html><head><title>Error 404</title></head><body><b>404 - The file you requested could not be found</b></body></html>\r\n"
		fmt.Fprintf(c, "HTTP/1.0 404 File Not Found\r\nServer: Icecast 2.4.4\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\nConnection: Close\r\n\r\n%s", len(body), body)
		ex.header(http.StatusNotFound)
		return http.StatusNotFound, int64(len(body))
	}
	fmt.Fprintf(c, "HTTP/1.0 200 OK\r\nServer: Icecast 2.4.4\r\nDate: %s\r\nContent-Type: audio/mpeg\r\nCache-Control: no-cache, no-store\r\n"+
		"Expires: Mon, 26 Jul 1997 05:00:00 GMT\r\nPragma: no-cache\r\nicy-br: 128\r\nicy-genre: Various\r\nicy-name: Mikado FM\r\n"+
		"icy-description: Radio des Nations Unies au Mali\r\nicy-pub: 0\r\nicy-url: https://minusma.unmissions.org/en/united-nations-radio-mali\r\nConnection: Close\r\n\r\n",
		time.Now().UTC().Format(http.TimeFormat))
	ex.header(http.StatusOK)
	if req.Method == http.MethodHead {
		return http.StatusOK, 0
	}
	return http.StatusOK, s.stream(c)
}

// stream writes MP3 frames at about 64 KB/s until the client goes away, the
// server closes or radioMaxLength passes.
func (s *radio) stream(c net.Conn) int64 {
	t := time.NewTicker(radioTick)
	defer t.Stop()
	end := time.After(radioMaxLength)
	var written int64
	for frame := 0; ; {
		chunk := make([]byte, 0, radioFrames*mp3FrameSize)
		for range radioFrames {
			chunk = append(chunk, mp3Frame(frame)...)
			frame++
		}
		c.SetWriteDeadline(time.Now().Add(radioIOTimeout))
		n, err := c.Write(chunk)
		written += int64(n)
		if err != nil {
			return written
		}
		select {
		case <-t.C:
		case <-end:
			return written
		case <-s.done:
			return written
		}
	}
}
