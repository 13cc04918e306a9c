package crawltest

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The events calendar is a crawler trap: every month links the previous and
// the next one, and every year/month answers 200.

var calendarRe = regexp.MustCompile(`^/en/calendar/(\d{4})/(0[1-9]|1[0-2])$`)

const calendarPrefix = "/en/calendar/"

func calendarHref(y int, m time.Month) string {
	return fmt.Sprintf("%s%04d/%02d", calendarPrefix, y, int(m))
}

// calendarTraps are the hrefs of the trap months the manifest lists.
func calendarTraps() []string {
	return []string{calendarHref(2023, time.November), calendarHref(2023, time.December), calendarHref(2024, time.January)}
}

// calendarRoute serves /en/calendar/YYYY/MM.
func (s *site) calendarRoute(p string) (response, bool) {
	m := calendarRe.FindStringSubmatch(p)
	if m == nil {
		return response{}, false
	}
	y, _ := strconv.Atoi(m[1])
	mon, _ := strconv.Atoi(m[2])
	first := time.Date(y, time.Month(mon), 1, 0, 0, 0, 0, time.UTC)
	return htmlResponse(http.StatusOK, s.renderCalendar(first), "en", siteOrigin+p, siteEpoch), true
}

func (s *site) renderCalendar(first time.Time) string {
	prev, next := first.AddDate(0, -1, 0), first.AddDate(0, 1, 0)
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="date-nav-wrapper"><ul class="pager"><li class="date-prev"><a href="%s" title="Navigate to previous month" rel="nofollow">« Prev</a></li>`,
		calendarHref(prev.Year(), prev.Month()))
	fmt.Fprintf(&b, `<li class="date-heading"><h3>%s</h3></li><li class="date-next"><a href="%s" title="Navigate to next month" rel="nofollow">Next »</a></li></ul></div>`+"\n",
		first.Format("January 2006"), calendarHref(next.Year(), next.Month()))
	b.WriteString(monthTable(first))
	act := s.pages["/en/activities"]
	v := pageView{Path: calendarHref(first.Year(), first.Month()), Title: "Calendar", Lang: "en", NID: s.nid[act],
		Crumbs: append(s.crumbs(act), link{act.Path, act.Title}), Content: b.String(), BodyClass: "page-calendar"}
	return s.theme.render(v)
}

// monthTable is the month grid, weeks starting on Monday, without links.
func monthTable(first time.Time) string {
	var b strings.Builder
	b.WriteString("<table class=\"mini\"><thead><tr><th>Mon</th><th>Tue</th><th>Wed</th><th>Thu</th><th>Fri</th><th>Sat</th><th>Sun</th></tr></thead><tbody><tr>")
	lead := (int(first.Weekday()) + 6) % 7
	b.WriteString(strings.Repeat("<td class=\"empty\"></td>", lead))
	for d := first; d.Month() == first.Month(); d = d.AddDate(0, 0, 1) {
		if d.Day() > 1 && (lead+d.Day()-1)%7 == 0 {
			b.WriteString("</tr><tr>")
		}
		fmt.Fprintf(&b, "<td class=\"day\">%d</td>", d.Day())
	}
	b.WriteString("</tr></tbody></table>\n")
	return b.String()
}
