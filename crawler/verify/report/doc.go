// Package report renders a verify.Report, the result of `salvage verify`, in
// the formats people and machines read: JSON (the versioned schema of
// docs/link-report.md), CSV (one row per link and page it appears on),
// Markdown, one self-contained HTML file, JUnit XML and SARIF 2.1.0 for CI.
//
// Write renders one Format to an io.Writer; Format.FileName gives each its
// fixed name (links.json, links.csv, links.md, links.html, links.junit.xml,
// links.sarif).
//
// Every string in a report comes from the pages that were checked, so every
// renderer treats it as hostile: CSV cells that a spreadsheet would run as a
// formula are defused, Markdown and HTML are escaped, and the HTML report
// runs under a Content-Security-Policy that allows only its own nonce-tagged
// inline script and style. Its script builds the links table from a JSON
// data block with textContent and createElement, never from HTML strings.
package report
