package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

func readCSV(t *testing.T) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, CSV, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v", err)
	}
	return records
}

func TestCSVShape(t *testing.T) {
	records := readCSV(t)
	if !slices.Equal(records[0], csvHeader()) {
		t.Errorf("header = %v", records[0])
	}
	r := fixtureReport()
	if got, want := len(records)-1, appearanceRows(r.Links); got != want {
		t.Errorf("%d rows, want %d (one per link and appearance)", got, want)
	}
	col := columnIndex(records[0])
	for _, row := range records[1:] {
		if len(row) != len(csvHeader()) {
			t.Fatalf("row has %d cells: %v", len(row), row)
		}
		if c := row[col["captured"]]; c != "yes" && c != "no" {
			t.Errorf("captured = %q, want yes or no", c)
		}
	}
}

func TestCSVCellsSurvive(t *testing.T) {
	records := readCSV(t)
	col := columnIndex(records[0])
	want := map[string]string{ // text -> evidence of the same row
		xssScript:        "status-404: HTTP 404 \"Not Found\"\nsecond line",
		"'" + formula:    "'-timeout after 10s " + lineSep,
		"'" + ddeFormula: "'@parse: invalid character \" \" in host name",
		nonASCII:         "status-410",
	}
	for _, row := range records[1:] {
		if ev, ok := want[row[col["text"]]]; ok {
			if row[col["evidence"]] != ev {
				t.Errorf("evidence = %q, want %q", row[col["evidence"]], ev)
			}
			delete(want, row[col["text"]])
		}
	}
	if len(want) > 0 {
		t.Errorf("rows not found for texts %q", keys(want))
	}
}

func TestCSVNoFormulaCells(t *testing.T) {
	for i, row := range readCSV(t) {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("row %d: cell %q starts a formula", i, cell)
			}
		}
	}
}

func TestDefuseCell(t *testing.T) {
	tests := map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)",
		"\t=1": "'\t=1", "a=b": "a=b", "": "", "https://x/": "https://x/",
	}
	for in, want := range tests {
		if got := defuseCell(in); got != want {
			t.Errorf("defuseCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func columnIndex(header []string) map[string]int {
	m := make(map[string]int, len(header))
	for i, h := range header {
		m[h] = i
	}
	return m
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
