package crawltest

import (
	"net/url"
	"strings"
)

// canonical writes u the way the manifest lists URLs, which is the form of
// policy.CanonicalString: lower-case scheme and host, default port dropped,
// percent escapes upper-cased, escapes of unreserved bytes decoded, other
// bytes RFC 3986 does not allow literally escaped, dot segments removed,
// empty path "/", fragment and empty "?" dropped, query order kept.
func canonical(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	var b strings.Builder
	b.WriteString(scheme + "://" + strings.ToLower(u.Hostname()))
	if p := u.Port(); p != "" && !(scheme == "http" && p == "80") && !(scheme == "https" && p == "443") {
		b.WriteString(":" + p)
	}
	b.WriteString(removeDots(normalizeEscapes(u.EscapedPath(), isPathByte)))
	if q := normalizeEscapes(u.RawQuery, isQueryByte); q != "" {
		b.WriteString("?" + q)
	}
	return b.String()
}

// canonicalString parses and canonicalises an absolute URL; it returns raw
// unchanged when it does not parse.
func canonicalString(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return canonical(u)
}

// removeDots implements RFC 3986 §5.2.4 for an absolute path; "" -> "/".
func removeDots(p string) string {
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		switch s {
		case ".", "..":
			if s == ".." && len(out) > 0 {
				out = out[:len(out)-1]
			}
			if i == len(segs)-1 {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	return "/" + strings.Join(out, "/")
}

const upperHex = "0123456789ABCDEF"

// normalizeEscapes upper-cases escapes, decodes unreserved ones and escapes
// every byte keep rejects.
func normalizeEscapes(s string, keep func(byte) bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			i += 2
			if isUnreserved(v) {
				b.WriteByte(v)
				continue
			}
			c = v
		} else if c != '%' && keep(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return b.String()
}

func isPathByte(c byte) bool {
	return isUnreserved(c) || strings.IndexByte("!$&'()*+,;=:@/", c) >= 0
}

func isQueryByte(c byte) bool { return c != '\'' && (isPathByte(c) || c == '?') }

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
