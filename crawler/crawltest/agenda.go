package crawltest

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Two more calendars, in other shapes than /en/calendar/YYYY/MM, each an
// endless trap: every month of a four-digit year answers 200 and links
// the months before and after it.
//
//   - /en/events/YYYY-MM (linked from /en/activities): relative links
//     ("2023-11"), the previous month's text an arrow, the next one's its
//     name;
//   - /en/agenda?month=YYYYMM (linked from /en/media-inquiries): links that
//     are only a query ("?month=202311"), the previous month's text its
//     name, the next one's an arrow.
//
// Both list the dated news pages of their month, which other pages link
// already.

const (
	eventsPrefix = "/en/events/"
	agendaPath   = "/en/agenda"
)

var (
	eventsRe      = regexp.MustCompile(`^/en/events/(\d{4})-(0[1-9]|1[0-2])$`)
	agendaMonthRe = regexp.MustCompile(`^(\d{4})(0[1-9]|1[0-2])$`)
)

func eventsHref(t time.Time) string { return eventsPrefix + t.Format("2006-01") }
func agendaHref(t time.Time) string { return agendaPath + "?month=" + t.Format("200601") }

// inCalendar reports whether t's year has four digits, as the URLs need.
func inCalendar(t time.Time) bool { return t.Year() >= 0 && t.Year() <= 9999 }

// monthOf parses a year and a month already checked by a pattern.
func monthOf(y, m string) time.Time {
	year, _ := strconv.Atoi(y)
	mon, _ := strconv.Atoi(m)
	return time.Date(year, time.Month(mon), 1, 0, 0, 0, 0, time.UTC)
}

// eventsRoute serves /en/events/YYYY-MM.
func (s *site) eventsRoute(r *http.Request) (response, bool) {
	m := eventsRe.FindStringSubmatch(r.URL.Path)
	if m == nil || r.URL.RawQuery != "" {
		return response{}, false
	}
	first := monthOf(m[1], m[2])
	nav := fmt.Sprintf(`<ul class="events-pager">%s<li class="current">%s</li>%s</ul>`+"\n",
		monthLink(first.AddDate(0, -1, 0), "prev", "Previous month", eventsRelative, func(time.Time) string { return "←" }),
		first.Format("January 2006"),
		monthLink(first.AddDate(0, 1, 0), "next", "Next month", eventsRelative, monthName))
	act := s.pages["/en/activities"]
	v := pageView{Path: eventsHref(first), Title: "Events", Lang: "en", NID: s.nid[act], BodyClass: "page-events",
		Crumbs: append(s.crumbs(act), link{act.Path, act.Title}), Content: nav + s.monthNews(first) + monthTable(first)}
	return htmlResponse(http.StatusOK, s.theme.render(v), "en", siteOrigin+v.Path, siteEpoch), true
}

// agendaRoute serves /en/agenda?month=YYYYMM.
func (s *site) agendaRoute(r *http.Request) (response, bool) {
	if r.URL.Path != agendaPath {
		return response{}, false
	}
	q := r.URL.Query()
	m := agendaMonthRe.FindStringSubmatch(q.Get("month"))
	if m == nil || len(q) != 1 || len(q["month"]) != 1 {
		return response{}, false
	}
	first := monthOf(m[1], m[2])
	nav := fmt.Sprintf(`<p class="agenda-nav">%s <strong>%s</strong> %s</p>`+"\n",
		monthLink(first.AddDate(0, -1, 0), "agenda-prev", "Previous month", agendaQuery, monthName),
		first.Format("January 2006"),
		monthLink(first.AddDate(0, 1, 0), "agenda-next", "Next month", agendaQuery, func(time.Time) string { return "→" }))
	mi := s.pages["/en/media-inquiries"]
	v := pageView{Path: agendaHref(first), Title: "Press agenda", Lang: "en", NID: s.nid[mi], BodyClass: "page-agenda",
		Crumbs: append(s.crumbs(mi), link{mi.Path, mi.Title}), Content: nav + s.monthNews(first)}
	return htmlResponse(http.StatusOK, s.theme.render(v), "en", siteOrigin+v.Path, siteEpoch), true
}

func eventsRelative(t time.Time) string { return t.Format("2006-01") }
func agendaQuery(t time.Time) string    { return "?month=" + t.Format("200601") }
func monthName(t time.Time) string      { return t.Format("January 2006") }

// monthLink is one pager link, or nothing past a four-digit year.
func monthLink(t time.Time, class, title string, href, text func(time.Time) string) string {
	if !inCalendar(t) {
		return ""
	}
	return fmt.Sprintf(`<a href="%s" class="%s" title="%s">%s</a>`, href(t), class, title, htmlEscape(text(t)))
}

// monthNews lists the static news pages dated in first's month.
func (s *site) monthNews(first time.Time) string {
	var items []link
	for _, p := range enPages {
		if strings.HasPrefix(p.Date, first.Format("2006-01-")) {
			items = append(items, link{p.Path, p.Title})
		}
	}
	if len(items) == 0 {
		return "<p class=\"no-events\">No events this month.</p>\n"
	}
	return listing(items)
}
