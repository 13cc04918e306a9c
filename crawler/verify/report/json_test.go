package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/crawler/verify"
)

func TestJSONRoundTrip(t *testing.T) {
	r := fixtureReport()
	var buf bytes.Buffer
	if err := Write(&buf, JSON, r); err != nil {
		t.Fatal(err)
	}
	if r.Schema != "" {
		t.Errorf("Write modified the report: schema %q", r.Schema)
	}
	var got verify.Report
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, buf.String())
	}
	want := normalized(r)
	if got.Schema != verify.SchemaVersion {
		t.Errorf("schema = %q, want %q", got.Schema, verify.SchemaVersion)
	}
	if !reflect.DeepEqual(&got, want) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", got, *want)
	}
	if !strings.Contains(buf.String(), "\n  \"schema\": \"1.2\",") {
		t.Errorf("output is not indented or has no schema line:\n%.200s", buf.String())
	}
}

func TestJSONEmptyListsAreArrays(t *testing.T) {
	var buf bytes.Buffer
	r := &verify.Report{Links: []verify.Link{{URL: "https://example.org/", Class: "ok"}}}
	if err := Write(&buf, JSON, r); err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"feeds": "[]", "missing": "[]", "counts": "{}", "byHost": "{}"} {
		if got := string(raw[key]); got != want {
			t.Errorf("%s = %s, want %s", key, got, want)
		}
	}
	var links []map[string]json.RawMessage
	if err := json.Unmarshal(raw["links"], &links); err != nil {
		t.Fatal(err)
	}
	if got := string(links[0]["appearances"]); got != "[]" {
		t.Errorf("appearances = %s, want []", got)
	}
}
