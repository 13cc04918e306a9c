package policy

import "fmt"

// RetryBudget is how many times a failed fetch may be tried again.
type RetryBudget int

// Retry budgets.
const (
	RetryNone    RetryBudget = iota // not retried: the same request gets the same answer
	RetryOnce                       // at most one retry: a second wait may end the same way
	RetryBackoff                    // up to the crawl's retry limit, with a growing wait
)

// RetryRule is the rule that decides whether a fetch is tried again: Name
// says it in crawl.log ("retry:refused", "no-retry:malformed").
type RetryRule struct {
	Name   string
	Budget RetryBudget
}

// retryByFailure is the rule of a fetch that got no answer, by why.
var retryByFailure = map[ErrKind]RetryRule{
	ErrRefused:   {"refused", RetryBackoff},  // nothing listens yet: a restart, a deploy
	ErrReset:     {"reset", RetryBackoff},    // the connection dropped before an answer
	ErrDNS:       {"dns", RetryBackoff},      // a resolver hiccup
	ErrNoRoute:   {"no-route", RetryBackoff}, // a route that comes and goes
	ErrTimeout:   {"timeout", RetryOnce},     // a server that held the fetch that long may again
	ErrMalformed: {"malformed", RetryNone},   // a bad status line, HTTP/0.9, oversized or endless headers, broken framing
	ErrTLS:       {"tls", RetryNone},         // a certificate or handshake the server will offer again
	ErrPrivate:   {"private", RetryNone},     // nothing was sent
}

// retryByStatus is the rule of an HTTP answer that asks for a retry.
var retryByStatus = map[int]RetryRule{
	429: {"429", RetryBackoff}, // too many requests: the host is paused too
	502: {"502", RetryBackoff}, // bad gateway: a proxy in front of a restarting server
	503: {"503", RetryBackoff}, // unavailable
	504: {"504", RetryBackoff}, // gateway timeout
}

// RetryRuleFor is the rule for a fetch that failed with kind (ErrNone when
// it got an answer) or answered status; retryAfter: the answer carried a
// Retry-After header. Another 5xx with a Retry-After is retried as the
// server asks; any other 4xx or 5xx is not retried. ok is false for an
// answer no rule is about (a 2xx, a 3xx).
func RetryRuleFor(kind ErrKind, status int, retryAfter bool) (rule RetryRule, ok bool) {
	if kind != ErrNone {
		if r, ok := retryByFailure[kind]; ok {
			return r, true
		}
		return RetryRule{string(kind), RetryNone}, true
	}
	if r, ok := retryByStatus[status]; ok {
		return r, true
	}
	switch {
	case status >= 500 && retryAfter:
		return RetryRule{"retry-after", RetryBackoff}, true
	case status >= 400:
		return RetryRule{fmt.Sprint(status), RetryNone}, true
	}
	return RetryRule{}, false
}

// Retries is how many retries the rule allows when the crawl allows max.
func (r RetryRule) Retries(max int) int {
	switch r.Budget {
	case RetryBackoff:
		return max
	case RetryOnce:
		return min(1, max)
	}
	return 0
}
