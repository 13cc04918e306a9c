package netfail

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/salvage-archive/salvage/policy"
)

// Cause is the failure of err as the network said it, for people: "no such
// host", "connection refused", "no route to host", "tls: <crypto/tls's or
// x509's message>", "timeout", "connection reset", "empty reply",
// "malformed response: <net/http's verdict>", "private address". It is ""
// for a nil err.
func Cause(err error) string {
	switch k := Kind(err); k {
	case policy.ErrDNS:
		return dnsCause(err)
	case policy.ErrTLS:
		return tlsCause(err)
	case policy.ErrMalformed:
		return Words(k) + ": " + malformedText(err)
	case policy.ErrNoRoute:
		return noRouteCause(err)
	case policy.ErrReset:
		return resetCause(err)
	default:
		return Words(k)
	}
}

// Words names a failure of kind k when its error is not at hand (a URL
// refused because its host's robots.txt fetch failed earlier): Cause's
// words without the error's detail.
func Words(k policy.ErrKind) string {
	switch k {
	case policy.ErrDNS:
		return "no such host"
	case policy.ErrRefused:
		return "connection refused"
	case policy.ErrNoRoute:
		return "no route to host"
	case policy.ErrTLS:
		return "tls: handshake failed"
	case policy.ErrTimeout:
		return "timeout"
	case policy.ErrReset:
		return "empty reply"
	case policy.ErrMalformed:
		return "malformed response"
	case policy.ErrPrivate:
		return policy.ErrPrivateAddress.Error()
	}
	return string(k)
}

// dnsCause: "no such host" when the name does not exist, else what the
// resolver said ("dns: server misbehaving").
func dnsCause(err error) string {
	var d *net.DNSError
	if !errors.As(err, &d) || d.IsNotFound || d.Err == "" {
		return Words(policy.ErrDNS)
	}
	return "dns: " + d.Err
}

// tlsCause is crypto/tls's own message ("tls: failed to verify
// certificate: x509: ..."), an x509 one under "tls: ", or the kind's words.
func tlsCause(err error) string {
	t := tlsText(err)
	switch {
	case errors.Is(err, http.ErrSchemeMismatch):
		return "tls: server gave HTTP response to HTTPS client"
	case t == "":
		return Words(policy.ErrTLS)
	case !strings.HasPrefix(t, "tls: "):
		return "tls: " + t
	}
	return t
}

// noRouteCause is the system's words for the errno under err ("no route
// to host", "network is unreachable", "cannot assign requested address"),
// or the dialer's own.
func noRouteCause(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno.Error()
	}
	return root(err).Error()
}

// resetCause tells a reset connection from one closed before an answer; a
// failure of no known sort is said with the innermost error's text.
func resetCause(err error) string {
	switch {
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED):
		return "connection reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.EPIPE):
		return Words(policy.ErrReset)
	}
	return root(err).Error()
}

// root is the innermost error of err's chain (its first branch at a join).
func root(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > 0 {
				next = j.Unwrap()[0]
			}
		}
		if next == nil {
			return err
		}
		err = next
	}
}
