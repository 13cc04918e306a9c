package extract

import (
	"net/url"
	"strings"
)

// PrimarySubtag is a language tag's primary subtag in lower case ("fr-FR" ->
// "fr"); "x-default" stays whole.
func PrimarySubtag(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if tag == "x-default" {
		return tag
	}
	first, _, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
	return first
}

// langTag reports whether s looks like a language tag: a primary subtag of 2
// or 3 letters and at most two subtags of 2 to 4 letters or digits ("fr",
// "fil", "pt-br", "zh-hans").
func langTag(s string) bool {
	parts := strings.Split(strings.ReplaceAll(s, "_", "-"), "-")
	if len(parts) > 3 || !letters(parts[0], 2, 3) {
		return false
	}
	for _, p := range parts[1:] {
		if !alnum(p, 2, 4) {
			return false
		}
	}
	return true
}

// pathLang is the language of a first path segment of two letters, with or
// without a region ("/fr/...", "/fr-ca", "/en"); "" otherwise.
func pathLang(p string) string {
	seg := firstSegment(p)
	first, region, hasRegion := strings.Cut(strings.ReplaceAll(seg, "_", "-"), "-")
	if !letters(first, 2, 2) || hasRegion && !alnum(region, 2, 4) {
		return ""
	}
	return strings.ToLower(first)
}

func firstSegment(p string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	return seg
}

// frontPage reports whether u is a site's or a language's front page: a path
// of "/", "/xx" or "/xx/" (pathLang), optionally ending in an index file, and
// a query that names no page (only a language parameter, if any).
func frontPage(u *url.URL) bool {
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if n := len(segs); n > 0 && indexFile(segs[n-1]) {
		segs = segs[:n-1]
	}
	switch {
	case len(segs) > 1:
		return false
	case len(segs) == 1 && segs[0] != "" && pathLang(segs[0]) == "":
		return false
	}
	return onlyLangQuery(u.Query())
}

func indexFile(seg string) bool {
	seg = strings.ToLower(seg)
	return strings.HasPrefix(seg, "index.") || strings.HasPrefix(seg, "default.")
}

// onlyLangQuery reports whether a query holds nothing but a language choice
// (WPML's and Polylang's ?lang=fr): "/?p=12&lang=fr" is a post, not a front page.
func onlyLangQuery(q url.Values) bool {
	for k := range q {
		switch strings.ToLower(k) {
		case "lang", "language", "locale", "hl":
		default:
			return false
		}
	}
	return true
}

func letters(s string, minLen, maxLen int) bool {
	if len(s) < minLen || len(s) > maxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func alnum(s string, minLen, maxLen int) bool {
	if len(s) < minLen || len(s) > maxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; (c < 'a' || c > 'z') && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}
