package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
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

func TestWriteAll(t *testing.T) {
	dir := t.TempDir()
	paths, err := WriteAll(dir, fixtureReport())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"links.csv", "links.html", "links.json", "links.junit.xml", "links.md", "links.sarif"}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, want) {
		t.Errorf("files = %v, want %v (no temporary files left)", got, want)
	}
	for f, p := range paths {
		if filepath.Base(p) != f.FileName() {
			t.Errorf("paths[%s] = %s, want name %s", f, p, f.FileName())
		}
		if info, err := os.Stat(p); err != nil || info.Size() == 0 {
			t.Errorf("%s: %v, size 0 or missing", p, err)
		}
	}
	if len(paths) != len(Formats()) {
		t.Errorf("WriteAll returned %d paths, want %d", len(paths), len(Formats()))
	}
}

func TestWriteAllMissingDir(t *testing.T) {
	_, err := WriteAll(filepath.Join(t.TempDir(), "absent"), fixtureReport())
	if err == nil {
		t.Fatal("WriteAll into a missing directory succeeded")
	}
}
