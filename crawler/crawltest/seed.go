package crawltest

import _ "embed"

// seedHTML is the homepage as captured (minusma.unmissions.org/en, April
// 2025): a copy of the module's testdata/minusma-home.html, which a test
// keeps identical.
//
//go:embed testdata/minusma-home.html
var seedHTML []byte
