package report

import (
	"encoding/json"
	"io"

	"github.com/salvage-archive/salvage/crawler/verify"
)

// writeJSON writes the report as it is, indented (Write normalizes it
// first: schema version stamped, empty lists as [] rather than null).
func writeJSON(w io.Writer, r *verify.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// normalized returns a copy of r whose schema is verify.SchemaVersion,
// grouped afresh (verify.Report.Group: placements and fixes always follow
// the appearances), and whose lists and maps
// are never nil, so consumers of the JSON schema can rely on their types.
// r itself is not modified.
func normalized(r *verify.Report) *verify.Report {
	c := *r
	c.Schema = verify.SchemaVersion
	c.Links = make([]verify.Link, len(r.Links))
	for i, l := range r.Links {
		l.Appearances = orEmpty(l.Appearances)
		c.Links[i] = l
	}
	c.Feeds = make([]verify.Feed, len(r.Feeds))
	for i, f := range r.Feeds {
		f.Pages, f.Evidence = orEmpty(f.Pages), orEmpty(f.Evidence)
		c.Feeds[i] = f
	}
	c.Group()
	for i := range c.Links {
		c.Links[i].Placements = orEmpty(c.Links[i].Placements)
	}
	c.Counts = orEmptyMap(r.Counts)
	c.ByHost = orEmptyMap(r.ByHost)
	c.Missing = orEmpty(r.Missing)
	return &c
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func orEmptyMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return map[K]V{}
	}
	return m
}
