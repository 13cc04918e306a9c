package extract

import "testing"

func TestRefreshURL(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"0; url=/next", "/next", true},
		{"5;URL='http://example.org/a b'", "http://example.org/a b", true},
		{`3, url="x.html" trailing`, "x.html", true},
		{"0;/direct", "/direct", true},
		{"1.5 url = /spaced", "/spaced", true},
		{".5; url=/dot", "/dot", true},
		{"  7 ;  http://example.org/", "http://example.org/", true},
		{"10", "", false},
		{"10;", "", false},
		{"", "", false},
		{"url=/no-time", "", false},
		{"5x; url=/bad", "", false},
		{"0; urlx=/odd", "urlx=/odd", true},
	}
	for _, tt := range tests {
		got, ok := refreshURL(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("refreshURL(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
