package report_test

import (
	"fmt"
	"os"
	"time"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/crawler/verify/report"
)

func ExampleWrite() {
	r := &verify.Report{
		Tool:      "salvage",
		Generated: time.Date(2026, 5, 9, 12, 0, 0, 0, time.UTC),
		Links: []verify.Link{
			{URL: "https://example.org/en/about", Class: "ok", Status: 200},
			{URL: "https://example.org/en/gone", Class: "not-found", Status: 404, Evidence: "status: 404",
				Appearances: []verify.Appearance{
					{Page: "https://example.org/en", Element: "a", Text: "<b>Gone</b>", Place: "footer #block-links"},
					{Page: "https://example.org/en/news", Element: "a", Text: "<b>Gone</b>", Place: "footer #block-links"},
					{Page: "https://example.org/en/news", Element: "a", Text: "Gone", Place: "main"}}},
		},
	}
	if err := report.Write(os.Stdout, report.Markdown, r); err != nil {
		fmt.Println(err)
	}
	// Output:
	// # Link report
	//
	// Generated 2026-05-09T12:00:00Z by salvage (schema 1.2).
	//
	// ## To fix (2)
	//
	// One row per problem link and place in the pages, most pages first: a link in a template is one fix.
	//
	// | Pages | Class | Link | Where |
	// |---:|---|---|---|
	// | 2 | not-found | https://example.org/en/gone | footer #block-links |
	// | 1 | not-found | https://example.org/en/gone | main |
	//
	// ## Links per class
	//
	// | Class | Links | Problem |
	// |---|---:|---|
	// | ok | 1 | no |
	// | not-found | 1 | yes |
	//
	// ## not-found (1)
	//
	// 404, 410 or another 4xx no other rule claims: the target is gone.
	//
	// - https://example.org/en/gone — status 404; status: 404
	//   - footer #block-links (a): “&lt;b&gt;Gone&lt;/b&gt;”, on 2 pages:
	//     - https://example.org/en
	//     - https://example.org/en/news
	//   - on https://example.org/en/news, main (a): “Gone”
}

func ExampleParseFormat() {
	for _, name := range []string{"sarif", "Markdown", "pdf"} {
		f, err := report.ParseFormat(name)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(f, f.FileName())
	}
	// Output:
	// sarif links.sarif
	// md links.md
	// unknown report format "pdf" (want one of json, csv, md, html, junit, sarif)
}
