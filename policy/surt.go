package policy

import (
	"net/url"
	"slices"
	"strings"
)

// SURT returns the index key of u exactly as warcio.js 2.4.11's getSurt
// (used by ReplayWeb.page and warcio's CDXJ indexer) computes it from
// CanonicalString(u). The rules:
//
//  1. Scheme, userinfo and fragment are left out; a default port is
//     already gone from the canonical form.
//  2. The host, path and query are lower-cased, percent escapes included
//     ("%C2%A0" -> "%c2%a0").
//  3. A leading "www" label with optional digits ("www.", "www2.") is
//     removed from the host.
//  4. The host's labels are reversed and joined with ","
//     ("minusma.unmissions.org" -> "org,unmissions,minusma"); an IPv4
//     address is reversed the same way; an IPv6 literal keeps its brackets.
//  5. A non-default port follows as ":8001", then ")" and the path
//     (trailing slash kept).
//  6. A query follows as "?" and its '&'-separated arguments sorted as
//     plain strings (byte order, which for the all-ASCII canonical query is
//     JavaScript's order), nothing re-encoded; empty arguments are kept.
//
// Example: https://www.Example.org:8001/A%c2%a0?b=2&a=1 -> "org,example:8001)/a%c2%a0?a=1&b=2".
//
// Differences from pywb's python surt: the trailing slash of a path is kept,
// session ids are not stripped, arguments sort as whole "name=value"
// strings, and non-ASCII hosts stay percent-encoded instead of punycode.
func SURT(u *url.URL) string {
	if u == nil {
		return ""
	}
	p := partsOf(u)
	var b strings.Builder
	b.WriteString(surtHost(strings.ToLower(escapeHost(p.host))))
	if p.port != "" {
		b.WriteString(":" + p.port)
	}
	b.WriteString(")" + strings.ToLower(p.path))
	if p.query != "" {
		args := strings.Split(strings.ToLower(p.query), "&")
		slices.Sort(args)
		b.WriteString("?" + strings.Join(args, "&"))
	}
	return b.String()
}

// surtHost strips a leading www\d*. label and reverses the labels.
func surtHost(h string) string {
	h = stripWWW(h)
	if strings.HasPrefix(h, "[") {
		return h
	}
	labels := strings.Split(h, ".")
	slices.Reverse(labels)
	return strings.Join(labels, ",")
}

// stripWWW removes a leading "www" label with optional digits: "www2.x.org"
// -> "x.org", "www.org" -> "org"; "wwwx.org" stays.
func stripWWW(h string) string {
	rest, ok := strings.CutPrefix(h, "www")
	if !ok {
		return h
	}
	rest = strings.TrimLeft(rest, "0123456789")
	if after, ok := strings.CutPrefix(rest, "."); ok {
		return after
	}
	return h
}
