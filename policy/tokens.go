package policy

import (
	"regexp"
	"strings"
)

// PerRequestTokens are the names of form fields and meta tags whose value a
// server makes anew for every response (CSRF tokens, form build ids, view
// state): two views of an unchanged page differ in them. Matched
// case-insensitively; a name ending in "*" is a prefix, one starting with
// "*" a suffix: whatever is named a token is one.
var PerRequestTokens = []string{
	"*token",                   // Drupal's form_token and theme_token, Rails' authenticity_token, Laravel's _token, ASP.NET's __RequestVerificationToken
	"form_build_id",            // Drupal
	"csrf*", "_csrf*", "xsrf*", // Django's csrfmiddlewaretoken, generic
	"__viewstate*", "__eventvalidation", // ASP.NET
	"*nonce", // WordPress' _wpnonce, CSP
}

var (
	// tokenTag is an <input> or <meta> tag.
	tokenTag = regexp.MustCompile(`(?is)<(?:input|meta)\b[^>]*>`)
	// tagAttr is one attribute of a tag, its value in double, single or no quotes.
	tagAttr = regexp.MustCompile(`(?is)\b([a-z_:][-a-z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)`)
	// nonceAttr is a CSP nonce on a script or style tag.
	nonceAttr = regexp.MustCompile(`(?i)\bnonce\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)`)
	// tokenJSON is a "name":"value" pair of a page's settings script (Drupal.settings).
	tokenJSON = regexp.MustCompile(`"([A-Za-z_][-A-Za-z0-9_]*)"\s*:\s*"[^"]*"`)
)

// IsPerRequestToken reports whether a field named name carries a
// per-request value (PerRequestTokens).
func IsPerRequestToken(name string) bool {
	name = strings.ToLower(name)
	for _, t := range PerRequestTokens {
		prefix, isPrefix := strings.CutSuffix(t, "*")
		suffix, isSuffix := strings.CutPrefix(t, "*")
		if isPrefix && strings.HasPrefix(name, prefix) || isSuffix && strings.HasSuffix(name, suffix) || name == t {
			return true
		}
	}
	return false
}

// FoldTokens blanks the per-request values written in an HTML page: the
// value of an <input> and the content of a <meta> named by
// PerRequestTokens, CSP nonces, and such names' values in a settings
// script. Two views of a page that differ only in them fold to the same
// text; any other difference stays.
func FoldTokens(s string) string {
	s = tokenTag.ReplaceAllStringFunc(s, foldTag)
	s = nonceAttr.ReplaceAllString(s, `nonce=""`)
	return tokenJSON.ReplaceAllStringFunc(s, func(pair string) string {
		name := tokenJSON.FindStringSubmatch(pair)[1]
		if !IsPerRequestToken(name) {
			return pair
		}
		return `"` + name + `":""`
	})
}

// foldTag blanks the value (input) or content (meta) of a tag whose name
// or http-equiv is a per-request token's.
func foldTag(tag string) string {
	attrs := tagAttr.FindAllStringSubmatchIndex(tag, -1)
	named := false
	for _, m := range attrs {
		switch strings.ToLower(tag[m[2]:m[3]]) {
		case "name", "id":
			if IsPerRequestToken(strings.Trim(tag[m[4]:m[5]], `"'`)) {
				named = true
			}
		}
	}
	if !named {
		return tag
	}
	var b strings.Builder
	last := 0
	for _, m := range attrs {
		if k := strings.ToLower(tag[m[2]:m[3]]); k == "value" || k == "content" {
			b.WriteString(tag[last:m[4]])
			b.WriteString(`""`)
			last = m[5]
		}
	}
	b.WriteString(tag[last:])
	return b.String()
}
