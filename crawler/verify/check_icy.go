package verify

import (
	"bytes"
	"context"
	"net"
)

// icyStatus starts the status line of SHOUTcast v1 servers ("ICY 200 OK"),
// which net/http does not parse.
var icyStatus = []byte("ICY ")

// icyDial wraps dial so that a connection whose answer starts "ICY " is read
// by net/http as "HTTP/1.0 ": the stream's status and icy-* headers then
// count like any other. (warc's recorder does the same for the crawl; with a
// Transport of your own, the checker still knows the ICY error message.)
func icyDial(dial func(ctx context.Context, network, addr string) (net.Conn, error)) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &icyConn{Conn: c}, nil
	}
}

type icyConn struct {
	net.Conn
	seen    bool
	pending []byte
}

func (c *icyConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	if c.seen {
		return c.Conn.Read(p)
	}
	n, err := c.Conn.Read(p)
	for err == nil && n < len(icyStatus) && n < len(p) && bytes.HasPrefix(icyStatus, p[:n]) {
		var m int
		m, err = c.Conn.Read(p[n:])
		n += m
	}
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
