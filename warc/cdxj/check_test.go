package cdxj_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/warc/cdxj"
)

func TestCheck(t *testing.T) {
	const a = `org,example)/ 20240501120000 {"url":"https://example.org/","status":"200"}`
	const b = `org,example)/fr 20240501120001 {"url":"https://example.org/fr","status":"200"}`
	const cdx = "org,example)/ 20240501120000 https://example.org/ text/html 200 ABC - - 10 0 a.warc.gz"
	cases := []struct {
		name, text string
		want       error
		line       int
	}{
		{"cdxj", a + "\n\n" + b + "\n", nil, 0},
		{"cdx", cdxj.CDX11Header + "\n" + cdx + "\n", nil, 0},
		{"empty", "", nil, 0},
		{"unsorted", b + "\n" + a + "\n", cdxj.ErrUnsorted, 2},
		{"crawl.log", "2024-05-01T12:00:00.000Z   200       1234 https://example.org/ - - text/html #001 20240501120000000+12 sha1:ABC - -\n", cdxj.ErrNotIndex, 1},
		{"bad json", a + "\n" + `org,example)/fr 20240501120001 {"url":` + "\n", cdxj.ErrNotIndex, 2},
		{"header late", a + "\n" + cdxj.CDX11Header + "\n", cdxj.ErrNotIndex, 2},
	}
	for _, tc := range cases {
		err := cdxj.Check(strings.NewReader(tc.text))
		var ce *cdxj.CheckError
		switch {
		case tc.want == nil && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != nil && (!errors.Is(err, tc.want) || !errors.As(err, &ce) || ce.Line != tc.line):
			t.Errorf("%s: %v, want %v at line %d", tc.name, err, tc.want, tc.line)
		}
	}
}
