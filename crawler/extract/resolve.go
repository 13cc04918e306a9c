package extract

import (
	"net/url"
	"strings"
)

// resolve returns raw resolved against base, or raw as written (whitespace
// trimmed) when it is not a fetchable reference or does not parse.
func resolve(base *url.URL, raw string) string {
	ref := cleanRef(raw)
	if !fetchable(ref) {
		return ref
	}
	u, err := parseLenient(ref)
	if err != nil {
		return ref
	}
	if base == nil {
		if !u.IsAbs() {
			return ref
		}
		base = &url.URL{} // still remove dot segments
	}
	return base.ResolveReference(u).String()
}

// cleanRef strips leading and trailing ASCII whitespace and removes tabs and
// newlines inside, as browsers do before parsing a URL attribute.
func cleanRef(raw string) string {
	s := strings.Trim(raw, " \t\n\f\r")
	if !strings.ContainsAny(s, "\t\n\r") {
		return backslashes(s)
	}
	return backslashes(removeTabsAndNewlines(s))
}

// backslashes turns '\' into '/' before the query, as the URL Standard does
// for http(s) and relative references ("\img\a.png" is "/img/a.png").
func backslashes(s string) string {
	end := strings.IndexAny(s, "?#")
	if end < 0 {
		end = len(s)
	}
	if !strings.Contains(s[:end], "\\") || !specialOrRelative(s) {
		return s
	}
	return strings.ReplaceAll(s[:end], "\\", "/") + s[end:]
}

func specialOrRelative(ref string) bool {
	switch strings.ToLower(scheme(ref)) {
	case "", "http", "https", "ws", "wss", "ftp", "file":
		return true
	}
	return false
}

func removeTabsAndNewlines(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
}

// fetchable reports whether ref names something a crawler could fetch.
func fetchable(ref string) bool {
	if ref == "" || ref[0] == '#' {
		return false
	}
	switch strings.ToLower(scheme(ref)) {
	case "javascript", "mailto", "tel", "data":
		return false
	}
	return true
}

// scheme returns the RFC 3986 scheme of ref, or "" if it has none.
func scheme(ref string) string {
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return ref[:i]
		default:
			return ""
		}
	}
	return ""
}

// parseLenient parses ref, first as is, then with stray '%' signs escaped
// (browsers accept "100%.html"; net/url does not).
func parseLenient(ref string) (*url.URL, error) {
	u, err := url.Parse(ref)
	if err == nil || !strings.Contains(ref, "%") {
		return u, err
	}
	return url.Parse(escapeStrayPercent(ref))
}

// escapeStrayPercent replaces each '%' not followed by two hex digits by "%25".
func escapeStrayPercent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && !(i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])) {
			b.WriteString("%25")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
