package policy

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// LinkClass is the health of one link target, as `salvage verify` reports
// it. LinkRules.Classify decides it from an Observation.
type LinkClass string

// Link classes, in the order LinkClasses lists them.
const (
	ClassOK               LinkClass = "ok"                 // 2xx without a redirect
	ClassRedirected       LinkClass = "redirected"         // 2xx after one or more redirects
	ClassNotFound         LinkClass = "not-found"          // 404, 410 and the other 4xx no rule claims
	ClassServerError      LinkClass = "server-error"       // 5xx, a redirect loop, a chain ending on a 3xx
	ClassTooManyRedirects LinkClass = "too-many-redirects" // a redirect chain longer than the limit (20 in a crawl, as browsers and wget)
	ClassUnreachable      LinkClass = "unreachable"        // the host name does not resolve, or no route leads to it
	ClassRefused          LinkClass = "refused"            // the connection was refused: nothing listens on the port
	ClassEmptyReply       LinkClass = "empty-reply"        // the host accepted the connection and closed it without an answer
	ClassTLSError         LinkClass = "tls-error"          // the TLS handshake or certificate failed
	ClassTimeout          LinkClass = "timeout"            // no answer in time
	ClassSoft404          LinkClass = "soft-404"           // a 2xx that is really a "not found" page
	ClassLoginWall        LinkClass = "login-wall"         // the content is behind a login
	ClassBotBlocked       LinkClass = "bot-blocked"        // the host refuses crawlers (403, 429, 999, challenges)
	ClassRobotsExcluded   LinkClass = "robots-excluded"    // robots.txt forbids checking it
	ClassStream           LinkClass = "stream"             // an endless stream (internet radio) that answered
	ClassNotChecked       LinkClass = "not-checked"        // no request was made
	ClassMalformed        LinkClass = "malformed"          // the URL or the response could not be parsed
	ClassBlockedPrivate   LinkClass = "blocked-private"    // the host resolves to a private or loopback address
)

// LinkClasses returns every link class, in the documented order.
func LinkClasses() []LinkClass {
	return []LinkClass{
		ClassOK, ClassRedirected, ClassNotFound, ClassServerError, ClassTooManyRedirects, ClassUnreachable, ClassRefused, ClassEmptyReply,
		ClassTLSError, ClassTimeout, ClassSoft404, ClassLoginWall, ClassBotBlocked, ClassRobotsExcluded,
		ClassStream, ClassNotChecked, ClassMalformed, ClassBlockedPrivate,
	}
}

// Problem reports whether a link of class c deserves attention: false for
// ok, redirected, not-checked and stream (the link works, or nobody asked),
// true for every other class, unknown ones included. `--fail-on problems`
// fails on these.
func (c LinkClass) Problem() bool {
	switch c {
	case ClassOK, ClassRedirected, ClassNotChecked, ClassStream:
		return false
	}
	return true
}

// known reports whether c is one of LinkClasses.
func (c LinkClass) known() bool {
	return slices.Contains(LinkClasses(), c)
}

// ParseClasses parses a comma-separated list of link classes, as
// `--fail-on not-found,server-error` gives it. "problems" stands for every
// class whose Problem is true; "none", alone, for the empty list. The result
// is in LinkClasses order, without duplicates.
func ParseClasses(csv string) ([]LinkClass, error) {
	want := map[LinkClass]bool{}
	names := strings.Split(csv, ",")
	for _, name := range names {
		name = strings.ToLower(strings.TrimSpace(name))
		switch {
		case name == "none" && len(names) == 1:
		case name == "problems":
			for _, c := range LinkClasses() {
				want[c] = want[c] || c.Problem()
			}
		case LinkClass(name).known():
			want[LinkClass(name)] = true
		default:
			return nil, fmt.Errorf("link class %q: want a comma-separated list of %s, \"problems\" or \"none\"", name, classNames())
		}
	}
	return slices.DeleteFunc(LinkClasses(), func(c LinkClass) bool { return !want[c] }), nil
}

func classNames() string {
	names := make([]string, 0, 16)
	for _, c := range LinkClasses() {
		names = append(names, string(c))
	}
	return strings.Join(names, ", ")
}

// FeedState is what became of an embedded third-party feed or widget.
type FeedState string

// Feed states.
const (
	FeedLive         FeedState = "live"         // its URL and scripts answer
	FeedClosed       FeedState = "closed"       // it shows a "closed" marker, or its URL or a script is gone
	FeedUnverifiable FeedState = "unverifiable" // a login wall or a bot block hides it, or it was not checked
)

// ErrKind is why a fetch got no usable response.
type ErrKind string

// Error kinds of an Observation.
const (
	ErrNone             ErrKind = ""
	ErrDNS              ErrKind = "dns"                // the host name did not resolve
	ErrNoRoute          ErrKind = "no-route"           // no route to the host's address (host or network unreachable)
	ErrRefused          ErrKind = "refused"            // connection refused (ECONNREFUSED): nothing listens
	ErrTLS              ErrKind = "tls"                // handshake or certificate failure
	ErrTimeout          ErrKind = "timeout"            // connect, header or body timeout
	ErrReset            ErrKind = "reset"              // the connection was accepted, then closed or reset before an answer: an empty reply
	ErrMalformed        ErrKind = "malformed"          // unparsable URL or response
	ErrRobots           ErrKind = "robots"             // robots.txt forbids the fetch; nothing was sent
	ErrPrivate          ErrKind = "private"            // the host resolves to a private address; nothing was sent
	ErrTooManyRedirects ErrKind = "too-many-redirects" // the redirect limit was reached
)

// ObservedHop is one request of a fetch chain.
type ObservedHop struct {
	URL      string
	Status   int    // 0: no response
	Location string // the Location header of a 3xx, as sent (may be relative)
}

// Observation is everything a link checker saw when it fetched one URL; it
// is Classify's input.
type Observation struct {
	URL string // the link target as linked (absolute)
	// Chain holds every request made, in order, the last one included (with
	// Status 0 if it got no response). It may be empty when there was a
	// single request.
	Chain       []ObservedHop
	Status      int // the final status; 0 when there was no response
	ContentType string
	Header      map[string]string // the final response's headers, lower-case names
	// Body is the first 64 KiB or less of the final body as decoded text;
	// empty after a HEAD.
	Body         string
	Err          ErrKind
	Stream       bool // the final response is an endless stream (its body never ended)
	RedirectLoop bool // the chain came back to a URL it had already requested
	Probe        *Probe
}

// Probe is the result of fetching a random sibling of the target on the
// same host (such as /en/salvage-probe-8f3k2), which cannot exist: if it
// answers 2xx with the target's page, the target's 2xx proves nothing.
type Probe struct {
	URL      string
	Status   int    // final status
	FinalURL string // after redirects
	Body     string // first 64 KiB or less, decoded text
}

// classifyFailure classifies an observation that got no usable answer:
// a stream (it wins over the timeout or reset that ends reading it), a
// redirect loop, or an error kind. ok is false for everything else.
func classifyFailure(o Observation) (class LinkClass, evidence string, ok bool) {
	switch {
	case o.Stream && (o.Err == ErrNone || o.Err == ErrTimeout || o.Err == ErrReset):
		return ClassStream, fmt.Sprintf("stream: %s answered %s without an end", hostOf(attemptedURL(o)), orUnknown(o.ContentType)), true
	case o.RedirectLoop:
		return ClassServerError, "redirect-loop: " + loopPath(o), true
	case o.Err != ErrNone:
		class, evidence = errClass(o.Err, attemptedURL(o), len(redirectsOf(o)))
		return class, evidence, true
	}
	return "", "", false
}

// errClass maps an error kind to its class and evidence; target is the
// URL that failed and redirects the number of redirects before it.
func errClass(k ErrKind, target string, redirects int) (LinkClass, string) {
	host := hostOf(target)
	switch k {
	case ErrPrivate:
		return ClassBlockedPrivate, "private: " + host + " resolves to a private or loopback address"
	case ErrRobots:
		return ClassRobotsExcluded, "robots: the robots.txt of " + host + " disallows " + target
	case ErrDNS:
		return ClassUnreachable, "dns: " + host + " does not resolve"
	case ErrNoRoute:
		return ClassUnreachable, "no-route: no route to " + host
	case ErrRefused:
		return ClassRefused, "refused: " + host + " refused the connection"
	case ErrReset:
		return ClassEmptyReply, "empty-reply: " + host + " accepted the connection and closed it without answering"
	case ErrTLS:
		return ClassTLSError, "tls: the TLS handshake with " + host + " failed"
	case ErrTimeout:
		return ClassTimeout, "timeout: " + host + " did not answer in time"
	case ErrMalformed:
		return ClassMalformed, fmt.Sprintf("malformed: %q or its response could not be parsed", target)
	case ErrTooManyRedirects:
		return ClassTooManyRedirects, fmt.Sprintf("too-many-redirects: gave up after %d redirects at %s", redirects, target)
	}
	return ClassUnreachable, fmt.Sprintf("error: %s fetching %s", k, target)
}

// classifyStatus classifies by the final status alone, once no rule
// matched: 2xx ok or redirected, a final 3xx and 5xx server-error, 4xx
// not-found (403, 429, 401 and 407 are claimed by rules first), no status
// not-checked, anything outside 200-599 malformed.
func classifyStatus(o Observation) (LinkClass, string) {
	s := o.Status
	switch {
	case s == 0:
		return ClassNotChecked, "status: no response recorded"
	case s >= 200 && s < 300:
		return okOrRedirected(o)
	case s >= 300 && s < 400:
		return ClassServerError, fmt.Sprintf("status: %d ends the chain without a redirect to follow", s)
	case s >= 400 && s < 500:
		return ClassNotFound, fmt.Sprintf("status: %d", s)
	case s >= 500 && s < 600:
		return ClassServerError, fmt.Sprintf("status: %d", s)
	}
	return ClassMalformed, fmt.Sprintf("status: %d is not a final HTTP status", s)
}

// okOrRedirected tells a direct 2xx from one reached through redirects,
// naming each redirect permanent or temporary.
func okOrRedirected(o Observation) (LinkClass, string) {
	rs := redirectsOf(o)
	if len(rs) == 0 {
		return ClassOK, fmt.Sprintf("status: %d", o.Status)
	}
	kinds := make([]string, len(rs))
	for i, r := range rs {
		kinds[i] = redirectKind(r.status)
	}
	return ClassRedirected, fmt.Sprintf("redirect: %s to %s", strings.Join(kinds, ", "), rs[len(rs)-1].to)
}

func redirectKind(status int) string {
	switch status {
	case 301, 308:
		return fmt.Sprintf("permanent %d", status)
	case 302, 303, 307:
		return fmt.Sprintf("temporary %d", status)
	}
	return fmt.Sprintf("%d", status)
}

// redirect is one redirect of a chain, its target resolved.
type redirect struct {
	status   int
	from, to string
}

// redirectsOf returns the chain's hops that are 3xx with a Location.
func redirectsOf(o Observation) []redirect {
	var rs []redirect
	for _, h := range o.Chain {
		if h.Status >= 300 && h.Status < 400 && h.Location != "" {
			rs = append(rs, redirect{status: h.Status, from: h.URL, to: resolveRef(h.URL, h.Location)})
		}
	}
	return rs
}

// finalURL is where the chain ended up: the last hop's URL, or its
// redirect target if it is a redirect nobody followed.
func finalURL(o Observation) string {
	if len(o.Chain) == 0 {
		return o.URL
	}
	last := o.Chain[len(o.Chain)-1]
	if last.Status >= 300 && last.Status < 400 && last.Location != "" {
		return resolveRef(last.URL, last.Location)
	}
	return last.URL
}

// attemptedURL is the URL of the last request made.
func attemptedURL(o Observation) string {
	if len(o.Chain) == 0 {
		return o.URL
	}
	return o.Chain[len(o.Chain)-1].URL
}

// loopPath spells out a redirect loop: "a -> b -> a".
func loopPath(o Observation) string {
	rs := redirectsOf(o)
	if len(rs) == 0 {
		return "the chain came back to " + o.URL
	}
	steps := []string{rs[0].from}
	for _, r := range rs {
		steps = append(steps, r.to)
	}
	return strings.Join(steps, " -> ")
}

// resolveRef resolves a Location against the URL that sent it; an
// unparsable one is returned as is.
func resolveRef(base, ref string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	r, err := b.Parse(ref)
	if err != nil {
		return ref
	}
	return r.String()
}

// hostOf returns the host (and port) of a URL, or the URL itself when it
// has none.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}

func orUnknown(contentType string) string {
	if contentType == "" {
		return "an unknown type"
	}
	return contentType
}

// urlFacts is what the rules compare of a URL.
type urlFacts struct{ host, path, query string }

// urlParts returns a URL's lower-case host name, escaped path ("/" when
// empty) and raw query; zero for an unparsable URL.
func urlParts(raw string) urlFacts {
	u, err := url.Parse(raw)
	if err != nil {
		return urlFacts{}
	}
	return urlFacts{host: strings.ToLower(u.Hostname()), path: cmp.Or(u.EscapedPath(), "/"), query: u.RawQuery}
}

func hostnameOf(raw string) string { return urlParts(raw).host }

// samePage compares two URLs in canonical form, ignoring a trailing slash.
func samePage(a, b string) bool { return pageKey(a) == pageKey(b) }

func pageKey(raw string) string {
	if u, err := Canonicalize(raw, nil); err == nil {
		raw = u.String()
	}
	return strings.TrimSuffix(raw, "/")
}

// elideQuery shortens a URL for evidence: "https://x/login?..." .
func elideQuery(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[:i+1] + "..."
	}
	return u
}

// clip collapses white space and cuts s to n runes, marking a cut "...".
func clip(s string, n int) string {
	s = collapse(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "..."
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
