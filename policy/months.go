package policy

import (
	"net/url"
	"strings"
)

// monthNames are month names and common abbreviations, lower-case, in the
// languages of the sites salvage is pointed at (English, French, Spanish,
// Portuguese, Italian, German, Dutch): a calendar that writes
// /agenda/décembre-2023 or /events/dec-2023 walks dates too.
var monthNames = func() map[string]int {
	lists := [][]string{
		{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"},
		{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"},
		{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		{"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"},
		{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
		{"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"},
		{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	}
	m := map[string]int{}
	for _, l := range lists {
		for i, name := range l {
			m[name] = i + 1
		}
	}
	return m
}()

// isMonthName reports whether an (escaped) word is a month's name.
func isMonthName(word string) bool {
	if w, err := url.PathUnescape(word); err == nil {
		word = w
	}
	_, ok := monthNames[strings.ToLower(word)]
	return ok
}

// wordParts splits a segment or value into its words and numbers.
func wordParts(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == '+' || r == ' ' || r == ',' })
}

// monthYears finds a year next to a month's name: décembre-2023, 2023_dec.
func monthYears(s string) []int {
	parts := wordParts(s)
	var years []int
	for i, p := range parts {
		y, ok := digits(p, 4, 4)
		if !ok || !plausibleYear(y) {
			continue
		}
		if i > 0 && isMonthName(parts[i-1]) || i+1 < len(parts) && isMonthName(parts[i+1]) {
			years = append(years, y)
		}
	}
	return years
}

// generalizeMonths writes "#m" for each word of s that is a month's name.
func generalizeMonths(s string) string {
	parts := wordParts(s)
	changed := false
	for _, p := range parts {
		if isMonthName(p) {
			changed = true
		}
	}
	if !changed {
		return s
	}
	var b strings.Builder
	word := strings.Builder{}
	flush := func() {
		if w := word.String(); w != "" {
			if isMonthName(w) {
				b.WriteString("#m")
			} else {
				b.WriteString(w)
			}
			word.Reset()
		}
	}
	for _, r := range s {
		if r == '-' || r == '_' || r == '.' || r == '+' || r == ' ' || r == ',' {
			flush()
			b.WriteRune(r)
			continue
		}
		word.WriteRune(r)
	}
	flush()
	return b.String()
}
