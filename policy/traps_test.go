package policy

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestTrapCheck(t *testing.T) {
	deep := "/" + strings.Join(func() []string {
		var s []string
		for i := range 33 {
			s = append(s, fmt.Sprint("s", i))
		}
		return s
	}(), "/")
	many := strings.Repeat("a=1&", 30) + "b=2"
	tests := []struct{ name, path, want string }{
		{"home", "/en", ""},
		{"minusma news", "/en/press-releases-2023", ""},
		{"image with date", "/sites/default/files/whatsapp_image_2023-10-19_at_10.36.34.jpeg", ""},
		{"long url", "/" + strings.Repeat("x", 2048), "trap:url-length"},
		{"32 segments", deep[:strings.LastIndex(deep, "/")], ""},
		{"33 segments", deep, "trap:path-depth"},
		{"trailing slash is no segment", deep[:strings.LastIndex(deep, "/")] + "/", ""},
		{"three repeats", "/a/a/a", ""},
		{"four repeats", "/a/a/a/a", "trap:repeated-segment"},
		{"scattered repeats", "/a/b/a/c/a/d/a", "trap:repeated-segment"},
		{"empty segments", "/x//y//z//w//", "trap:repeated-segment"},
		{"date parts repeat", "/2015/01/01/01", ""},
		{"30 args", "/s?" + strings.Repeat("a=1&", 29) + "b=2", ""},
		{"31 args", "/s?" + many, "trap:query-params"},
		{"empty args ignored", "/s?" + strings.Repeat("&", 40), ""},
		{"path year month ok", "/en/2013/07/x", ""},
		{"path year month future", "/events/2099/01/", "trap:calendar"},
		{"path year month past", "/events/1900/12/", "trap:calendar"},
		{"next year ok", "/events/2027/01/", ""},
		{"year after next", "/events/2028/01/", "trap:calendar"},
		{"window edge", "/events/1996/01/", ""},
		{"before window", "/events/1995/12/", "trap:calendar"},
		{"year not followed by month", "/files/1900/13/x", ""},
		{"four digit id", "/node/1234", ""},
		{"iso date path", "/calendar/2150-01-31", "trap:calendar"},
		{"iso date query", "/calendar?day=1850-06-01", "trap:calendar"},
		{"iso date bad month", "/x/1850-13-01", ""},
		{"digits around", "/x/12150-01-311", ""},
		{"year arg", "/agenda?year=1901", "trap:calendar"},
		{"yr arg ok", "/agenda?YR=2020", ""},
		{"date month arg", "/agenda?date=2100-02", "trap:calendar"},
		{"month arg ok", "/agenda?month=2024-02", ""},
		// The forms sites put dates in (issue 11): each outside the window is refused.
		{"year-month segment", "/en/calendar/1995-01", "trap:calendar"},
		{"year-month segment ok", "/en/calendar/2023-12", ""},
		{"year-month in a word", "/en/events-2052-03", "trap:calendar"},
		{"compact month segment", "/en/agenda/205203", "trap:calendar"},
		{"compact day segment", "/en/agenda/19800105", "trap:calendar"},
		{"compact number is no date", "/en/news/117520", ""},
		{"compact month arg", "/agenda?month=199001", "trap:calendar"},
		{"compact date arg", "/agenda?date=20520101", "trap:calendar"},
		{"compact value, other arg", "/search?page=199001", ""},
		{"day-month-year", "/events/05-01-1980", "trap:calendar"},
		{"dotted date", "/events?d=1980.01.05", "trap:calendar"},
		{"bare year segment", "/en/archive/1971", "trap:calendar"},
		{"bare year segment ok", "/en/archive/2019", ""},
		{"bare year after id segment", "/node/1950", ""},
		{"month arg bare year", "/agenda?month=2090", "trap:calendar"},
		{"y arg", "/agenda?y=1901", "trap:calendar"},
		{"month name", "/fr/agenda/d%C3%A9cembre-1990", "trap:calendar"},
		{"month name ok", "/fr/agenda/d%C3%A9cembre-2023", ""},
		{"month abbreviation", "/events/dec-2052", "trap:calendar"},
		{"year then month name", "/events/2099_january", "trap:calendar"},
		{"month name arg", "/agenda?m=mars-1980", "trap:calendar"},
		{"a word that is no month", "/en/march-for-peace-1980", ""},
		{"a dated report is a file", "/sites/default/files/documents/19920411_pacte_national.pdf", ""},
		{"a dated file name", "/sites/default/files/report_1994-06_archives_en.pdf", ""},
		{"a dated image", "/files/1971/05/photo.jpg", ""},
	}
	cfg := DefaultTrapConfig(2026)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := mustParse(t, "https://minusma.unmissions.org"+tt.path)
			rule, reason := cfg.Check(u)
			if rule != tt.want {
				t.Errorf("Check(%s) = %q (%s), want %q", tt.path, rule, reason, tt.want)
			}
			if (rule == "") != (reason == "") {
				t.Errorf("rule %q with reason %q", rule, reason)
			}
		})
	}
}

func TestTrapCheckDisabled(t *testing.T) {
	u := mustParse(t, "https://x.org/a/a/a/a/a/2099/01/?year=1000&"+strings.Repeat("b&", 50)+strings.Repeat("z", 3000))
	if rule, _ := (TrapConfig{}).Check(u); rule != "" {
		t.Errorf("zero TrapConfig refused with %q", rule)
	}
	if rule, _ := DefaultTrapConfig(2026).Check(nil); rule != "" {
		t.Errorf("Check(nil) = %q", rule)
	}
	noWindow := DefaultTrapConfig(2026)
	noWindow.CalendarWindowYears = 0
	if rule, _ := noWindow.Check(mustParse(t, "https://x.org/1200/01/")); rule != "" {
		t.Errorf("window 0 should have no lower bound, got %q", rule)
	}
}

func TestCalendarSteps(t *testing.T) {
	cfg := DefaultScopeConfig()
	cfg.Seeds = []string{"https://minusma.unmissions.org/en"}
	cfg.Traps = DefaultTrapConfig(2026)
	s, err := NewScope(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mustURL := func(raw string) *url.URL {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	page := mustURL("https://minusma.unmissions.org/en/events")
	dec := mustURL("https://minusma.unmissions.org/en/calendar/2023/12")
	nov := mustURL("https://minusma.unmissions.org/en/calendar/2023/11")
	oct := mustURL("https://minusma.unmissions.org/en/calendar/2023/10")
	first := s.Decide(Candidate{URL: dec, HopPath: "L", Via: page})
	if !first.Allowed || first.CalendarSteps != 0 {
		t.Fatalf("linked month: %+v", first)
	}
	step := s.Decide(Candidate{URL: nov, HopPath: "LL", Via: dec, CalendarSteps: first.CalendarSteps})
	if !step.Allowed || step.CalendarSteps != 1 {
		t.Fatalf("neighbour month: %+v", step)
	}
	far := s.Decide(Candidate{URL: oct, HopPath: "LLL", Via: nov, CalendarSteps: step.CalendarSteps})
	if far.Allowed || far.Rule != "trap:calendar-steps" {
		t.Fatalf("second step: %+v, want trap:calendar-steps", far)
	}
	for _, pair := range [][2]string{
		{"https://x.org/en/events/2024-01", "https://x.org/en/events/2023-12"},
		{"https://x.org/agenda?month=202401&view=grid", "https://x.org/agenda?view=list&month=202312"},
		{"https://x.org/cal/2023/12/05/", "https://x.org/cal/2023/12/04/"},
	} {
		if !CalendarStep(mustURL(pair[0]), mustURL(pair[1])) {
			t.Errorf("%s from %s is a calendar step", pair[0], pair[1])
		}
	}
	// Two calendars linking each other are one walk: the count carries on.
	year := mustURL("https://minusma.unmissions.org/events/1998")
	day := mustURL("https://minusma.unmissions.org/events/day/1998-01-01")
	prevDay := mustURL("https://minusma.unmissions.org/events/day/1997-12-31")
	d1 := s.Decide(Candidate{URL: day, HopPath: "LL", Via: year, CalendarSteps: 1})
	d2 := s.Decide(Candidate{URL: prevDay, HopPath: "LLL", Via: day, CalendarSteps: d1.CalendarSteps})
	if d1.CalendarSteps != 1 || d2.Allowed || d2.Rule != "trap:calendar-steps" {
		t.Errorf("year -> day -> previous day: %+v then %+v; want the count carried, then refused", d1, d2)
	}
	if CalendarStep(mustURL("https://x.org/en/events/2024-01"), mustURL("https://x.org/en/agenda/2023-12")) {
		t.Error("two calendars of different families: not a step")
	}
	// An earlier crawl's month joins the frontier at the end of its walk: it
	// is kept, its neighbour refused, so recrawls do not walk further each time.
	steps := s.EarlierCalendarSteps(nov)
	again := s.Decide(Candidate{URL: nov, HopPath: "X", CalendarSteps: steps})
	next := s.Decide(Candidate{URL: oct, HopPath: "XL", Via: nov, CalendarSteps: again.CalendarSteps})
	if !again.Allowed || again.CalendarSteps != steps || next.Allowed || next.Rule != "trap:calendar-steps" {
		t.Errorf("earlier month: %+v, then its neighbour %+v; want kept at %d steps, then refused", again, next, steps)
	}
	if s.EarlierCalendarSteps(page) != 0 {
		t.Error("an undated earlier URL starts no walk")
	}
	if CalendarStep(mustURL("https://x.org/en/news?page=2"), mustURL("https://x.org/en/news?page=1")) {
		t.Error("pagination without dates counted as a calendar step")
	}
}

func TestPathLoop(t *testing.T) {
	cfg := DefaultScopeConfig()
	cfg.Seeds = []string{"http://mission.test/en"}
	s, err := NewScope(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		url, via, rule string
	}{
		{"http://mission.test/en/careers/internships/vacancies/", "http://mission.test/en/careers/internships/", "scope:domain"},
		{"http://mission.test/en/careers/internships/vacancies/internships/", "http://mission.test/en/careers/internships/vacancies/", "trap:path-loop"},
		{"http://mission.test/en/careers/faq/", "http://mission.test/en/careers/faq/internships/", "scope:domain"},
		{"http://mission.test/en/news/2023/12/", "http://mission.test/en/news/2023/", "scope:domain"},
		{"http://mission.test/docs/en/guide/en/", "http://mission.test/docs/en/guide/", "trap:path-loop"},
	}
	for _, c := range cases {
		u, _ := Canonicalize(c.url, nil)
		v, _ := Canonicalize(c.via, nil)
		if d := s.Decide(Candidate{URL: u, HopPath: "LL", Via: v}); d.Rule != c.rule {
			t.Errorf("%s from %s: %s (%s), want %s", c.url, c.via, d.Rule, d.Reason, c.rule)
		}
	}
}
