package crawltest

import (
	"fmt"
	"path"
	"strings"
)

// sheets are the stylesheets with references: the seed's two advagg
// aggregates, the Font Awesome sheet the first imports (by a relative URL)
// and the sheet /en/cultural-heritage imports from a <style> block. Their
// references are read back at start-up, so each file they name is served.
var sheets = map[string]string{
	"/sites/default/files/advagg_css/css__OQBzM1iW4l73yqKcK83udHuyYK5hrkExm5NMZB8WCKM__UINIjViqWcngMcYWpqczqVisYncbbQKLsNgHuTJsvcA__Pl5-53B02TMXSpn1nmjINvV9dvNN6t04LNSTeYP2908.css": `@import url("../../../all/libraries/fontawesome/css/font-awesome.css");
html{font-family:"Open Sans",Arial,Helvetica,sans-serif;font-size:100%;line-height:1.5em}
#header{background:#fff url(/sites/all/themes/unmpk/images/header-bg.png) repeat-x 0 0}
.map-image{background-image:url("../../../all/themes/unmpk/images/map-mali.png");height:120px}
.map-marker{background:url('//minusma.unmissions.org/sites/all/themes/unmpk/images/map-marker.png') no-repeat}
.sf-menu li.menuparent{background:url(data:image/gif;base64,R0lGODlhAQABAAAAACw=) no-repeat right center}
`,
	"/sites/default/files/advagg_css/css__IPayDKzJ--n9GFWvR1cMQBeRPMAkLwKH_gSep5O9cEs__Eq6v2ydZM6chcvfP3zw0BH32uVrQKcv0oH5BFtzMIJo__Pl5-53B02TMXSpn1nmjINvV9dvNN6t04LNSTeYP2908.css": `@font-face{font-family:"Open Sans";font-style:normal;font-weight:400;src:url(/sites/all/themes/unmpk/fonts/OpenSans-Regular.woff2) format("woff2"),url(/sites/all/themes/unmpk/fonts/OpenSans-Regular.woff) format("woff")}
.document-icon{background:url(/sites/all/themes/unmpk/images/icons/pdf.png) no-repeat}
.vscc-prev{background:url(/sites/all/modules/vscc/images/white_arrow_left.png)}
.vscc-next{background:url(/sites/all/modules/vscc/images/white_arrow_right.png)}
.closure{background:rgb(255,0,0);color:#FFF;padding:15px}
`,
	"/sites/all/libraries/fontawesome/css/font-awesome.css": `/*!
 *  Font Awesome 4.7.0 by @davegandy - http://fontawesome.io - @fontawesome
 *  License - http://fontawesome.io/license (Font: SIL OFL 1.1, CSS: MIT License)
 */
@font-face{font-family:'FontAwesome';src:url('../fonts/fontawesome-webfont.eot?v=4.7.0');src:url('../fonts/fontawesome-webfont.woff2?v=4.7.0') format('woff2'),url('../fonts/fontawesome-webfont.woff?v=4.7.0') format('woff'),url('../fonts/fontawesome-webfont.ttf?v=4.7.0') format('truetype'),url('../fonts/fontawesome-webfont.svg?v=4.7.0#fontawesomeregular') format('svg');font-weight:normal;font-style:normal}
.fa{display:inline-block;font:normal normal normal 14px/1 FontAwesome;font-size:inherit;text-rendering:auto}
.fa-twitter:before{content:"\f099"}.fa-facebook:before{content:"\f09a"}.fa-rss:before{content:"\f09e"}
`,
	"/sites/default/files/css/cultural-heritage.css": `.heritage-hero{background-size:cover;color:#fff}
.manuscripts{background:url(../heritage/manuscripts.png) no-repeat left top;padding-left:64px}
`,
}

// stylesheet returns the CSS at decoded path p.
func stylesheet(p string) string {
	if css, ok := sheets[p]; ok {
		return css
	}
	return fmt.Sprintf("/* %s */\n.%s{display:block}\n", path.Base(p), cssClass(p))
}

func cssClass(p string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(strings.TrimSuffix(path.Base(p), path.Ext(p))))
}

// script returns the JavaScript at decoded path p: a Drupal behavior with
// deterministic filler, and no URLs, so it adds nothing to crawl.
func script(p string) string {
	name := cssClass(p)
	switch {
	case strings.Contains(p, "mediaelement"):
		return "/*!\n * MediaElement.js\n * HTML5 <video> and <audio> shim and player\n * Copyright 2010-2013, John Dyer\n * License: MIT\n */\nvar mejs=mejs||{};mejs.version=\"2.13.2\";mejs.meIndex=0;\n"
	case strings.Contains(p, "html5-respond"):
		return "/*! HTML5 Shiv v3.6 | @afarkas @jdalton @jon_neal @rem | MIT/GPL2 Licensed */\n(function(l,f){function m(){var a=e.elements;return\"string\"==typeof a?a.split(\" \"):a}})(this,document);\n/*! Respond.js v1.1.0: min/max-width media query polyfill. (c) Scott Jehl. MIT/GPLv2 Lic. */\nwindow.matchMedia=window.matchMedia||function(){return{matches:false}};\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "/* advagg: %s */\n(function ($) {\n  Drupal.behaviors.%s = {\n    attach: function (context, settings) {\n", path.Base(p), strings.ReplaceAll(name, "-", "_"))
	for i, c := range filler(p, 24) {
		fmt.Fprintf(&b, "      $('.block-%d', context).once('b%d').addClass('c%02x');\n", i, i, c)
	}
	b.WriteString("    }\n  };\n})(jQuery);\n")
	return b.String()
}
