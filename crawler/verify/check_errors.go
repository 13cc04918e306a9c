package verify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/salvage-archive/salvage/policy"
)

// ErrPrivateAddress is what a CheckerConfig.Dial returns to refuse a
// connection to an address it will not check (a private network, say); the
// link is then reported as policy.ErrPrivate. It is policy.ErrPrivateAddress,
// which the crawler's dialer uses too.
var ErrPrivateAddress = policy.ErrPrivateAddress

// failure turns a transport error into an answer. A SHOUTcast server's
// "ICY 200 OK" status line is not HTTP (net/http rejects its version), but
// it is a live stream.
func failure(err error) answer {
	if msg := err.Error(); strings.Contains(msg, `malformed HTTP version "ICY"`) ||
		strings.Contains(msg, `malformed HTTP response "ICY 200`) {
		return answer{status: http.StatusOK, stream: true}
	}
	return answer{err: errKind(err), detail: err.Error()}
}

// errKind maps a transport error to policy's ErrKind, as crawler's
// failureStatus does for the crawl log, only finer: the first match wins.
// Only ECONNREFUSED (nothing listens on the port) is ErrRefused.
func errKind(err error) policy.ErrKind {
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.Is(err, ErrPrivateAddress):
		return policy.ErrPrivate
	case MalformedResponse(err.Error()):
		return policy.ErrMalformed
	case errors.As(err, &dnsErr):
		return policy.ErrDNS
	case errors.Is(err, syscall.ECONNREFUSED):
		return policy.ErrRefused
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return policy.ErrNoRoute
	case isTLS(err):
		return policy.ErrTLS
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return policy.ErrTimeout
	}
	// io.EOF or io.ErrUnexpectedEOF before the answer, ECONNRESET (in the
	// dial too: a server that accepts and resets at once), ECONNABORTED,
	// EPIPE: the host took the connection and dropped it, an empty reply.
	return policy.ErrReset
}

// MalformedResponse reports whether a transport error message is net/http's
// verdict on a response that is not HTTP/1.x: a garbage or HTTP/0.9 status
// line, a header block that is broken or too big, broken chunk framing.
func MalformedResponse(msg string) bool {
	for _, s := range []string{"malformed HTTP", "malformed MIME header", "server response headers exceeded",
		"invalid byte in chunk length", "chunked encoding", "too many transfer encodings"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func isTLS(err error) bool {
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var header tls.RecordHeaderError
	var alert tls.AlertError
	return errors.As(err, &certErr) || errors.As(err, &unknownCA) || errors.As(err, &hostErr) ||
		errors.As(err, &invalid) || errors.As(err, &header) || errors.As(err, &alert) ||
		strings.Contains(err.Error(), "tls: ") || strings.Contains(err.Error(), "x509: ")
}
