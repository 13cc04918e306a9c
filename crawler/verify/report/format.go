package report

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/salvage-archive/salvage/crawler/verify"
)

// Format is an output format of the link report.
type Format string

// The formats Write knows.
const (
	JSON     Format = "json"
	CSV      Format = "csv"
	Markdown Format = "md"
	HTML     Format = "html"
	JUnit    Format = "junit"
	SARIF    Format = "sarif"
)

// ErrUnknownFormat is returned (wrapped) by ParseFormat and Write for a
// format name they do not know: a usage error.
var ErrUnknownFormat = errors.New("unknown report format")

// errNilReport is returned by Write when there is nothing to render.
var errNilReport = errors.New("report: nil report")

// Formats lists every format, in the order reports are written.
func Formats() []Format {
	return []Format{JSON, CSV, Markdown, HTML, JUnit, SARIF}
}

// ParseFormat reads a format name as given on the command line. It ignores
// case and surrounding space and accepts "markdown" for md.
func ParseFormat(s string) (Format, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	if name == "markdown" {
		return Markdown, nil
	}
	for _, f := range Formats() {
		if string(f) == name {
			return f, nil
		}
	}
	return "", fmt.Errorf("%w %q (want one of %s)", ErrUnknownFormat, s, formatList())
}

func formatList() string {
	names := make([]string, 0, len(Formats()))
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// FileName is the name of the file of format f (links.json, ...).
func (f Format) FileName() string {
	switch f {
	case JUnit:
		return "links.junit.xml"
	case Markdown:
		return "links.md"
	default:
		return "links." + string(f)
	}
}

// Write renders r in format f to w.
func Write(w io.Writer, f Format, r *verify.Report) error {
	if r == nil {
		return errNilReport
	}
	render, ok := renderer(f)
	if !ok {
		return fmt.Errorf("%w %q (want one of %s)", ErrUnknownFormat, string(f), formatList())
	}
	if err := render(w, normalized(r)); err != nil {
		return fmt.Errorf("write %s report: %w", f, err)
	}
	return nil
}

// renderer returns the function that draws format f.
func renderer(f Format) (func(io.Writer, *verify.Report) error, bool) {
	switch f {
	case JSON:
		return writeJSON, true
	case CSV:
		return writeCSV, true
	case Markdown:
		return writeMarkdown, true
	case HTML:
		return writeHTML, true
	case JUnit:
		return writeJUnit, true
	case SARIF:
		return writeSARIF, true
	}
	return nil, false
}
