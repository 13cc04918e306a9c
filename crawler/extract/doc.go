// Package extract finds the links in fetched documents: HTML (through
// goquery), CSS (a small tokenizer following CSS Syntax Level 3) and PDF (a
// streaming scanner for link annotations). It decides nothing about scope or
// canonical form: links come back resolved but not canonicalized, with their
// fragments, and the crawler passes them through policy.
//
// # HTML
//
// HTML walks the parsed document once, in document order. The base is the
// first <base href> if it resolves to an absolute URL, else the page URL.
//
//	element / attribute                                  hop  Element   Attr
//	a href, area href, svg a href|xlink:href             L    tag       href (xlink:href)
//	link rel=stylesheet|icon|apple-touch-icon(-precomposed)|mask-icon|
//	         preload|prefetch|modulepreload|manifest     E    link      the rel keyword
//	link rel=alternate|canonical|next|prev|shortlink     L    link      the rel keyword
//	script, iframe, frame, embed, audio, track src       E    tag       src
//	img src, data-src, srcset, data-srcset               E    img       attribute
//	source src, srcset (picture, video, audio)           E    source    attribute
//	video src, poster; object data; input type=image src E    tag       attribute
//	body, table, td, th background                       E    tag       background
//	svg image href|xlink:href                            E    image     href (xlink:href)
//	meta http-equiv=refresh content URL                  L    meta      refresh
//	<style> text and style="" attributes (CSS)           E    style     url | import
//
// A meta refresh is a client-side redirect, but it is an L hop: R is kept for
// HTTP 3xx Location hops, which only the recorder sees. <form action> is not
// followed. Links with several rel keywords take the first embed keyword
// ("alternate stylesheet" is a stylesheet), else the first link keyword.
//
// Markup the parser keeps as text is parsed again as a fragment and walked
// like the rest: IE conditional comments (<!--[if lt IE 9]><script
// src=...><![endif]-->) and <noscript> content (goquery parses with scripting
// on, so <noscript> holds text).
//
// Text is the collapsed anchor text (for a: else its title, else the alt of
// an image inside it) or the alt, else title, of other elements, at most 200
// runes.
//
// References that cannot be fetched are kept, as written, so a link checker
// can report them: empty, fragment-only, javascript:, mailto:, tel:, data:,
// and unparsable ones. The crawler filters by scheme. srcset follows the HTML
// parsing algorithm, including its rule that candidates with invalid
// descriptors are dropped.
//
// Exact duplicates (URL, Hop, Element, Attr) are dropped, first seen wins.
//
// # Languages
//
// PageLanguage reads a page's <html lang> and the translations it names, each
// with its AlternateSource: <link rel=alternate hreflang> (link-hreflang); an
// <a> or <area> with hreflang (a-hreflang); a link in or carrying a language
// switcher class of the switcherClasses table, Drupal's language-link,
// Polylang's lang-item, WPML's wpml-ls-item and others (switcher-class), its
// language from hreflang, lang or xml:lang, else the class suffix
// (lang-item-fr), else the target's /fr/ path prefix; an <a> whose lang or
// xml:lang names another language than the page's, to the page's site
// (a-lang). Links to the page itself or in its own language are not
// translations. Neither is a link from an inner page to a front page ("/",
// "/fr", "/fr/index.php", "/?lang=fr"): that is how Drupal's and Polylang's
// switchers fall back when a page has no translation; Language.Fallbacks
// counts those languages. The switcher links stay ordinary L links of HTML.
//
// # CSS
//
// CSS returns url() values, @import targets and image-set() candidates as E
// hops with Element "css" (Element "style" inside HTML) and Attr "import" or
// "url". Comments, escapes and line continuations are handled as CSS does;
// empty, fragment-only and data: URLs are skipped.
//
// # PDF
//
// PDFScanner is an io.Writer: put it in an io.MultiWriter beside the archive
// writer. Its state is a byte-level lexer, so Write boundaries may fall
// anywhere. It reports /URI action strings as L hops (Element "pdf", Attr
// "uri"), including those in FlateDecode object streams; see PDFScanner for
// the memory bounds.
package extract
