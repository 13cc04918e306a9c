// Package warc records HTTP exchanges as raw wire bytes and writes them as WARC/1.1.
//
// The Recorder is an http.RoundTripper with its own http.Transport. It wraps each
// connection below HTTP and above TLS (it does the TLS handshake itself, ALPN http/1.1
// only), so the bytes it records are exactly the HTTP/1.1 request and response as sent
// and received: status line, header order and case, chunk framing, compressed bodies.
// When a response body ends (EOF, a limit, an error, or Close, which drains the rest) the
// exchange goes to an ExchangeWriter, then to RecorderConfig.OnCapture as a Capture.
//
// The Writer writes request/response pairs (or revisit records, with dedup), metadata
// and warcinfo records, their headers built by gowarc, one gzip member per record, into
// files named PREFIX-YYYYMMDDhhmmssSSS-NNNNN-HOST.warc.gz, rotating between pairs, never
// inside one. Each block is read where it already is (the request bytes, the response
// spool) and digested once.
//
// Payload digests follow WARC 1.1 §6.3.2: they cover the transfer-decoded body (chunk
// framing removed, content-encoding kept). gowarc's own payload digest of a chunked
// response includes the framing, so the Writer computes digests itself.
//
// ReadFile iterates over the records of a file and Verify checks one: block and payload
// digests, and request/response pairing. Every reader of archives (ReadFile, Entries,
// BuildIndex, ArchivedDocuments, OpenResponse) frames records with one tolerant reader:
// any number of gzip members per record or per file, empty members, plain records,
// concatenated files. Damage (a record cut short, bytes that are no record, records
// sharing a gzip member) is a *Fault yielded as the iteration's error, after which the
// reader goes on at the next record; FilesRead gathers faults over many files.
// ARC v1 files (.arc, .arc.gz), the format before WARC, are read by the same reader
// (arc.go): each ARC record is framed as a WARC-style record.
package warc
