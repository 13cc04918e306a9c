package policy

import (
	"errors"
	"net/netip"
)

// ErrPrivateAddress is the error a dialer wraps when it refuses to connect to
// an address PrivateAddr reports: crawler and link checker both branch on it.
var ErrPrivateAddress = errors.New("private address")

// PrivateAddr reports whether ip is an address a crawler pointed at the web
// must not connect to on its own (server-side request forgery): loopback,
// private (RFC 1918, RFC 4193), shared/CGNAT (RFC 6598, 100.64.0.0/10),
// link-local (169.254.0.0/16 with the cloud metadata address, fe80::/10),
// multicast, unspecified, or an IPv4-mapped IPv6 form of one of those.
// The crawler and `salvage verify` share this one rule.
func PrivateAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() || sharedCGNAT.Contains(ip)
}

var sharedCGNAT = netip.MustParsePrefix("100.64.0.0/10")
