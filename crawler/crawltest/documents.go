package crawltest

import (
	"path"
	"strings"
)

// pdfInternalLink and pdfExternalLink are the URIs of every generated PDF's
// two /Link annotations.
const (
	pdfInternalLink = "https://minusma.unmissions.org/en/documents"
	pdfExternalLink = "https://peacekeeping.un.org/en/mission/minusma"
)

// pdfTitles are the titles of the documents the seed names.
var pdfTitles = map[string]string{
	"res_2690_2023_en.pdf":                  "Security Council Resolution 2690 (2023)",
	"230601_mandate_renewal_report_eng.pdf": "Report of the Secretary-General on the Situation in Mali - 1st June 2023",
	"s_2023_236-en.pdf":                     "Report of the Secretary-General on the Situation in Mali - 30 March 2023",
}

// documentPDF is the content of the PDF at decoded path p.
func documentPDF(p string) pdfPage {
	name := path.Base(p)
	title, ok := pdfTitles[name]
	if !ok {
		title = strings.TrimSuffix(name, path.Ext(name))
	}
	return pdfPage{
		Title: title,
		Lines: []string{
			"United Nations Multidimensional Integrated Stabilization Mission in Mali (MINUSMA)",
			sentence("en", len(name), 1),
			sentence("en", len(name), 2),
			"More documents:",
		},
		Links: []string{pdfInternalLink, pdfExternalLink},
	}
}
