package policy

import "testing"

// TestRetryRuleFor: connection trouble, 429 and 502/503/504 are retried
// with backoff, a timeout once, a malformed answer and other 4xx/5xx never.
func TestRetryRuleFor(t *testing.T) {
	tests := []struct {
		kind       ErrKind
		status     int
		retryAfter bool
		name       string
		retries    int // of at most 3
		ok         bool
	}{
		{ErrRefused, -2, false, "refused", 3, true},
		{ErrReset, -3, false, "reset", 3, true},
		{ErrDNS, -1, false, "dns", 3, true},
		{ErrTimeout, -4, false, "timeout", 1, true},
		{ErrMalformed, -3, false, "malformed", 0, true},
		{ErrTLS, -2, false, "tls", 0, true},
		{ErrNone, 429, false, "429", 3, true},
		{ErrNone, 502, false, "502", 3, true},
		{ErrNone, 503, true, "503", 3, true},
		{ErrNone, 504, false, "504", 3, true},
		{ErrNone, 500, true, "retry-after", 3, true},
		{ErrNone, 500, false, "500", 0, true},
		{ErrNone, 404, false, "404", 0, true},
		{ErrNone, 200, false, "", 0, false},
		{ErrNone, 302, false, "", 0, false},
	}
	for _, tt := range tests {
		r, ok := RetryRuleFor(tt.kind, tt.status, tt.retryAfter)
		if r.Name != tt.name || ok != tt.ok || r.Retries(3) != tt.retries {
			t.Errorf("RetryRuleFor(%q, %d, %v) = %+v %v (%d retries), want %s %v (%d)", tt.kind, tt.status, tt.retryAfter,
				r, ok, r.Retries(3), tt.name, tt.ok, tt.retries)
		}
	}
	if n := (RetryRule{Budget: RetryOnce}).Retries(0); n != 0 {
		t.Errorf("RetryOnce with retries off: %d", n)
	}
}
