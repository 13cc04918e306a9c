package verify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"

	"github.com/salvage-archive/salvage/policy"
)

// TestErrKindByType: the kinds come from the error's type, wrapped as
// net/http wraps them; only ECONNREFUSED is refused.
func TestErrKindByType(t *testing.T) {
	get := func(err error) error { return &url.Error{Op: "Get", URL: "http://radio.example:8001/", Err: err} }
	dial := func(errno syscall.Errno) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", errno)}
	}
	read := func(errno syscall.Errno) error {
		return &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", errno)}
	}
	tests := []struct {
		name string
		err  error
		want policy.ErrKind
	}{
		{"dns", get(&net.DNSError{Err: "no such host", Name: "radio.invalid", IsNotFound: true}), policy.ErrDNS},
		{"refused", get(dial(syscall.ECONNREFUSED)), policy.ErrRefused},
		{"host unreachable", get(dial(syscall.EHOSTUNREACH)), policy.ErrNoRoute},
		{"network unreachable", get(dial(syscall.ENETUNREACH)), policy.ErrNoRoute},
		{"accepted then reset in the dial", get(dial(syscall.ECONNRESET)), policy.ErrReset},
		{"reset before the answer", get(read(syscall.ECONNRESET)), policy.ErrReset},
		{"closed before the answer", get(io.EOF), policy.ErrReset},
		{"closed in the header", get(fmt.Errorf("net/http: HTTP/1.x transport connection broken: %w", io.ErrUnexpectedEOF)), policy.ErrReset},
		{"deadline", get(context.DeadlineExceeded), policy.ErrTimeout},
		{"private", get(fmt.Errorf("dial: %w", ErrPrivateAddress)), policy.ErrPrivate},
		{"malformed", get(errors.New(`net/http: HTTP/1.x transport connection broken: malformed HTTP status code "x"`)), policy.ErrMalformed},
	}
	for _, tt := range tests {
		if got := errKind(tt.err); got != tt.want {
			t.Errorf("%s: errKind(%v) = %q, want %q", tt.name, tt.err, got, tt.want)
		}
	}
}
