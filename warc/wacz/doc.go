// Package wacz writes and checks WACZ 1.1.1 packages (Web Archive Collection Zipped,
// https://specs.webrecorder.net/wacz/1.1.1/): the WARC files under archive/ (stored,
// not deflated, so replay tools read records with Range requests), a CDXJ index under
// indexes/ (ZipNum for large collections), pages/pages.jsonl, datapackage.json with a
// sha256 of every file, and datapackage-digest.json.
package wacz
