// Package crawltest serves a faithful, deterministic replica of
// minusma.unmissions.org (the UN mission in Mali, Drupal 7, closed in
// 2023) on loopback, for crawler tests, `make demo` and `make bench`.
//
// One Replica runs five servers on 127.0.0.1, with certificates from a
// private CA made at start-up:
//
//   - https://minusma.unmissions.org: the seed homepage (/en, byte for
//     byte), generated inner pages in the same Drupal layout, a French tree
//     under /, stylesheets with url() and @import, scripts, images, fonts,
//     media and PDFs with link annotations, Config.Articles generated news
//     articles paginated on /en/news, robots.txt and sitemap.xml; on the
//     same listener, its media host https://media.minusma.unmissions.org,
//     which answers 429 for a while (Config.MediaThrottle), then recovers;
//   - http://minusma.unmissions.org, which 301s everything to https;
//   - https://mikadofm.minusma.unmissions.org:8001/feed1, an endless
//     HTTP/1.0 MP3 stream without Content-Length;
//   - one HTTPS and one HTTP server for every off-site host the site links
//     (twitter.com, www.facebook.com, www.un.org, ...), each answering as
//     the real platform does to a crawler today (pages only where the site
//     links, 404 elsewhere), and 404 for any other host; plus the
//     link-health cases soft404.example.org (200 "Page not found" for every
//     path), loop.example.org (/a and /b redirect to each other) and
//     slow.example.org (answers after Config.SlowDelay).
//
// Crawlers reach it through ResolveSpecs (curl --resolve entries with a dial
// port, ending with *:443 and *:80 catch-alls so nothing leaves loopback)
// and CACertPEM, or directly through DialContext and CertPool; clients
// without --resolve (GNU wget) through StartProxy, a forward proxy.
// Config.RadioDown and SetRadioDown close the radio's port.
//
// Every response on minusma.unmissions.org has an explicit Content-Length
// and is never chunked; HTML, CSS and JS are gzip-compressed when the
// request accepts it. Content, Last-Modified and gzip bytes are the same on
// every run; only Date, the certificates and the session mazes' ids change.
// A 200 with Last-Modified answers 304 to an If-Modified-Since not before it.
//
// Config.Version 2 is the same site a month later (revision.go): pages
// edited, removed, moved with a 301 and unlinked but still served, new pages
// and a replaced PDF, with the listings, the homepage's menu and the
// translations following, and a later Last-Modified on exactly what
// changed. Changes lists, URL by URL, what changed between two versions, from
// their answers: a recrawl's changes report is tested against it.
//
// Manifest lists, URL by URL, what a complete crawl finds, with the
// pitfalls an archivist cares about: a redirect chain, a 404, calendar
// traps in three shapes, a faceted search that is a trap only by content,
// four session mazes (?sid=, ;jsessionid=, ?PHPSESSID=, ?visit=) whose
// links carry a new session id on every view, a page answering 503 with
// Retry-After: 3600 (SetRetryLater), translations that only Drupal's
// language switcher links, robots.txt exclusions, percent-encoded paths
// (also linked with lower-case escapes), a <base href>, a meta refresh (the
// only link to /en/radio-mikado), image style derivatives (?itok=) and
// cache-busting queries, srcset, picture, video, audio, track, inline and
// block CSS, an IE conditional comment, mailto:, tel: and javascript:
// links, off-site embeds and the stream. It is computed from the tables
// that drive the server, and a test walks the served site to prove both
// agree.
package crawltest
