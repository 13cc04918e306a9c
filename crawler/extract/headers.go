package extract

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// Headers returns the links a response's headers name: every Link header
// target (RFC 8288; rel=preload and rel=stylesheet are embeds, everything
// else, such as canonical, alternate hreflang, next and prev, a link), the
// Content-Location and the Refresh target. Location is left to the caller
// (it is a redirect hop). Element is "http"; Attr is the Link rel, or the
// header name in lower case.
func Headers(h http.Header, base *url.URL) []Link {
	var set linkSet
	for _, v := range h.Values("Link") {
		for _, l := range parseLinkHeader(v) {
			hop, _ := linkRel(l.rel)
			if hop == 0 {
				hop = policy.HopLink
			}
			addHeaderLink(&set, l.target, hop, firstRel(l.rel), base)
		}
	}
	if v := h.Get("Content-Location"); v != "" {
		addHeaderLink(&set, v, policy.HopLink, "content-location", base)
	}
	if target, ok := refreshURL(h.Get("Refresh")); ok {
		addHeaderLink(&set, target, policy.HopLink, "refresh", base)
	}
	return set.links
}

func addHeaderLink(set *linkSet, raw string, hop policy.Hop, attr string, base *url.URL) {
	u, err := base.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return
	}
	u.Fragment = ""
	set.add(Link{URL: u.String(), Hop: hop, Element: "http", Attr: attr})
}

func firstRel(rel string) string {
	f := strings.Fields(strings.ToLower(rel))
	if len(f) == 0 {
		return "link"
	}
	return f[0]
}

type linkValue struct{ target, rel string }

// parseLinkHeader splits one Link header value into its link-values:
// `<uri>; param=value; param="quoted, value", <uri2>; ...`.
func parseLinkHeader(v string) []linkValue {
	var out []linkValue
	for {
		start := strings.IndexByte(v, '<')
		if start < 0 {
			return out
		}
		end := strings.IndexByte(v[start:], '>')
		if end < 0 {
			return out
		}
		lv := linkValue{target: v[start+1 : start+end]}
		v = v[start+end+1:]
		params, rest := splitParams(v)
		lv.rel = params["rel"]
		out = append(out, lv)
		v = rest
	}
}

// splitParams reads `; name=value` parameters up to the comma that ends a
// link-value, honouring quoted strings.
func splitParams(v string) (map[string]string, string) {
	params := map[string]string{}
	for {
		v = strings.TrimLeft(v, " \t")
		if !strings.HasPrefix(v, ";") {
			if i := strings.IndexByte(v, ','); i >= 0 && !strings.Contains(v[:i], "<") {
				return params, v[i+1:]
			}
			return params, v
		}
		v = strings.TrimLeft(v[1:], " \t")
		name, val, rest := param(v)
		params[strings.ToLower(name)] = val
		v = rest
	}
}

// param reads one name[=value] parameter.
func param(v string) (name, val, rest string) {
	i := strings.IndexAny(v, "=;,")
	if i < 0 {
		return strings.TrimSpace(v), "", ""
	}
	name = strings.TrimSpace(v[:i])
	if v[i] != '=' {
		return name, "", v[i:]
	}
	v = strings.TrimLeft(v[i+1:], " \t")
	if strings.HasPrefix(v, `"`) {
		if j := strings.IndexByte(v[1:], '"'); j >= 0 {
			return name, v[1 : j+1], v[j+2:]
		}
		return name, v[1:], ""
	}
	j := strings.IndexAny(v, ";,")
	if j < 0 {
		return name, strings.TrimSpace(v), ""
	}
	return name, strings.TrimSpace(v[:j]), v[j:]
}

// RetryAfter reads a Retry-After header value: delta seconds or an HTTP
// date (a date in the past is zero).
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
