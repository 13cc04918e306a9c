package policy

import "strings"

// Dates where sites put them. urlYears finds every date a URL carries, in
// the forms calendars and archives use:
//
//   - separated: YYYY-MM, YYYY-MM-DD, DD-MM-YYYY (also with _ . or /
//     between the numbers inside one segment or value), /YYYY/MM/ across
//     two path segments;
//   - compact: YYYYMM and YYYYMMDD, as a path segment or inside one, or the
//     value of a date-like argument (month=, date=, day=, from=, ...);
//   - a bare year: a path segment YYYY (not after an id segment such as
//     /node/), or year=/yr=/y=YYYY;
//   - a year next to a month's name (months.go): décembre-2023, 2023-dec.
//
// A file (a name with a document or media extension: .pdf, .jpg, ...) is no
// calendar page: a report dated 1992 is archived whatever its date.
//
// Compact and bare forms count only for years 1900-2199, so an ordinary
// number (/news/117520, /node/1850) is not taken for a date.

// dateArgs are query arguments whose compact values are dates.
var dateArgs = map[string]bool{
	"date": true, "month": true, "day": true, "week": true, "ym": true, "ymd": true, "d": true, "m": true,
	"from": true, "to": true, "start": true, "end": true, "since": true, "until": true,
	"start_date": true, "end_date": true, "mini": true, "cal": true, "calendar": true, "period": true,
}

// yearArgs are query arguments whose 4-digit values are years.
var yearArgs = map[string]bool{"year": true, "yr": true, "y": true}

// idSegments are path segments after which a number is an id, not a date.
var idSegments = map[string]bool{
	"node": true, "user": true, "users": true, "term": true, "comment": true, "id": true, "item": true,
	"items": true, "p": true, "page": true, "file": true, "files": true, "media": true, "article": true,
}

// urlYears returns the years of the dates found in p.
func urlYears(p canonParts) []int {
	segs := pathSegments(p.path)
	years := pathYears(segs)
	for i, s := range segs {
		idContext := i > 0 && idSegments[strings.ToLower(segs[i-1])]
		years = append(years, stringYears(stripPathParams(s), !idContext)...)
		years = append(years, monthYears(stripPathParams(s))...)
		if y, ok := digits(s, 4, 4); ok && !idContext && plausibleYear(y) {
			years = append(years, y)
		}
	}
	return append(years, queryYears(p.query)...)
}

// pathYears finds /YYYY/MM/: a four-digit segment followed by a month.
func pathYears(segs []string) []int {
	var years []int
	for i := 0; i+1 < len(segs); i++ {
		if y, ok := digits(segs[i], 4, 4); ok && isMonth(segs[i+1]) {
			years = append(years, y)
		}
	}
	return years
}

// queryYears reads every argument's value: separated dates always, compact
// ones under date-like names, bare years under year-like names.
func queryYears(q string) []int {
	var years []int
	for _, a := range queryArgs(q) {
		k, v, _ := strings.Cut(a, "=")
		k = strings.ToLower(k)
		years = append(years, stringYears(v, dateArgs[k])...)
		years = append(years, monthYears(v)...)
		if y, ok := digits(v, 4, 4); ok && (yearArgs[k] || dateArgs[k]) {
			years = append(years, y)
		}
	}
	return years
}

// stringYears finds the dates inside s: each run of digits joined by single
// separators is read as a date when its shape is one.
func stringYears(s string, compact bool) []int {
	var years []int
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := endOfDate(s, i)
		if y, ok := groupYear(strings.FieldsFunc(s[i:j], isDateSep), compact); ok {
			years = append(years, y)
		}
		i = j
	}
	return years
}

func isDateSep(r rune) bool { return r == '-' || r == '_' || r == '.' || r == '/' }

// endOfDate is the end of the digit group starting at i (digits joined by
// single separators with digits on both sides).
func endOfDate(s string, i int) int {
	for i < len(s) {
		switch {
		case isDigit(s[i]):
			i++
		case isDateSep(rune(s[i])) && i+1 < len(s) && isDigit(s[i+1]):
			i++
		default:
			return i
		}
	}
	return i
}

// groupYear reads one group of numbers as a date.
func groupYear(parts []string, compact bool) (int, bool) {
	switch shape(parts) {
	case "4.2", "4.2.2":
		y, _ := digits(parts[0], 4, 4)
		return y, isMonth(parts[1]) && (len(parts) == 2 || isDay(parts[2]))
	case "2.2.4", "1.1.4", "1.2.4", "2.1.4":
		y, _ := digits(parts[2], 4, 4)
		return y, isDay(parts[0]) && isMonth(parts[1]) || isMonth(parts[0]) && isDay(parts[1])
	case "6", "8":
		s := parts[0]
		y, _ := digits(s[:4], 4, 4)
		return y, compact && plausibleYear(y) && isMonth(s[4:6]) && (len(s) == 6 || isDay(s[6:]))
	}
	return 0, false
}

// shape is the lengths of the parts: "4.2.2" for 2023-12-05.
func shape(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(string(rune('0' + min(len(p), 9))))
	}
	return b.String()
}

func plausibleYear(y int) bool { return y >= 1900 && y <= 2199 }

func isMonth(s string) bool {
	m, ok := digits(s, 1, 2)
	return ok && m >= 1 && m <= 12
}

func isDay(s string) bool {
	d, ok := digits(s, 1, 2)
	return ok && d >= 1 && d <= 31
}
