package report

import (
	"bytes"
	"strings"
	"testing"
)

func renderMarkdown(t *testing.T) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, Markdown, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestMarkdownSections(t *testing.T) {
	md := renderMarkdown(t)
	for _, want := range []string{
		"| not-found | 2 | yes |", "| ok | 1 | no |",
		"## not-found (2)", "## timeout (1)", "## malformed (1)", "## login-wall (1)",
		"## Feeds", "| twitter | timeline | closed |", "## Not in the archive (2)",
		"  - (document) (a): “&lt;script&gt;alert(1)&lt;/script&gt;”, ", "## To fix (",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	for _, absent := range []string{"## ok", "## redirected", "## not-checked"} {
		if strings.Contains(md, absent) {
			t.Errorf("markdown has a section %q for a class that is not a problem", absent)
		}
	}
}

func TestMarkdownIsInert(t *testing.T) {
	md := renderMarkdown(t)
	for _, bad := range []string{"<script", "<img", "<b>", "<form", "\u2028", "\u2029"} {
		if strings.Contains(md, bad) {
			t.Errorf("markdown contains raw %q", bad)
		}
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "second line") || strings.HasPrefix(line, "after") {
			t.Errorf("a page string broke the line: %q", line)
		}
		if strings.HasPrefix(line, "| ") && strings.Count(line, " | ")-strings.Count(line, `\|`) > 5 {
			t.Errorf("a page string added table cells: %q", line)
		}
	}
}

func TestMDText(t *testing.T) {
	tests := map[string]string{
		"plain":             "plain",
		"a|b":               `a\|b`,
		"**bold** _x_":      `\*\*bold\*\* \_x\_`,
		"[x](javascript:1)": `\[x\](javascript:1)`,
		"<b>&amp;":          "&lt;b&gt;&amp;amp;",
		"# heading":         `\# heading`,
		"- item":            `\- item`,
		"a\nb\u2028c":       "a b c",
		"`code` ~s~ $x$":    "\\`code\\` \\~s\\~ \\$x\\$",
		"back\\slash":       `back\\slash`,
		"bell\x07":          "bell\uFFFD",
		"日本語 a-b #c":        "日本語 a-b #c",
		"![img](x)":         `\!\[img\](x)`,
	}
	for in, want := range tests {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
}
