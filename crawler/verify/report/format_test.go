package report

import (
	"bytes"
	"errors"
	"testing"

	"github.com/salvage-archive/salvage/crawler/verify"
)

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		err  bool
	}{
		{"json", JSON, false},
		{"CSV", CSV, false},
		{" md ", Markdown, false},
		{"markdown", Markdown, false},
		{"html", HTML, false},
		{"junit", JUnit, false},
		{"sarif", SARIF, false},
		{"xml", "", true},
		{"", "", true},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if tt.err {
			if !errors.Is(err, ErrUnknownFormat) {
				t.Errorf("ParseFormat(%q) error = %v, want ErrUnknownFormat", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestWriteRejects(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "pdf", fixtureReport()); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("Write(pdf) error = %v, want ErrUnknownFormat", err)
	}
	if err := Write(&buf, JSON, nil); err == nil {
		t.Error("Write(nil report) succeeded")
	}
}

func TestWriteEmptyReport(t *testing.T) {
	for _, f := range Formats() {
		var buf bytes.Buffer
		if err := Write(&buf, f, &verify.Report{}); err != nil {
			t.Errorf("Write(%s, empty report): %v", f, err)
		}
	}
}
