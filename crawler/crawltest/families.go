package crawltest

import (
	"net/http"
	"time"
)

// familyRoute serves the URL families that a path alone does not name: the
// session mazes (sessions.go), the events and agenda calendars (agenda.go)
// and the faceted search (facets.go).
func (s *site) familyRoute(r *http.Request) (response, bool) {
	for _, f := range []func(*http.Request) (response, bool){s.mazeRoute, s.eventsRoute, s.agendaRoute, s.facetRoute} {
		if resp, ok := f(r); ok {
			return resp, true
		}
	}
	return response{}, false
}

// trapFamilies are the endless families the manifest describes, each with
// its entry and neighbours as examples.
func trapFamilies() []TrapFamily {
	linked := time.Date(2023, time.December, 1, 0, 0, 0, 0, time.UTC)
	months := func(href func(time.Time) string) []string {
		return siteURLs([]string{href(linked.AddDate(0, -1, 0)), href(linked), href(linked.AddDate(0, 1, 0))})
	}
	return []TrapFamily{
		{Name: "events", Entry: siteOrigin + eventsHref(linked), Prefix: siteOrigin + eventsPrefix, Example: months(eventsHref)},
		{Name: "agenda", Entry: siteOrigin + agendaHref(linked), Prefix: siteOrigin + agendaPath + "?month=", Example: months(agendaHref)},
		{Name: "search", Entry: canonicalString(siteOrigin + facetHref(facetEntry)), Prefix: siteOrigin + searchPath + "?", Example: siteURLs(facetExamples())},
	}
}
