package policy

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Sentinel errors of Canonicalize; test with errors.Is.
var (
	// ErrUnsupportedScheme: the URL is not http or https (mailto:, tel:,
	// javascript:, data:, ftp:, ...). Such a link is an outlink, never a fetch.
	ErrUnsupportedScheme = errors.New("unsupported scheme")
	// ErrMalformedURL: the URL is empty, relative without a base, has no
	// host, or cannot be parsed.
	ErrMalformedURL = errors.New("malformed url")
)

const upperHex = "0123456789ABCDEF"

// Canonicalize resolves raw against base (nil when raw must be absolute) and
// returns its canonical form (see CanonicalString). It trims leading and
// trailing C0 controls and spaces, removes tabs and newlines inside (as
// browsers do), treats '\' as '/' before the query, and escapes stray '%'
// and control bytes instead of failing on them.
//
// Only http and https are crawlable: other schemes fail with an error
// wrapping ErrUnsupportedScheme; anything that does not give an http(s) URL
// with a valid host fails with an error wrapping ErrMalformedURL.
// A fragment-only reference ("#main-menu") resolves to base itself.
//
// The returned URL's String() equals CanonicalString of it.
func Canonicalize(raw string, base *url.URL) (*url.URL, error) {
	s := cleanRaw(raw)
	if s == "" {
		return nil, fmt.Errorf("canonicalize %q: empty url: %w", raw, ErrMalformedURL)
	}
	u, err := parseRef(s, base)
	if err != nil {
		return nil, fmt.Errorf("canonicalize %q: %w", raw, err)
	}
	if err := checkHTTPURL(u); err != nil {
		return nil, fmt.Errorf("canonicalize %q: %w", raw, err)
	}
	return partsOf(u).url(), nil
}

// CanonicalString returns u in canonical form, or "" for nil:
//
//   - scheme and host lower-cased (ASCII letters only; non-ASCII host bytes
//     are written percent-encoded, no IDNA/punycode);
//   - the default port dropped (:80 for http, :443 for https), leading zeros
//     of other ports dropped;
//   - an empty userinfo ("http://@host/") dropped;
//   - percent escapes upper-cased, escapes of unreserved characters
//     (ALPHA DIGIT - . _ ~) decoded, every other byte that RFC 3986 does not
//     allow literally percent-encoded (space as %20, and ' in the query, as
//     the WHATWG parser does for http(s));
//   - dot segments removed (after decoding, so %2E%2E counts), "" -> "/";
//   - the fragment dropped, query parameter order kept, an empty "?" dropped.
//
// The output is plain RFC 3986 that the WHATWG parser (colly's) reads back
// unchanged for ASCII hosts, and CanonicalString is idempotent.
func CanonicalString(u *url.URL) string {
	if u == nil {
		return ""
	}
	return partsOf(u).String()
}

// cleanRaw trims what browsers trim around an href and drops the tabs and
// newlines they drop inside it.
func cleanRaw(raw string) string {
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	}
	return s
}

// parseRef parses the cleaned reference and resolves it against base.
func parseRef(s string, base *url.URL) (*url.URL, error) {
	scheme := schemeOf(s)
	switch {
	case scheme != "" && !isHTTPScheme(scheme):
		return nil, fmt.Errorf("%w %q: only http and https are crawlable", ErrUnsupportedScheme, scheme)
	case scheme == "" && base == nil:
		return nil, fmt.Errorf("%w: relative url without a base", ErrMalformedURL)
	case scheme == "" && !isHTTPScheme(base.Scheme):
		return nil, fmt.Errorf("%w %q (of the base url)", ErrUnsupportedScheme, base.Scheme)
	}
	u, err := url.Parse(prepareRef(s, scheme == ""))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedURL, err)
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	return u, nil
}

// schemeOf returns the lower-cased RFC 3986 scheme of s, or "" when s is a
// relative reference.
func schemeOf(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isAlpha(c):
		case i > 0 && (isDigit(c) || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return strings.ToLower(s[:i])
		default:
			return ""
		}
	}
	return ""
}

func isHTTPScheme(s string) bool {
	s = strings.ToLower(s)
	return s == "http" || s == "https"
}

// prepareRef makes what browsers accept acceptable to net/url: it drops the
// fragment, turns '\' into '/' before the query, escapes bad '%' and control
// bytes, and protects a relative path whose first segment has a colon.
func prepareRef(s string, relative bool) string {
	s, _, _ = strings.Cut(s, "#")
	head, query, hasQuery := strings.Cut(s, "?")
	head = strings.ReplaceAll(head, `\`, "/")
	if relative && firstSegmentHasColon(head) {
		head = "./" + head
	}
	if hasQuery {
		head += "?" + query
	}
	return escapeStray(head)
}

func firstSegmentHasColon(path string) bool {
	seg, _, _ := strings.Cut(path, "/")
	return strings.Contains(seg, ":")
}

// escapeStray percent-encodes control bytes and '%' not followed by two hex
// digits, which net/url would reject.
func escapeStray(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && !isEscape(s, i), c < ' ', c == 0x7f:
			writeEscape(&b, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// checkHTTPURL verifies that the resolved u is an absolute http(s) URL with a
// host the WHATWG parser would accept.
func checkHTTPURL(u *url.URL) error {
	if !isHTTPScheme(u.Scheme) {
		return fmt.Errorf("%w %q: only http and https are crawlable", ErrUnsupportedScheme, u.Scheme)
	}
	if u.Opaque != "" || u.Host == "" {
		return fmt.Errorf("%w: missing host", ErrMalformedURL)
	}
	if err := checkHost(u.Hostname()); err != nil {
		return fmt.Errorf("%w: %w", ErrMalformedURL, err)
	}
	if _, err := canonicalPort(u.Port()); err != nil {
		return fmt.Errorf("%w: %w", ErrMalformedURL, err)
	}
	return nil
}

// canonicalPort drops leading zeros and checks the range; "" stays "".
func canonicalPort(p string) (string, error) {
	if p == "" {
		return "", nil
	}
	n, err := strconv.ParseUint(p, 10, 16)
	if err != nil {
		return p, fmt.Errorf("bad port %q", p)
	}
	return strconv.FormatUint(n, 10), nil
}

// canonParts is a URL in canonical form. path and query are escaped as they
// are written; host holds raw bytes (escapeHost writes it); user is written
// by url.Userinfo.
type canonParts struct {
	scheme, host, port, path, query string
	user                            *url.Userinfo
}

func partsOf(u *url.URL) canonParts {
	scheme := strings.ToLower(u.Scheme)
	return canonParts{
		scheme: scheme,
		user:   canonicalUser(u.User),
		host:   canonicalHost(u.Hostname()),
		port:   portOf(scheme, u.Port()),
		path:   canonicalPath(pathOf(u)),
		query:  normalizeEscapes(u.RawQuery, isQueryByte),
	}
}

// pathOf returns u's escaped path; an opaque URL's opaque part stands in.
func pathOf(u *url.URL) string {
	if u.Opaque != "" {
		return u.Opaque
	}
	return u.EscapedPath()
}

// canonicalUser drops an empty userinfo and an empty password.
func canonicalUser(ui *url.Userinfo) *url.Userinfo {
	if ui == nil {
		return nil
	}
	pw, _ := ui.Password()
	switch {
	case pw != "":
		return ui
	case ui.Username() != "":
		return url.User(ui.Username())
	}
	return nil
}

// portOf returns the port to write, "" for a scheme's default port.
func portOf(scheme, port string) string {
	p, _ := canonicalPort(port)
	if (scheme == "http" && p == "80") || (scheme == "https" && p == "443") {
		return ""
	}
	return p
}

// canonicalPath normalises escapes, then removes dot segments.
func canonicalPath(escaped string) string {
	return removeDotSegments(normalizeEscapes(escaped, isPathByte))
}

// removeDotSegments implements RFC 3986 §5.2.4 for a path with authority:
// the result starts with "/".
func removeDotSegments(p string) string {
	if strings.HasPrefix(p, "/") && !hasDotSegment(p) {
		return p // most paths: nothing to remove, nothing to allocate
	}
	p = strings.TrimPrefix(p, "/")
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
			continue
		}
		if last {
			out = append(out, "")
		}
	}
	return "/" + strings.Join(out, "/")
}

// hasDotSegment reports whether a "." or ".." segment is in p.
func hasDotSegment(p string) bool {
	for p != "" {
		seg, rest, _ := strings.Cut(p, "/")
		if seg == "." || seg == ".." {
			return true
		}
		p = rest
	}
	return false
}

// normalizeEscapes upper-cases percent escapes, decodes those of unreserved
// characters and percent-encodes every byte that keep rejects (a '%' that
// does not start an escape becomes %25).
func normalizeEscapes(s string, keep func(byte) bool) string {
	if allKept(s, keep) {
		return s // no escape and nothing to escape: the common case, without a copy
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isEscape(s, i) {
			writeNormalEscape(&b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		if c != '%' && keep(c) {
			b.WriteByte(c)
			continue
		}
		writeEscape(&b, c)
	}
	return b.String()
}

// allKept reports whether every byte of s is one keep accepts and none is '%'.
func allKept(s string, keep func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '%' || !keep(c) {
			return false
		}
	}
	return true
}

func writeNormalEscape(b *strings.Builder, v byte) {
	if isUnreserved(v) {
		b.WriteByte(v)
		return
	}
	writeEscape(b, v)
}

func writeEscape(b *strings.Builder, c byte) {
	b.WriteByte('%')
	b.WriteByte(upperHex[c>>4])
	b.WriteByte(upperHex[c&15])
}

// isEscape reports whether s[i] starts a well-formed percent escape.
func isEscape(s string, i int) bool {
	return s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
}

// isPathByte: the bytes RFC 3986 allows literally in a path (pchar and '/').
func isPathByte(c byte) bool {
	return isUnreserved(c) || isSubDelim(c) || c == ':' || c == '@' || c == '/'
}

// isQueryByte: RFC 3986 query bytes except the apostrophe, which the WHATWG
// parser escapes in http(s) queries (so colly's re-parse leaves ours as is).
func isQueryByte(c byte) bool {
	return c != '\'' && (isPathByte(c) || c == '?')
}

func isSubDelim(c byte) bool {
	switch c {
	case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=':
		return true
	}
	return false
}

func isUnreserved(c byte) bool {
	return isAlpha(c) || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~'
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// String writes the parts as an RFC 3986 URL.
func (p canonParts) String() string {
	var b strings.Builder
	b.WriteString(p.scheme)
	b.WriteString("://")
	if p.user != nil {
		b.WriteString(p.user.String())
		b.WriteByte('@')
	}
	b.WriteString(escapeHost(p.host))
	if p.port != "" {
		b.WriteByte(':')
		b.WriteString(p.port)
	}
	b.WriteString(p.path)
	if p.query != "" {
		b.WriteByte('?')
		b.WriteString(p.query)
	}
	return b.String()
}

// hostPort is the written host and (non-default) port.
func (p canonParts) hostPort() string {
	if p.port == "" {
		return escapeHost(p.host)
	}
	return escapeHost(p.host) + ":" + p.port
}

// url returns the parts as a *url.URL whose String() is p.String().
func (p canonParts) url() *url.URL {
	host := p.host
	if p.port != "" {
		host += ":" + p.port
	}
	path, err := url.PathUnescape(p.path)
	if err != nil {
		path = p.path // unreachable: p.path holds only well-formed escapes
	}
	return &url.URL{Scheme: p.scheme, User: p.user, Host: host, Path: path, RawPath: p.path, RawQuery: p.query}
}
