package changes_test

import (
	"fmt"
	"strings"

	"github.com/salvage-archive/salvage/cmd/internal/changes"
)

// Two crawls' indexes compared: at the end of a crawl, Load(earlier) and
// Load(out) give the Sources, and WriteAll(out, report) writes the files.
func ExampleCompare() {
	earlier, _ := changes.ReadIndex(strings.NewReader(
		`org,ex)/ 20261101100000 {"url":"https://ex.org/","mime":"text/html","status":"200","digest":"A","length":"9","offset":"0","filename":"a.warc.gz"}
org,ex)/report.pdf 20261101100001 {"url":"https://ex.org/report.pdf","mime":"application/pdf","status":"200","digest":"P","length":"9","offset":"9","filename":"a.warc.gz"}
`))
	now, _ := changes.ReadIndex(strings.NewReader(
		`org,ex)/ 20261201100000 {"url":"https://ex.org/","mime":"warc/revisit","status":"200","digest":"A","length":"9","offset":"0","filename":"b.warc.gz"}
org,ex)/report.pdf 20261201100001 {"url":"https://ex.org/report.pdf","mime":"text/html","status":"404","digest":"N","length":"9","offset":"9","filename":"b.warc.gz"}
`))
	r := changes.Compare(&changes.Source{Captures: earlier}, &changes.Source{Captures: now}, changes.Options{})
	for _, line := range changes.Lines(r) {
		fmt.Println(line)
	}
	fmt.Println(r.Lost()[0].ReplayURL)
	// Output:
	// changes since the earlier crawl: 1 gone, 0 moved, 0 changed, 0 orphaned, 0 not-recrawled, 0 new, 1 unchanged
	//   gone https://ex.org/report.pdf (404)
	// the earlier crawl has no link report (links.json): links and feeds were not compared
	// /20261101100001/https://ex.org/report.pdf
}
