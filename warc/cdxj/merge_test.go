package cdxj

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestMergeSortedIndexes(t *testing.T) {
	a := "org,unmissions,minusma)/ 20231201000000 {\"url\":\"https://minusma.unmissions.org/\"}\n" +
		"org,unmissions,minusma)/en 20231201000001 {\"url\":\"https://minusma.unmissions.org/en\"}\n"
	b := "org,unmissions,minusma)/ 20231201000002 {\"url\":\"https://minusma.unmissions.org/\"}\n\n" +
		"org,unmissions,minusma)/fr 20231201000003 {\"url\":\"https://minusma.unmissions.org/fr\"}\n"
	c := ""
	var out bytes.Buffer
	if err := Merge(&out, strings.NewReader(a), strings.NewReader(b), strings.NewReader(c)); err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSpace(a+b), "\n")
	want = slices.DeleteFunc(want, func(s string) bool { return s == "" })
	slices.Sort(want)
	if got := strings.Split(strings.TrimSpace(out.String()), "\n"); !slices.Equal(got, want) {
		t.Errorf("merged:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
