package extract

import "strings"

// refreshURL returns the URL of a <meta http-equiv=refresh> content value
// ("5; url='/next'"), following the HTML "shared declarative refresh steps".
// It reports false when the value is malformed or names no URL (a plain
// reload of the same page).
func refreshURL(content string) (string, bool) {
	s := strings.TrimLeft(content, " \t\n\f\r")
	rest := strings.TrimLeft(s, "0123456789")
	if rest == s && !strings.HasPrefix(rest, ".") {
		return "", false
	}
	rest = strings.TrimLeft(rest, "0123456789.")
	if rest != "" && !strings.ContainsRune("; ,\t\n\f\r", rune(rest[0])) {
		return "", false
	}
	rest = strings.TrimLeft(rest, " \t\n\f\r")
	if rest != "" && (rest[0] == ';' || rest[0] == ',') {
		rest = rest[1:]
	}
	rest = strings.TrimLeft(rest, " \t\n\f\r")
	rest = stripURLEquals(rest)
	rest = unquote(rest)
	return rest, rest != ""
}

// stripURLEquals removes a leading "url =" (any case, optional spaces).
func stripURLEquals(s string) string {
	if len(s) < 3 || !strings.EqualFold(s[:3], "url") {
		return s
	}
	rest := strings.TrimLeft(s[3:], " \t\n\f\r")
	if !strings.HasPrefix(rest, "=") {
		return s
	}
	return strings.TrimLeft(rest[1:], " \t\n\f\r")
}

// unquote drops a leading quote and everything from its closing quote on.
func unquote(s string) string {
	if s == "" || (s[0] != '\'' && s[0] != '"') {
		return s
	}
	q := s[0]
	s = s[1:]
	if i := strings.IndexByte(s, q); i >= 0 {
		s = s[:i]
	}
	return s
}
