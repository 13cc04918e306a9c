// Package replay serves archived captures over HTTP, as pywb and the Wayback Machine
// do, from WARC files indexed in memory (warc.Index):
//
//	/                          the collection's home: its pages and a URL prefix search
//	/COLL/TIMESTAMP/URL        the capture of URL closest to TIMESTAMP (1 to 14 digits)
//	/COLL/URL                  a Memento TimeGate: redirects to the capture nearest Accept-Datetime
//	/COLL/timemap/link/URL     a Memento TimeMap (RFC 7089) in application/link-format
//
// Pages are rewritten so that navigation stays in the archive: URLs in HTML attributes
// (href, src, srcset, action, poster, style, meta refresh, ...), in <style> blocks and
// stylesheets (url(), @import), and in redirect Location headers become
// /COLL/TIMESTAMP/URL. Every response carries a Content-Security-Policy that lets the
// page load only from the replay origin, so an archived page never reaches the live web.
// Only records the index lists are ever read: no request path names a file.
//
// A replayed HTML document (2xx, not loaded in a frame) gets an archive banner: a
// strip fixed to the top of the viewport, in a shadow root whose host resets every
// style, with the capture's date, the live URL, the URL's other captures and TimeMap,
// and a close button (Config.NoBanner turns it off).
package replay
