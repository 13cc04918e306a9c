package report

import (
	"encoding/json"
	"io"
	"slices"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
)

// The SARIF 2.1.0 subset salvage writes (OASIS SARIF v2.1.0, sections 3.13
// to 3.33).
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		ShortDescription     sarifMessage `json:"shortDescription"`
		DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID     string          `json:"ruleId"`
		RuleIndex  int             `json:"ruleIndex"`
		Level      string          `json:"level"`
		Message    sarifMessage    `json:"message"`
		Locations  []sarifLocation `json:"locations"`
		Properties map[string]any  `json:"properties,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical  `json:"physicalLocation"`
		LogicalLocations []sarifLogical `json:"logicalLocations"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifLogical struct {
		Name               string `json:"name"`
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind"`
	}
)

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// writeSARIF writes one run of the "salvage" tool with a rule per problem
// class and a result per (problem link, page it appears on).
func writeSARIF(w io.Writer, r *verify.Report) error {
	rules := sarifRules(r)
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "salvage", Rules: rules}}, Results: []sarifResult{}}
	for _, l := range r.Links {
		if l.Class.Problem() {
			run.Results = append(run.Results, sarifResults(l, ruleIndex(rules, l.Class))...)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifRules has a rule for every problem class of the taxonomy, then for
// any other problem class the report uses.
func sarifRules(r *verify.Report) []sarifRule {
	var rules []sarifRule
	add := func(c policy.LinkClass) {
		if c.Problem() && ruleIndex(rules, c) < 0 {
			rules = append(rules, sarifRule{ID: string(c), ShortDescription: sarifMessage{describe(c)},
				DefaultConfiguration: sarifConfig{sarifLevel(c)}})
		}
	}
	for _, c := range policy.LinkClasses() {
		add(c)
	}
	for _, c := range problemClasses(r) {
		add(c)
	}
	return rules
}

func ruleIndex(rules []sarifRule, c policy.LinkClass) int {
	for i, rule := range rules {
		if rule.ID == string(c) {
			return i
		}
	}
	return -1
}

// sarifResults gives one result per page the link appears on; a link that
// appears nowhere gets one result located at the link itself.
func sarifResults(l verify.Link, rule int) []sarifResult {
	pages := make([]string, 0, len(l.Appearances))
	for _, a := range l.Appearances {
		if !slices.Contains(pages, a.Page) {
			pages = append(pages, a.Page)
		}
	}
	if len(pages) == 0 {
		pages = append(pages, l.URL)
	}
	out := make([]sarifResult, 0, len(pages))
	for _, page := range pages {
		out = append(out, sarifResult{
			RuleID: string(l.Class), RuleIndex: rule, Level: sarifLevel(l.Class),
			Message:    sarifMessage{sarifText(l)},
			Locations:  []sarifLocation{{sarifPhysical{sarifArtifact{page}}, []sarifLogical{{l.URL, l.URL, "resource"}}}},
			Properties: sarifProperties(l),
		})
	}
	return out
}

func sarifText(l verify.Link) string {
	return string(l.Class) + ": " + l.URL + " (" + evidenceOrClass(l) + ")"
}

func sarifProperties(l verify.Link) map[string]any {
	p := map[string]any{"url": l.URL, "internal": l.Internal}
	if l.Status != 0 {
		p["status"] = l.Status
	}
	if l.FinalURL != "" {
		p["finalUrl"] = l.FinalURL
	}
	if l.ReplayURL != "" {
		p["replayUrl"] = l.ReplayURL
	}
	return p
}
