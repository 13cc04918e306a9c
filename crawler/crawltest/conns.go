package crawltest

import (
	"net"
	"sync"
	"testing"
)

// ServeConns accepts loopback TCP connections until the test ends and
// hands each to handle, closing it after: servers that hang up, reset,
// stall or answer garbage, for tests of transport failures. It returns the
// listening address.
func ServeConns(tb testing.TB, handle func(c *net.TCPConn)) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer c.Close()
				handle(c.(*net.TCPConn))
			})
		}
	})
	tb.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	return ln.Addr().String()
}

// ClosedPort is a loopback address nothing listens on (connections to it
// are refused).
func ClosedPort(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
