package cdxj

import (
	"encoding/json"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// jsonQuery is warcio.js's jsonToQueryString: every string, number, boolean and null
// of a JSON body becomes a form parameter named by the nearest object key (array items
// share their array's key; a repeated name gets ".2_", ".3_", ...), in the order
// JavaScript walks the parsed value. A body that does not parse gives "".
func jsonQuery(text string) string {
	v, ok := parseJSON(text)
	if !ok {
		return ""
	}
	w := jsonWalker{dupes: map[string]int{}}
	w.walk(v, "")
	return w.p.encode()
}

// jsObject is a parsed JSON object with JavaScript's own-key order: keys that are
// array indices ("0", "7") first in numeric order, then the others as they came; a
// repeated key keeps its first place and its last value (JSON.parse).
type jsObject struct {
	keys []string
	vals map[string]any
}

func (o *jsObject) put(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func (o *jsObject) order() []string {
	var idx, rest []string
	for _, k := range o.keys {
		if isArrayIndex(k) {
			idx = append(idx, k)
		} else {
			rest = append(rest, k)
		}
	}
	slices.SortFunc(idx, func(a, b string) int {
		x, _ := strconv.ParseUint(a, 10, 32)
		y, _ := strconv.ParseUint(b, 10, 32)
		return int(int64(x) - int64(y))
	})
	return append(idx, rest...)
}

// isArrayIndex reports whether k is the canonical decimal form of 0 .. 2^32-2.
func isArrayIndex(k string) bool {
	n, err := strconv.ParseUint(k, 10, 32)
	return err == nil && n < math.MaxUint32 && strconv.FormatUint(n, 10) == k
}

// parseJSON parses one JSON value (and nothing after it but white space), keeping
// key order; numbers are float64 as in JavaScript.
func parseJSON(text string) (any, bool) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

func decodeValue(dec *json.Decoder) (any, error) {
	t, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := t.(type) {
	case json.Delim:
		if t == '{' {
			return decodeObject(dec)
		}
		return decodeArray(dec)
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil && !math.IsInf(f, 0) {
			return nil, err
		}
		return f, nil
	}
	return t, nil // string, bool, nil
}

func decodeObject(dec *json.Decoder) (any, error) {
	o := &jsObject{vals: map[string]any{}}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, err
		}
		v, err := decodeValue(dec)
		if err != nil {
			return nil, err
		}
		o.put(k.(string), v)
	}
	_, err := dec.Token() // '}'
	return o, err
}

func decodeArray(dec *json.Decoder) (any, error) {
	var a []any
	for dec.More() {
		v, err := decodeValue(dec)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
	}
	_, err := dec.Token() // ']'
	return a, err
}

// jsonWalker is jsonToQueryParams' parser.
type jsonWalker struct {
	p     params
	dupes map[string]int
}

func (w *jsonWalker) walk(v any, key string) {
	switch v := v.(type) {
	case *jsObject:
		for _, k := range v.order() {
			w.walk(v.vals[k], k)
		}
	case []any:
		for _, item := range v {
			w.walk(item, key)
		}
	case nil:
		w.add(key, "null")
	case string:
		w.add(key, v)
	case float64:
		w.add(key, jsNumber(v))
	case bool:
		w.add(key, strconv.FormatBool(v))
	}
}

// add sets a parameter under a name not used yet; empty values are left out.
func (w *jsonWalker) add(key, value string) {
	if value == "" {
		return
	}
	if w.p.has(key) {
		if w.dupes[key] == 0 {
			w.dupes[key] = 1
		}
		w.dupes[key]++
		key = key + "." + strconv.Itoa(w.dupes[key]) + "_"
	}
	w.p.set(key, value)
}

// jsNumber is JavaScript's Number.prototype.toString() of f.
func jsNumber(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	mant, exp, _ := strings.Cut(strconv.FormatFloat(f, 'e', -1, 64), "e")
	digits := strings.Replace(mant, ".", "", 1)
	e, _ := strconv.Atoi(exp)
	k, n := len(digits), e+1
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	es := "+"
	if n-1 < 0 {
		es = "-"
	}
	if k == 1 {
		return sign + digits + "e" + es + strconv.Itoa(abs(n-1))
	}
	return sign + digits[:1] + "." + digits[1:] + "e" + es + strconv.Itoa(abs(n-1))
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
