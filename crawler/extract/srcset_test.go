package extract

import (
	"strings"
	"testing"
)

func TestSrcsetURLs(t *testing.T) {
	tests := []struct{ in, want string }{ // want: URLs joined by " | "
		{"a.png", "a.png"},
		{"a.png 1x, b.png 2x", "a.png | b.png"},
		{"a.png 480w,b.png 800w", "a.png | b.png"},
		{"  a.png  1.5x ,\n\tb.png\t2x  ", "a.png | b.png"},
		{"img,with,commas.png 1x, b.png 2x", "img,with,commas.png | b.png"},
		{"a.png, b.png", "a.png | b.png"}, // trailing comma ends a URL without descriptors
		{"a.png,,, b.png 2x", "a.png | b.png"},
		{",,a.png", "a.png"},
		{"a.png 100w 50h", "a.png"},
		{"data:image/png;base64,iVBO 1x, b.png 2x", "data:image/png;base64,iVBO | b.png"},
		{"a.png foo(1, 2) 2x, b.png", "b.png"}, // invalid descriptor (parenthesised comma kept together) drops a.png
		{"a.png 2x 3x, b.png", "b.png"},        // two densities: invalid
		{"a.png 0w, b.png 1e2x", "b.png"},      // 0w is not positive
		{"a.png -1x, b.png .5x", "b.png"},      // negative density
		{"a.png 50h, b.png 1x", "b.png"},       // h without w
		{"a.png 1.x", ""},                      // "1." is not a valid float
		{"", ""},
		{" , ", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(srcsetURLs(tt.in), " | "); got != tt.want {
			t.Errorf("srcsetURLs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
