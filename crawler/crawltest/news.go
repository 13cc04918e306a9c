package crawltest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Generated news: Config.Articles articles, 10 a page, generated on
// request from their number alone.

const (
	newsPerPage   = 10
	articlePrefix = "/en/news/article-"
	articleImages = "/sites/default/files/styles/380x220/public/field/image/article-"
	articlePDFs   = "/sites/default/files/news/article-"
	articleNID    = 120000
)

func (s *site) newsPages() int { return max(1, (s.cfg.Articles+newsPerPage-1)/newsPerPage) }

// newsPageHref is Drupal's pager link: the first page has no query.
func newsPageHref(n int) string {
	if n == 0 {
		return "/en/news"
	}
	return "/en/news?page=" + strconv.Itoa(n)
}

func articleHref(k int) string { return articlePrefix + strconv.Itoa(k) }

func articleImage(k int) string {
	return styledImage("380x220", fmt.Sprintf("field/image/article-%d.jpeg", k))
}

func articleHasPDF(k int) bool { return k%5 == 0 }

func articlePDF(k int) string { return articlePDFs + strconv.Itoa(k) + ".pdf" }

func articleTitle(k int) string {
	return fmt.Sprintf("%s %s %s (No. %d)", pick(proseActors, k), pick(proseActs, k/3), pick(prosePlaces, k/7), k+1)
}

// articleDate: three articles a day, going back from the closure.
func articleDate(k int) time.Time { return siteEpoch.AddDate(0, 0, -k/3) }

// number parses the decimal in s (no sign, no leading zero) below limit.
func number(s string, limit int) (int, bool) {
	if s == "" || (len(s) > 1 && s[0] == '0') || len(s) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n < limit
}

// newsIndex is /en/news?page=N. Like Drupal's views pager, a bad or
// missing page is page 0 and a page past the end is an empty list.
func (s *site) newsIndex(pageArg string) response {
	n, err := strconv.Atoi(pageArg)
	if err != nil || n < 0 {
		n = 0
	}
	var b strings.Builder
	first, last := n*newsPerPage, min((n+1)*newsPerPage, s.cfg.Articles)
	if first >= last {
		b.WriteString("<p>There is currently no content classified with this term.</p>\n")
	}
	for k := first; k < last; k++ {
		fmt.Fprintf(&b, `<div class="views-row"><figure class="field-image"><a href="%[1]s"><img typeof="foaf:Image" src="%[2]s" width="380" height="220" alt="" /></a></figure>
<div class="views-field-title"><a href="%[1]s">%[3]s</a></div><div class="views-field-created"><span>%[4]s</span></div></div>
`, articleHref(k), htmlEscape(articleImage(k)), htmlEscape(articleTitle(k)), articleDate(k).Format("02 Jan 2006"))
	}
	b.WriteString(pager(n, s.newsPages()))
	p := s.pages["/en/news"]
	v := pageView{Path: newsPageHref(n), Title: p.Title, Lang: "en", NID: s.nid[p], Crumbs: s.crumbs(p), Content: b.String(), BodyClass: "page-news"}
	return htmlResponse(http.StatusOK, s.theme.render(v), "en", siteOrigin+newsPageHref(n), articleDate(first))
}

// pager is Drupal's full pager: first, previous, up to nine page numbers
// around the current one, next, last.
func pager(cur, pages int) string {
	if pages <= 1 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<h2 class=\"element-invisible\">Pages</h2><div class=\"item-list\"><ul class=\"pager\">")
	item := func(class, title string, n int, text string) {
		fmt.Fprintf(&b, `<li class="%s"><a title="%s" href="%s">%s</a></li>`, class, title, htmlEscape(newsPageHref(n)), text)
	}
	if cur > 0 {
		item("pager-first first", "Go to first page", 0, "« first")
		item("pager-previous", "Go to previous page", cur-1, "‹ previous")
	}
	lo := max(0, min(cur-4, pages-9))
	for n := lo; n < min(pages, lo+9); n++ {
		if n == cur {
			fmt.Fprintf(&b, `<li class="pager-current">%d</li>`, n+1)
			continue
		}
		item("pager-item", fmt.Sprintf("Go to page %d", n+1), n, strconv.Itoa(n+1))
	}
	if cur < pages-1 {
		item("pager-next", "Go to next page", cur+1, "next ›")
		item("pager-last last", "Go to last page", pages-1, "last »")
	}
	b.WriteString("</ul></div>\n")
	return b.String()
}

// articleRoute serves /en/news/article-K.
func (s *site) articleRoute(p string) (response, bool) {
	k, ok := strings.CutPrefix(p, articlePrefix)
	if !ok {
		return response{}, false
	}
	n, ok := number(k, s.cfg.Articles)
	if !ok {
		return response{}, false
	}
	return htmlResponse(http.StatusOK, s.renderArticle(n), "en", siteOrigin+articleHref(n), articleDate(n)), true
}

func (s *site) renderArticle(k int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<div class=\"field field-name-field-image\"><img typeof=\"foaf:Image\" src=\"%s\" width=\"380\" height=\"220\" alt=\"\" /></div>\n", htmlEscape(articleImage(k)))
	fmt.Fprintf(&b, "<div class=\"field field-name-post-date\"><span class=\"date-display-single\">%s</span></div>\n", articleDate(k).Format("02 Jan 2006"))
	fmt.Fprintf(&b, "<div class=\"field field-name-body\">\n%s</div>\n", paragraphs("en", articleNID+k, 3))
	if articleHasPDF(k) {
		fmt.Fprintf(&b, "<div class=\"field field-name-field-file\"><a href=\"%s\">Background note (PDF)</a></div>\n", articlePDF(k))
	}
	b.WriteString("<ul class=\"node-pager\">")
	if k > 0 {
		fmt.Fprintf(&b, `<li class="previous"><a href="%s">‹ previous</a></li>`, articleHref(k-1))
	}
	if k < s.cfg.Articles-1 {
		fmt.Fprintf(&b, `<li class="next"><a href="%s">next ›</a></li>`, articleHref(k+1))
	}
	b.WriteString("</ul>\n<p><a href=\"/en/news\">Back to news</a></p>\n")
	news := s.pages["/en/news"]
	v := pageView{Path: articleHref(k), Title: articleTitle(k), Lang: "en", NID: articleNID + k,
		Crumbs: append(s.crumbs(news), link{news.Path, news.Title}), Content: b.String(), BodyClass: "node-type-article"}
	return s.theme.render(v)
}

// articleAssetRoute serves the generated articles' images and PDFs.
func (s *site) articleAssetRoute(p string) (response, bool) {
	if !s.isArticleAsset(p) {
		return response{}, false
	}
	return s.generated(p)
}

// isArticleAsset reports whether p is the image or the PDF of an article.
func (s *site) isArticleAsset(p string) bool {
	if k, ok := strings.CutPrefix(p, articleImages); ok {
		_, ok := number(strings.TrimSuffix(k, ".jpeg"), s.cfg.Articles)
		return ok && strings.HasSuffix(k, ".jpeg")
	}
	if k, ok := strings.CutPrefix(p, articlePDFs); ok {
		n, ok := number(strings.TrimSuffix(k, ".pdf"), s.cfg.Articles)
		return ok && strings.HasSuffix(k, ".pdf") && articleHasPDF(n)
	}
	return false
}
