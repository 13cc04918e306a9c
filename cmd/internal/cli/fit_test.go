package cli

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFitLine(t *testing.T) {
	fields := []string{"salvage 1h2m3s", "pages 123456789", "fetched 123456789", "queued 123456789",
		"in flight 64", "123.4 GB", "114.2/s", "errors 123456", "waiting: " + strings.Repeat("host.example.org paused 42s (429); ", 5)}
	for _, width := range []int{1, 10, 40, 79, 80, 200} {
		got := FitLine(fields, "  ", width)
		if n := utf8.RuneCountInString(got); n > width {
			t.Errorf("width %d: %d characters: %q", width, n, got)
		}
		if width >= 40 && !strings.HasPrefix(got, "salvage 1h2m3s  pages") {
			t.Errorf("width %d: fields dropped from the left: %q", width, got)
		}
		if strings.HasSuffix(got, " ") {
			t.Errorf("width %d: a field cut mid-way or a trailing separator: %q", width, got)
		}
	}
	if got := FitLine(fields[:3], "  ", 0); got != strings.Join(fields[:3], "  ") {
		t.Errorf("no limit: %q", got)
	}
	if got := FitLine([]string{"ééééé"}, "  ", 3); got != "ééé" {
		t.Errorf("cut by characters: %q", got)
	}
}

func TestSuggest(t *testing.T) {
	fs := newTestFlags()
	for typo, want := range map[string]string{"ouut": "out", "dealy": "delay", "out-": "out", "zzzzzz": "", "x": ""} {
		if got := Suggest(typo, fs); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", typo, got, want)
		}
	}
}

func TestBareSeed(t *testing.T) {
	for in, want := range map[string]string{
		"example.org":          "https://example.org/",
		"example.org/en?x=1":   "https://example.org/en?x=1",
		"example.org:8080":     "https://example.org:8080/",
		"localhost:3000/a":     "https://localhost:3000/a",
		"127.0.0.1":            "https://127.0.0.1/",
		"https://example.org/": "",
		"mailto:x@y.org":       "",
		"/en":                  "",
		"en":                   "",
		"ht!tp://x y":          "",
		"javascript:alert(1)":  "",
	} {
		got, ok := BareSeed(in)
		if got != want || ok != (want != "") {
			t.Errorf("BareSeed(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
}
