package crawltest

import (
	"fmt"
	"html"
	"strings"
)

func htmlEscape(s string) string { return html.EscapeString(s) }

// link is a root-relative (or absolute) href and its text.
type link struct{ Href, Text string }

// chrome is the language-dependent frame of every generated page: the same
// Drupal 7 "unmpk" theme as the seed homepage.
type chrome struct {
	Home, HomeText, Crumb, Jump string
	Menu, Footer                []link
}

var chromes = map[string]chrome{
	"en": {Home: "/en", HomeText: "Home", Crumb: "You are here", Jump: "Jump to navigation",
		Menu: []link{{"/en", "Home"}, {"/en/about-minusma", "About"}, {"/en/news", "News"}, {"/en/activities", "Activities"},
			{"/en/resources", "Resources"}, {"/en/contact", "Contact us"}},
		Footer: []link{{"//www.un.org/en/sections/about-website/z-site-index/", "A to Z Site Index"}, {"/en/sitemap", "Sitemap"},
			{"/en/contact", "Contact us"}, {"http://www.un.org/en/aboutun/copyright/", "Copyright"}, {"http://www.un.org/en/aboutun/terms/", "Terms of use"},
			{"http://www.un.org/en/aboutun/privacy/", "Privacy notice"}, {"http://www.un.org/en/aboutun/fraudalert/", "Fraud alert"},
			{"https://mail.dfs.un.org/owa/", "Webmail"}, {"/en/manage-subscriptions", "Subscribe"}}},
	"fr": {Home: "/", HomeText: "Accueil", Crumb: "Vous êtes ici", Jump: "Aller à la navigation",
		Menu: []link{{"/", "Accueil"}, {"/a-propos", "À propos"}, {"/actualites", "Actualités"}, {"/communiques-de-presse", "Communiqués"},
			{"/documents", "Documents"}, {"/contactez-nous", "Contact"}},
		Footer: []link{{"//www.un.org/en/sections/about-website/z-site-index/", "Index de A à Z"}, {"/contactez-nous", "Contactez-nous"},
			{"http://www.un.org/en/aboutun/copyright/", "Droits d'auteur"}, {"http://www.un.org/en/aboutun/privacy/", "Confidentialité"},
			{"https://mail.dfs.un.org/owa/", "Webmail"}}},
}

// socialLinks are the seed's "on the web" icons, repeated on every page.
var socialLinks = []link{
	{"https://twitter.com/un_minusma", "twitter"}, {"https://www.facebook.com/MINUSMA", "facebook"},
	{"https://www.youtube.com/channel/UCKoAnAPDFPL3wlaQ4RECYhg", "youtube"}, {"https://www.flickr.com/photos/MINUSMA/", "flickr"},
	{"https://www.instagram.com/un_minusma/", "instagram"}, {"https://soundcloud.com/mikado-fm", "soundcloud"},
	{"https://mikadofm.minusma.unmissions.org:8001/feed1", "rss"},
}

// pageView is a page ready to render.
type pageView struct {
	Path, Title, Lang string // Path as linked (percent-encoded)
	NID               int
	Twin              string         // translation's path, "" if none
	TwinVia           translationVia // how the page names Twin: hreflang, the language switcher or both
	Crumbs            []link         // ancestors, front page first
	Head              string
	Content           string // the node body
	BodyClass         string
}

// theme holds what the generated pages share with the seed homepage: its
// stylesheets and first script, read from the seed at start-up.
type theme struct {
	Styles []string
	Script string
}

// render writes a full Drupal 7 page.
func (t theme) render(v pageView) string {
	var b strings.Builder
	b.Grow(8192 + len(v.Content))
	t.writeHead(&b, v)
	writeHeader(&b, v)
	writeNav(&b, v)
	fmt.Fprintf(&b, `<div id="container" class="container"> <div id="content" class="column" role="main"> <a id="main-content"></a>
<h1 class="page__title title" id="page-title">%s</h1>
<article class="node-%d node node-page view-mode-full clearfix">
%s</article>
</div> </div><!-- end container -->
`, htmlEscape(v.Title), v.NID, v.Content)
	writeFooter(&b, v)
	return b.String()
}

func (t theme) writeHead(b *strings.Builder, v pageView) {
	fmt.Fprintf(b, `<!DOCTYPE html>
<!--[if IEMobile 7]><html class="iem7" lang="%[1]s" dir="ltr"><![endif]-->
<!--[if (gte IE 9)|(gt IEMobile 7)]><!--><html lang="%[1]s" dir="ltr"><!--<![endif]-->
<head>
<meta charset="utf-8" />
<link rel="shortcut icon" href="https://minusma.unmissions.org/sites/all/themes/unmpk/favicon.ico" type="image/vnd.microsoft.icon" />
<link rel="canonical" href="%[2]s" />
`, v.Lang, htmlEscape(siteOrigin+v.Path))
	if v.Twin != "" && v.TwinVia.hreflang() {
		fmt.Fprintf(b, "<link rel=\"alternate\" hreflang=\"%s\" href=\"%s\" />\n", otherLang(v.Lang), htmlEscape(siteOrigin+v.Twin))
	}
	fmt.Fprintf(b, "<meta name=\"Generator\" content=\"Drupal 7 (http://drupal.org)\" />\n<title>%s | MINUSMA</title>\n<meta name=\"viewport\" content=\"width=device-width\">\n", htmlEscape(v.Title))
	for _, s := range t.Styles {
		fmt.Fprintf(b, "<link type=\"text/css\" rel=\"stylesheet\" href=\"%s\" media=\"all\" />\n", htmlEscape(s))
	}
	fmt.Fprintf(b, "<link type=\"text/css\" rel=\"stylesheet\" href=\"%s\" media=\"print\" />\n", printSheet(v.Lang))
	fmt.Fprintf(b, `<script src="%s"></script>
<script async="async" src="https://www.googletagmanager.com/gtag/js?id=G-CEZYG7RDNM"></script>
<!--[if lt IE 9]> <script src="/sites/all/themes/zen/js/html5-respond.js"></script> <![endif]-->
%s
</head>
<body class="html not-front not-logged-in one-sidebar sidebar-second page-node page-node-%d i18n-%s %s">
`, htmlEscape(t.Script), v.Head, v.NID, v.Lang, v.BodyClass)
}

// printSheet is the print stylesheet with Drupal 7's cache-busting query
// (css_js_query_string), which the French pages got after a cache flush
// the English ones missed: two URLs of one file.
func printSheet(lang string) string {
	if lang == "fr" {
		return "/sites/all/themes/unmpk/css/print.css?t7k3qa"
	}
	return "/sites/all/themes/unmpk/css/print.css?s5e2fz"
}

func otherLang(lang string) string {
	if lang == "fr" {
		return "en"
	}
	return "fr"
}

func writeHeader(b *strings.Builder, v pageView) {
	c := chromes[v.Lang]
	if !strings.Contains(v.Head, "<base ") { // "#main-menu" would resolve against the base
		fmt.Fprintf(b, `<p id="skip-link"> <a href="#main-menu" class="element-invisible element-focusable">%s</a> </p>`, htmlEscape(c.Jump))
	}
	fmt.Fprintf(b, `
<div id="page"> <header class="header" id="header" role="banner"> <div class="header-nav-menu">
<div class="un-logo"><a href="http://www.un.org"><img alt="UN" src="//minusma.unmissions.org/sites/all/themes/unmpk/images/un-logo.png" />UN</a></div>
<div class="pk-logo"><a href="http://www.un.org/en/peacekeeping/"><img alt="UN" src="//minusma.unmissions.org/sites/all/themes/unmpk/images/pk-logo-blue.png" />United Nations Peacekeeping</a></div>
%s
<div class="block-on-the-web">`, languageSwitcher(v))
	for _, s := range socialLinks {
		fmt.Fprintf(b, `<span class="on-the-web otw-%[2]s"><a href="%[1]s" target="_blank"><i class="fa fa-%[2]s"></i></a></span>`, htmlEscape(s.Href), s.Text)
	}
	fmt.Fprintf(b, `</div> </div>
<div class="header-branding"> <h1 class="header__site-name" id="site-name"> <a href="%[1]s" title="%[2]s" rel="home" class="header__logo" id="logo"><img src="https://minusma.unmissions.org/sites/all/themes/unmpk/logo.png" alt="%[2]s" class="header__logo-image" /></a> </h1> </div>
</header>
`, c.Home, htmlEscape(c.HomeText))
}

func writeNav(b *strings.Builder, v pageView) {
	c := chromes[v.Lang]
	b.WriteString(`<div id="main"> <div id="navigation"> <ul id="main-menu" class="menu sf-menu sf-main-menu sf-horizontal">`)
	for _, m := range c.Menu {
		fmt.Fprintf(b, `<li class="sf-depth-1"><a href="%s" class="sf-depth-1">%s</a></li>`, htmlEscape(m.Href), htmlEscape(m.Text))
	}
	fmt.Fprintf(b, "</ul> </div>\n<div id=\"breadcumb\"> <nav class=\"breadcrumb\" role=\"navigation\"> <h2 class=\"element-invisible\">%s</h2> <ol>", htmlEscape(c.Crumb))
	for _, cr := range v.Crumbs {
		fmt.Fprintf(b, `<li><a href="%s">%s</a> › </li>`, htmlEscape(cr.Href), htmlEscape(cr.Text))
	}
	fmt.Fprintf(b, "<li>%s</li></ol> </nav> </div>\n", htmlEscape(v.Title))
}

func writeFooter(b *strings.Builder, v pageView) {
	c := chromes[v.Lang]
	b.WriteString(`</div> <footer id="footer" class="page"> <div id="footer-area"> <div class="column column-1">Copyright © 2025 United Nations</div> <div class="column column-2"> <ul class="menu">`)
	for _, f := range c.Footer {
		fmt.Fprintf(b, `<li class="menu__item leaf"><a href="%s" class="menu__link">%s</a></li> `, htmlEscape(f.Href), htmlEscape(f.Text))
	}
	b.WriteString("</ul> </div> </div> </footer> </div>\n</body>\n</html>\n")
}

// listing renders pages as a Drupal views list.
func listing(items []link) string {
	if len(items) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<div class=\"view view-content\"> <div class=\"item-list\"> <ul>\n")
	for i, it := range items {
		fmt.Fprintf(&b, "<li class=\"views-row views-row-%d\"><a href=\"%s\">%s</a></li>\n", i+1, htmlEscape(it.Href), htmlEscape(it.Text))
	}
	b.WriteString("</ul> </div> </div>\n")
	return b.String()
}
