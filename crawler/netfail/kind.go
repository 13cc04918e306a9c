package netfail

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

// Kind is why a fetch that failed with err got no answer; policy.ErrNone
// for a nil err. The first match wins:
//
//	private    policy.ErrPrivateAddress: the dialer refused the address, nothing was sent
//	malformed  net/http's verdict on an answer that is not HTTP/1.x (a garbage status line, broken headers)
//	dns        a *net.DNSError: the host name did not resolve
//	refused    ECONNREFUSED: nothing listens on the port
//	no-route   EHOSTUNREACH, ENETUNREACH
//	tls        a handshake or certificate failure (http.ErrSchemeMismatch too: a plain HTTP answer to a handshake)
//	timeout    context.DeadlineExceeded, or a Timeout() error anywhere in the chain
//	no-route   any other failed dial: no connection was made (EADDRNOTAVAIL, EACCES, ...)
//	reset      the rest: the host took the connection and dropped it before an answer (ECONNRESET,
//	           in the dial too, io.EOF, io.ErrUnexpectedEOF, EPIPE): an empty reply
func Kind(err error) policy.ErrKind {
	var dnsErr *net.DNSError
	switch {
	case err == nil:
		return policy.ErrNone
	case errors.Is(err, policy.ErrPrivateAddress):
		return policy.ErrPrivate
	case malformedText(err) != "":
		return policy.ErrMalformed
	case errors.As(err, &dnsErr):
		return policy.ErrDNS
	case errors.Is(err, syscall.ECONNREFUSED):
		return policy.ErrRefused
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return policy.ErrNoRoute
	case isTLS(err):
		return policy.ErrTLS
	case errors.Is(err, context.DeadlineExceeded), timeout(err):
		return policy.ErrTimeout
	case unconnected(err):
		return policy.ErrNoRoute
	}
	return policy.ErrReset
}

// timeout finds a Timeout() error anywhere in err's chain: a *url.Error is
// a net.Error itself, but looks only one level down.
func timeout(err error) bool {
	return find(err, func(e error) bool {
		t, ok := e.(interface{ Timeout() bool })
		return ok && t.Timeout()
	}) != nil
}

// unconnected: a dial failed without a connection (a reset in the dial is
// a connection the host accepted and dropped).
func unconnected(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial" && !errors.Is(err, syscall.ECONNRESET)
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
		errors.Is(err, http.ErrSchemeMismatch) || tlsText(err) != ""
}

// tlsText is the text of the first error in err's chain that crypto/tls or
// crypto/x509 made, "" if none. Most of crypto/tls's errors have no type
// (errors.New("tls: ..."), its unexported alert sent by the peer): their
// "tls: " prefix is how they are told; x509's carry "x509: ".
func tlsText(err error) string {
	e := find(err, func(e error) bool { return strings.HasPrefix(e.Error(), "tls: ") })
	if e == nil {
		e = find(err, func(e error) bool { return strings.HasPrefix(e.Error(), "x509: ") })
	}
	if e == nil {
		return ""
	}
	return e.Error()
}

// malformedText is the text of the deepest error in err's chain that is
// net/http's verdict on a response that is not HTTP/1.x: a garbage or
// HTTP/0.9 status line, a header block that is broken or too big, broken
// chunk framing; "" if none. net/http makes these with fmt.Errorf and
// exports no type or sentinel for them, so their words are all there is.
func malformedText(err error) string {
	text := ""
	find(err, func(e error) bool {
		if malformedResponse(e.Error()) {
			text = e.Error()
		}
		return false
	})
	return text
}

func malformedResponse(msg string) bool {
	for _, s := range []string{"malformed HTTP", "malformed MIME header", "server response headers exceeded",
		"invalid byte in chunk length", "chunked encoding", "too many transfer encodings"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// find walks err's tree (Unwrap() error and Unwrap() []error), depth first
// from err itself, and returns the first error match accepts.
func find(err error, match func(error) bool) error {
	if err == nil {
		return nil
	}
	if match(err) {
		return err
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return find(u.Unwrap(), match)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if f := find(e, match); f != nil {
				return f
			}
		}
	}
	return nil
}
