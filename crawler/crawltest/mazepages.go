package crawltest

import (
	"fmt"
	"net/http"
	"strings"
)

// The pages of the session mazes (sessions.go): Drupal pages in the site's
// theme, an old PHP photo gallery and a Java procurement portal. Each view
// links every page of its maze with the view's token.

// mazeResponse is one view of pg: every link to the maze carries token.
func (s *site) mazeResponse(z *sessionMaze, pg *mazePage, token string) response {
	h := http.Header{}
	h.Set("Cache-Control", "no-store, no-cache, must-revalidate")
	var body string
	switch z.App {
	case appPHP:
		body = galleryPage(z, pg, token)
		h.Set("X-Powered-By", "PHP/5.6.40")
		h.Set("Expires", "Thu, 19 Nov 1981 08:52:00 GMT")
		h.Set("Pragma", "no-cache")
	case appJava:
		body = portalPage(z, pg, token)
		h.Set("X-Powered-By", "Servlet/3.0 JSP/2.2")
	default:
		body = s.drupalMazePage(z, pg, token)
		h.Set("X-Generator", "Drupal 7 (http://drupal.org)")
		h.Set("X-Drupal-Cache", "MISS")
		h.Set("Content-Language", "en")
	}
	return response{status: http.StatusOK, ctype: "text/html; charset=utf-8", body: []byte(body), compress: true, header: h}
}

// mazeSeed draws a page's filler text from its path.
func mazeSeed(pg *mazePage) int { return int(filler(pg.Path, 1)[0]) }

// mazeMenu lists the maze's pages, linked with token, the hrefs relative to
// dir ("" for root-relative ones).
func mazeMenu(z *sessionMaze, cur *mazePage, token, dir string) string {
	var b strings.Builder
	b.WriteString("<ul class=\"menu\">")
	for i := range z.Pages {
		p := &z.Pages[i]
		href := strings.TrimPrefix(z.href(p.Path, token, strings.Contains(cur.Path, "?")), dir)
		fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, htmlEscape(href), htmlEscape(p.Title))
	}
	b.WriteString("</ul>\n")
	return b.String()
}

// drupalMazePage is a Drupal page in the site's theme (its switcher's own
// link carries the token too).
func (s *site) drupalMazePage(z *sessionMaze, pg *mazePage, token string) string {
	sub := s.pages["/en/manage-subscriptions"]
	content := paragraphs("en", mazeSeed(pg), 1) + mazeMenu(z, pg, token, "")
	v := pageView{Path: z.href(pg.Path, token, false), Title: pg.Title, Lang: "en", NID: 119000 + mazeSeed(pg),
		Crumbs: append(s.crumbs(sub), link{sub.Path, sub.Title}), Content: content, BodyClass: "page-" + z.Name}
	return s.theme.render(v)
}

// galleryPage is the PHP gallery: relative links, the session id after the
// album id on the index and before it on the albums.
func galleryPage(z *sessionMaze, pg *mazePage, token string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>MINUSMA Photo Archive - %[1]s</title>
<link rel="stylesheet" type="text/css" href="gallery.css">
</head><body>
<div id="header"><a href="/en">MINUSMA</a> &gt; <a href="%[2]s">Photo archive</a></div>
<h1>%[1]s</h1>
`, htmlEscape(pg.Title), htmlEscape(strings.TrimPrefix(z.href(z.Pages[0].Path, token, false), "/gallery/")))
	b.WriteString(paragraphs("en", mazeSeed(pg), 1))
	_, id, isAlbum := strings.Cut(pg.Path, "?id=")
	for n := 1; n < len(z.Pages); n++ {
		switch {
		case !isAlbum:
			fmt.Fprintf(&b, "<a href=\"%s\"><img src=\"photos/album-%d/thumb.jpg\" width=\"160\" height=\"120\" alt=\"\"></a>\n",
				htmlEscape(strings.TrimPrefix(z.href(z.Pages[n].Path, token, false), "/gallery/")), n)
		case fmt.Sprint(n) == id:
			fmt.Fprintf(&b, "<img src=\"photos/album-%[1]d/photo-1.jpg\" alt=\"\"><img src=\"photos/album-%[1]d/photo-2.jpg\" alt=\"\">\n", n)
		}
	}
	b.WriteString(mazeMenu(z, pg, token, "/gallery/"))
	b.WriteString("</body></html>\n")
	return b.String()
}

// portalPage is the Java portal: root-relative links with ;jsessionid=.
func portalPage(z *sessionMaze, pg *mazePage, token string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>UN Procurement Portal - %s</title>
<link rel="stylesheet" href="/portal/static/portal.css">
</head><body>
<header><a href="/en">MINUSMA</a> | United Nations Procurement Portal</header>
<nav>%s</nav>
<main><h1>%s</h1>
`, htmlEscape(pg.Title), mazeMenu(z, pg, token, ""), htmlEscape(pg.Title))
	b.WriteString(paragraphs("en", mazeSeed(pg), 1))
	b.WriteString("<table class=\"notices\"><tr><th>Reference</th><th>Title</th><th>Deadline</th></tr>\n")
	for i := range 3 {
		fmt.Fprintf(&b, "<tr><td>RFP/MINUSMA/2023/%03d</td><td>%s</td><td>%d December 2023</td></tr>\n",
			mazeSeed(pg)+i, htmlEscape(pick(proseActs, mazeSeed(pg)+i)), 1+(mazeSeed(pg)+7*i)%28)
	}
	b.WriteString("</table></main></body></html>\n")
	return b.String()
}

// mazeSamples are one view of every maze page, for the index of files.
func (s *site) mazeSamples(docs map[string]string) {
	for i := range sessionMazes {
		z := &sessionMazes[i]
		for j := range z.Pages {
			pg := &z.Pages[j]
			docs[z.href(pg.Path, z.token(0), false)] = string(s.mazeResponse(z, pg, z.token(0)).body)
		}
	}
}
