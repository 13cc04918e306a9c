package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/crawler/verify"
)

// csvHeader names the columns of the CSV report; docs/link-report.md
// describes them.
func csvHeader() []string {
	return []string{
		"url", "class", "status", "final_url", "evidence", "internal",
		"captured", "capture_file", "capture_offset", "capture_date", "replay_url",
		"page", "element", "text", "place",
	}
}

// writeCSV writes one row per (link, appearance); a link that appears
// nowhere still gets one row, with the page columns empty.
func writeCSV(w io.Writer, r *verify.Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader()); err != nil {
		return err
	}
	for _, l := range r.Links {
		for _, row := range csvRows(l) {
			if err := cw.Write(defuseRow(row)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvRows returns the rows of one link.
func csvRows(l verify.Link) [][]string {
	link := csvLinkCells(l)
	if len(l.Appearances) == 0 {
		return [][]string{append(link, "", "", "", "")}
	}
	rows := make([][]string, 0, len(l.Appearances))
	for _, a := range l.Appearances {
		rows = append(rows, append(link[:len(link):len(link)], a.Page, a.Element, a.Text, a.Place))
	}
	return rows
}

// csvLinkCells returns the cells that describe the link itself.
func csvLinkCells(l verify.Link) []string {
	captured, file, offset, date := "no", "", "", ""
	if c := l.Captured; c != nil {
		captured, file = "yes", c.File
		offset = strconv.FormatInt(c.Offset, 10)
		date = formatTime(c.Date)
	}
	return []string{
		l.URL, string(l.Class), formatStatus(l.Status), l.FinalURL, l.Evidence,
		strconv.FormatBool(l.Internal), captured, file, offset, date, l.ReplayURL,
	}
}

// defuseRow guards every cell against formula injection.
func defuseRow(row []string) []string {
	for i, cell := range row {
		row[i] = defuseCell(cell)
	}
	return row
}

// defuseCell prefixes a single quote to a cell a spreadsheet would read as
// a formula: one starting with = + - @, or with a tab or carriage return
// that some spreadsheets skip before looking for one (OWASP's advice).
func defuseCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func formatStatus(status int) string {
	if status == 0 {
		return ""
	}
	return strconv.Itoa(status)
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
