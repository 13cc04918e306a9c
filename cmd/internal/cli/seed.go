package cli

import (
	"net"
	"net/url"
	"strings"
)

// BareSeed reads a seed written without a scheme, as wget and curl do:
// "example.org" and "example.org:8080/en" are https URLs. ok is false for
// anything else (a URL with a scheme, a path, mailto:x@y.org), which is
// left to the URL checks.
func BareSeed(s string) (u string, ok bool) {
	if s == "" || strings.Contains(s, "://") || strings.ContainsAny(s, " \t\\@") {
		return "", false
	}
	hostPart, rest := s, ""
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		hostPart, rest = s[:i], s[i:]
	}
	p, err := url.Parse("https://" + hostPart)
	if err != nil || p.Host != hostPart || !looksLikeHost(p.Hostname()) {
		return "", false
	}
	if rest == "" || rest[0] != '/' {
		rest = "/" + rest
	}
	return "https://" + hostPart + rest, true
}

// looksLikeHost: a dotted name, localhost or an IP address.
func looksLikeHost(h string) bool {
	return net.ParseIP(h) != nil || h == "localhost" ||
		(strings.Contains(h, ".") && !strings.HasPrefix(h, ".") && !strings.HasSuffix(h, "."))
}
