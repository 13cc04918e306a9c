package cdxj

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseLineRoundTrip(t *testing.T) {
	key := func(u string) string { return "org,example)/" + strings.TrimPrefix(u, "https://example.org/") }
	in := Record{
		URL: "https://example.org/a?x=\u2028", Time: time.Date(2026, 12, 5, 12, 0, 1, 0, time.UTC), Mime: "warc/revisit",
		Status: 304, Digest: "sha1:ABC", Length: 512, Offset: 1024, Filename: "a.warc.gz",
	}
	got, err := ParseLine(in.Line(key))
	want := in
	want.Digest = "ABC" // as written
	if err != nil || got != want {
		t.Fatalf("ParseLine(Line) = %+v, %v; want %+v", got, err, want)
	}
}

func TestReadNumbersShortTimestampsAndBadLines(t *testing.T) {
	src := `org,example)/ 2026 {"url":"https://example.org/","status":200,"offset":7,"length":"9","filename":"f"}

not an index line
org,example)/b 20261205120000 {"url":"https://example.org/b","status":"-","offset":"0","length":"0","filename":"f"}
`
	var recs []Record
	var errs []error
	for r, err := range Read(strings.NewReader(src)) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		recs = append(recs, r)
	}
	if len(recs) != 2 || recs[0].Status != 200 || recs[0].Offset != 7 || recs[0].Length != 9 ||
		!recs[0].Time.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || recs[1].Status != 0 {
		t.Errorf("records: %+v", recs)
	}
	var ce *CheckError
	if len(errs) != 1 || !errors.As(errs[0], &ce) || ce.Line != 3 || !errors.Is(errs[0], ErrNotIndex) {
		t.Errorf("errors: %v", errs)
	}
}
