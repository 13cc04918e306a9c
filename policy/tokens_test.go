package policy

import (
	"strings"
	"testing"
)

// TestFoldTokens: two views of a page that differ only in per-request
// values (a Drupal form's build id and token, a Rails meta CSRF token, an
// ASP.NET view state, a CSP nonce, a settings script's form build id)
// fold to the same text; a change of content, or of an ordinary field's
// value, does not fold away.
func TestFoldTokens(t *testing.T) {
	view := func(id, token, nonce string) string {
		return `<meta name="csrf-token" content="` + token + `">` +
			`<SCRIPT NONCE=` + nonce + ` src="/a.js"></SCRIPT><style nonce='` + nonce + `'></style>` +
			`<script nonce="` + nonce + `">jQuery.extend(Drupal.settings, {"form_build_id":"form-` + id + `","ajaxPageState":{"theme_token":"` + token + `"},"basePath":"\/"});</script>` +
			`<form action="/en/search" method="post"><input type="text" name="search_block_form" value="">` +
			`<input type="hidden" name="form_build_id" value="form-` + id + `" />` +
			`<input value='` + token + `' type=hidden name=form_token>` +
			`<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDw` + id + `" />` +
			`<input type="hidden" name="form_id" value="search_block_form" /></form><p>News of the week</p>`
	}
	a := view("h7Yt3kQ9zLmN2pX", "Zq9T2ped9lNxL_Vkc0M7", "r4nd0m1")
	b := view("Bv81mZ0aa3LpWv9", "6vt7Z6ped9lNxL_Vkc0M", "0th3r2")
	if fa, fb := FoldTokens(a), FoldTokens(b); fa != fb {
		t.Errorf("folded views differ:\n%s\n%s", fa, fb)
	}
	for name, edited := range map[string]string{
		"text":           strings.Replace(a, "News of the week", "News of the month", 1),
		"ordinary field": strings.Replace(a, `value="search_block_form"`, `value="other_form"`, 1),
		"settings":       strings.Replace(a, `"basePath":"\/"`, `"basePath":"\/fr"`, 1),
	} {
		if FoldTokens(a) == FoldTokens(edited) {
			t.Errorf("a change of %s folded away", name)
		}
	}
	if s := `<input type="text" name="q" value="mali">`; FoldTokens(s) != s {
		t.Errorf("an ordinary input folded: %s", FoldTokens(s))
	}
}

func TestIsPerRequestToken(t *testing.T) {
	for name, want := range map[string]bool{
		"form_build_id": true, "csrfmiddlewaretoken": true, "CSRF-Token": true, "__VIEWSTATEGENERATOR": true,
		"_wpnonce": true, "theme_token": true, "csrfToken": true, "form_id": false, "q": false, "token_type": false,
	} {
		if got := IsPerRequestToken(name); got != want {
			t.Errorf("IsPerRequestToken(%q) = %v, want %v", name, got, want)
		}
	}
}
