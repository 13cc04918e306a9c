// Package folder is a crawl's output folder: the journal a run writes
// (crawl.log, crawl.jsonl, the per-page metadata records, index.cdxj lines
// and the run's event file under .salvage-runs), and Build, which makes the
// folder's outputs (summary.json's counts and runs, the language coverage,
// the link report's collection) from every run's event file, so they
// describe the whole crawl whichever runs wrote it. The link report's files
// (reports.go) are written here too, for a crawl and for `salvage verify`
// of any archive.
package folder
