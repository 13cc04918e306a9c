package warc

import (
	"bytes"
	"net"
	"sync"
)

// icyStatus starts the status line of SHOUTcast servers ("ICY 200 OK"), which is not HTTP.
var icyStatus = []byte("ICY ")

// recConn records the plaintext bytes of one connection into the exchange currently
// bound to it. net/http never pipelines HTTP/1.1, so a connection serves one exchange at
// a time; the Recorder binds the next one from httptrace.GotConn, before the request is
// written, so that a fast response can never land in the previous exchange.
type recConn struct {
	net.Conn
	ip string

	mu  sync.Mutex
	cur *fetch // exchange receiving the bytes; nil between exchanges

	// Read-side state, used only by the goroutine currently reading (net/http
	// serialises reads through its bufio.Reader).
	seen    bool   // response bytes have been read on this connection
	pending []byte // rewritten bytes still to hand to net/http
}

// newRecConn wraps c; remote is the peer address of the underlying TCP connection.
func newRecConn(c net.Conn, remote net.Addr) *recConn {
	return &recConn{Conn: c, ip: addrIP(remote)}
}

// addrIP returns the IP address of a network address, without port or zone.
func addrIP(a net.Addr) string {
	switch v := a.(type) {
	case *net.TCPAddr:
		return v.IP.String()
	case nil:
		return ""
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return ""
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.String()
	}
	return ""
}

// bind makes f the exchange that receives this connection's bytes.
func (c *recConn) bind(f *fetch) {
	c.mu.Lock()
	c.cur = f
	c.mu.Unlock()
}

// unbind detaches f if it is still the current exchange; bytes read afterwards are
// not recorded.
func (c *recConn) unbind(f *fetch) {
	c.mu.Lock()
	if c.cur == f {
		c.cur = nil
	}
	c.mu.Unlock()
}

// Write records p as request bytes and writes it. The bytes are recorded before they
// are sent: once sent, the response (and the end of the exchange) may come before the
// write returns. What a failed write did not send is taken back.
func (c *recConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	f := c.cur
	if f != nil {
		f.req.Write(p)
	}
	c.mu.Unlock()
	n, err := c.Conn.Write(p)
	if n < len(p) && f != nil {
		c.mu.Lock()
		if c.cur == f {
			f.req.Truncate(f.req.Len() - (len(p) - n))
		}
		c.mu.Unlock()
	}
	return n, err
}

// Read reads response bytes and records them exactly as received. Only the bytes handed
// to net/http are rewritten, and only for an ICY status line.
func (c *recConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	if !c.seen {
		return c.readFirst(p)
	}
	n, err := c.Conn.Read(p)
	c.record(p[:n])
	return n, err
}

// readFirst reads the first response bytes of the connection. When they start with
// "ICY " they are presented to net/http as "HTTP/1.0 " so that it parses the stream.
func (c *recConn) readFirst(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	for err == nil && n < len(icyStatus) && n < len(p) && bytes.HasPrefix(icyStatus, p[:n]) {
		var m int
		m, err = c.Conn.Read(p[n:])
		n += m
	}
	c.record(p[:n])
	if n == 0 {
		return n, err
	}
	c.seen = true
	if !bytes.HasPrefix(p[:n], icyStatus) {
		return n, err
	}
	c.pending = append([]byte("HTTP/1.0 "), p[len(icyStatus):n]...)
	n = copy(p, c.pending)
	c.pending = c.pending[n:]
	return n, nil
}

// record appends response bytes to the current exchange.
func (c *recConn) record(b []byte) {
	if len(b) == 0 {
		return
	}
	c.mu.Lock()
	if c.cur != nil {
		c.cur.recordResponse(b)
	}
	c.mu.Unlock()
}
