package policy

import (
	"slices"
	"strings"
	"testing"
)

func TestLinkClassesOrderAndProblem(t *testing.T) {
	want := "ok redirected not-found server-error too-many-redirects unreachable refused empty-reply tls-error timeout soft-404 " +
		"login-wall bot-blocked robots-excluded stream not-checked malformed blocked-private"
	var got []string
	for _, c := range LinkClasses() {
		got = append(got, string(c))
	}
	if strings.Join(got, " ") != want {
		t.Fatalf("LinkClasses() = %v, want %s", got, want)
	}
	fine := []LinkClass{ClassOK, ClassRedirected, ClassNotChecked, ClassStream}
	for _, c := range LinkClasses() {
		if c.Problem() == slices.Contains(fine, c) {
			t.Errorf("%s.Problem() = %v", c, c.Problem())
		}
	}
	if !LinkClass("whatever").Problem() {
		t.Error("an unknown class is not a problem")
	}
}

func TestParseClasses(t *testing.T) {
	tests := []struct {
		in      string
		want    []LinkClass
		wantErr string
	}{
		{in: "not-found,server-error", want: []LinkClass{ClassNotFound, ClassServerError}},
		{in: " Server-Error , not-found,not-found", want: []LinkClass{ClassNotFound, ClassServerError}},
		{in: "none", want: []LinkClass{}},
		{in: "stream,problems", want: []LinkClass{ClassNotFound, ClassServerError, ClassTooManyRedirects, ClassUnreachable, ClassRefused,
			ClassEmptyReply, ClassTLSError, ClassTimeout, ClassSoft404, ClassLoginWall, ClassBotBlocked, ClassRobotsExcluded,
			ClassStream, ClassMalformed, ClassBlockedPrivate}},
		{in: "not-foud", wantErr: `link class "not-foud": want a comma-separated list of ok, redirected,`},
		{in: "none,ok", wantErr: `link class "none"`},
		{in: "", wantErr: `link class ""`},
		{in: "ok,", wantErr: `link class ""`},
	}
	for _, tt := range tests {
		got, err := ParseClasses(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseClasses(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseClasses(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseClassesProblems(t *testing.T) {
	got, err := ParseClasses("problems")
	if err != nil {
		t.Fatal(err)
	}
	want := slices.DeleteFunc(LinkClasses(), func(c LinkClass) bool { return !c.Problem() })
	if !slices.Equal(got, want) || len(got) != 14 {
		t.Errorf("ParseClasses(problems) = %v, want %v", got, want)
	}
}

func TestClip(t *testing.T) {
	if got := clip("  No photos\n found.  ", 80); got != "No photos found." {
		t.Errorf("clip = %q", got)
	}
	if got := clip("Tombouctou é à", 12); got != "Tombouctou é..." {
		t.Errorf("clip = %q", got)
	}
}
