package policy

import "testing"

func TestHopString(t *testing.T) {
	tests := map[Hop]string{
		HopLink: "L", HopEmbed: "E", HopRedirect: "R", HopSpeculative: "X", HopSitemap: "S", HopPrereq: "P",
		Hop('Q'): "?", Hop(0): "?",
	}
	for h, want := range tests {
		if got := h.String(); got != want {
			t.Errorf("Hop(%d).String() = %q, want %q", byte(h), got, want)
		}
	}
}
