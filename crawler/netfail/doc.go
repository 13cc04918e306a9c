// Package netfail classifies a fetch's transport error once, for the
// crawler, the link checker and the reports: Kind is why the fetch got no
// answer (a policy.ErrKind: dns, refused, tls, timeout, reset...), which the
// crawler maps to crawl.log's negative statuses and the link report to its
// classes; Cause is that failure as the network said it, for people
// ("connection refused", "tls: failed to verify certificate: ...").
//
// Both read the error's types (net.DNSError, syscall errnos, crypto/tls and
// crypto/x509 errors, timeouts) through its whole chain. Text is read only
// where the standard library gives no type: net/http's verdicts on an answer
// that is not HTTP/1.x, and crypto/tls's untyped "tls: " errors.
package netfail
