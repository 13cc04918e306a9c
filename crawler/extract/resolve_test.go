package extract

import "testing"

func TestResolve(t *testing.T) {
	base := mustURL(t, "https://example.org/a/b?q=1")
	tests := []struct{ in, want string }{
		{"c", "https://example.org/a/c"},
		{"../c", "https://example.org/c"},
		{"?x=2", "https://example.org/a/b?x=2"},
		{"//other.example/p", "https://other.example/p"},
		{"/p#frag", "https://example.org/p#frag"},
		{"HTTP://Example.ORG:8001/feed1", "http://Example.ORG:8001/feed1"},
		{" \t/trim\n ", "https://example.org/trim"},
		{"/new\nline", "https://example.org/newline"},
		{"/a%2Fb%zz", "https://example.org/a%2Fb%25zz"},
		{"", ""},
		{"#", "#"},
		{"#top", "#top"},
		{"MAILTO:x@example.org", "MAILTO:x@example.org"},
		{"javascript:alert(1)", "javascript:alert(1)"},
		{"tel:+1", "tel:+1"},
		{"data:,x", "data:,x"},
		{"http://[::1", "http://[::1"},
		{"http://exa mple/", "http://exa mple/"},
		{"ftp://files.example/x", "ftp://files.example/x"},
		{`\img\a.png?q=\x`, `https://example.org/img/a.png?q=\x`},
		{`http:\\h.example\p`, "http://h.example/p"},
		{`javascript:a\b`, `javascript:a\b`},
	}
	for _, tt := range tests {
		if got := resolve(base, tt.in); got != tt.want {
			t.Errorf("resolve(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCollapse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a \n\t b  ", "a b"},
		{"\u00a0x\u00a0", "x"},
		{"", ""},
		{"bad\xffutf8", "bad\uFFFDutf8"},
	}
	for _, tt := range tests {
		if got := collapse(tt.in); got != tt.want {
			t.Errorf("collapse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
