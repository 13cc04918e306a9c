package verify

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"syscall"

	"github.com/salvage-archive/salvage/policy"
)

// RefusePrivate is the built-in dialer's guard, a net.Dialer.ControlContext:
// it runs after name resolution, on the address about to be connected to, so
// a public name that resolves to a private address is refused too. A Dial of
// your own can use it the same way (for the hosts it does not map itself);
// its error wraps ErrPrivateAddress.
func RefusePrivate(_ context.Context, _, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return nil
	}
	ip, err := netip.ParseAddr(host)
	if err == nil && policy.PrivateAddr(ip) {
		return fmt.Errorf("%s: %w", ip, ErrPrivateAddress)
	}
	return nil
}
