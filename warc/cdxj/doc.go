// Package cdxj writes capture indexes of WARC files in the forms replay tools read:
// CDXJ (pywb, ReplayWeb.page, OutbackCDX), the classic 11-field CDX, and ZipNum
// (a CDXJ index gzip-compressed in blocks with a secondary .idx, as WACZ uses for
// large collections).
//
// A line follows warcio.js's CDXIndexer: "KEY TIMESTAMP {json}" with the JSON fields
// url, mime, status, digest, length, offset and filename, in that order; offset,
// length and status are strings; the digest has no algorithm prefix; a revisit's mime
// is "warc/revisit". A capture answering a non-GET request (a POST, a PUT) gets the
// method and the request's query appended to its key ("?__wb_method=post&q=..."), then
// the fields method and requestBody, as warcio.js writes them and pywb looks them up
// (postquery.go). The key is a SURT given by the caller (KeyFunc), so this package
// stays free of URL policy. Lines sort bytewise, as LC_ALL=C sort does; SortFile
// sorts a file of any size in runs on disk, merged with Merge. ParseLine and Read read
// CDXJ lines back into Records.
package cdxj
