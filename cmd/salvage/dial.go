package main

import (
	"context"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
)

// privateGuard says which connections to private addresses (policy.PrivateAddr:
// loopback, RFC 1918, CGNAT, link-local such as 169.254.169.254, multicast)
// the operator approved. Everything else that resolves to such an address is
// refused after name resolution, on the address about to be connected to (a
// net.Dialer Control function), so a public name that resolves, or rebinds,
// to a private address is refused too. Approved are:
//   - every address when --allow-private is given;
//   - the hosts of the seeds (the operator named them; a seed such as
//     http://10.0.0.5/ or http://intranet/ is crawled);
//   - every HOST:PORT that --resolve maps: the operator chose its address
//     (this is how the tests and the demo reach the replica on loopback).
type privateGuard struct {
	allowAll bool
	hosts    map[string]bool // lower-case host names or IP literals, without port
}

// guardFor approves allowAll, or the hosts of seeds.
func guardFor(allowAll bool, seeds []string) privateGuard {
	g := privateGuard{allowAll: allowAll, hosts: map[string]bool{}}
	for _, s := range seeds {
		if u, err := url.Parse(s); err == nil && u.Hostname() != "" {
			g.hosts[strings.ToLower(u.Hostname())] = true
		}
	}
	return g
}

func (g privateGuard) approved(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return g.allowAll || g.hosts[strings.ToLower(strings.Trim(host, "[]"))]
}

// newDialer dials through the --resolve map; an address it maps is dialed
// as given, any other goes through the guard's private-address check. A
// refusal wraps policy.ErrPrivateAddress and is made before connect(2): no
// packet leaves for the refused address.
func newDialer(m policy.ResolveMap, g privateGuard) func(ctx context.Context, network, addr string) (net.Conn, error) {
	open := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	guarded := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, ControlContext: verify.RefusePrivate}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if to, ok := m.Lookup(addr); ok {
			return open.DialContext(ctx, network, to)
		}
		if g.approved(addr) {
			return open.DialContext(ctx, network, addr)
		}
		return guarded.DialContext(ctx, network, addr)
	}
}
