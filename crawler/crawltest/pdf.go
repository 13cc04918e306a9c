package crawltest

import (
	"bytes"
	"fmt"
	"strings"
)

// pdfPage is the content of a generated one-page PDF.
type pdfPage struct {
	Title string
	Lines []string
	Links []string // URIs, each drawn as a line with a /Link annotation over it
}

// pdfBytes writes a valid, uncompressed PDF 1.4: catalog, one page with
// Helvetica text, one /Link annotation with a /URI action per link, an info
// dictionary and a correct xref table.
func pdfBytes(p pdfPage) []byte {
	content, annots := pdfContent(p)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Annots [%s] >>", annotRefs(6, len(annots))),
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	objs = append(objs, annots...)
	objs = append(objs, fmt.Sprintf("<< /Title %s /Producer (Drupal 7 print module) /CreationDate (D:20231231120000Z) >>", pdfString(p.Title)))
	return pdfAssemble(objs)
}

// pdfContent returns the page's content stream and its link annotations.
func pdfContent(p pdfPage) (string, []string) {
	var c strings.Builder
	y := 780
	line := func(size int, text string) {
		fmt.Fprintf(&c, "BT /F1 %d Tf 72 %d Td %s Tj ET\n", size, y, pdfString(text))
		y -= size + 8
	}
	line(16, p.Title)
	for _, l := range p.Lines {
		line(11, l)
	}
	var annots []string
	for _, uri := range p.Links {
		annots = append(annots, fmt.Sprintf("<< /Type /Annot /Subtype /Link /Rect [72 %d 523 %d] /Border [0 0 0] /A << /S /URI /URI %s >> >>", y-3, y+11, pdfString(uri)))
		line(11, uri)
	}
	return strings.TrimSuffix(c.String(), "\n"), annots
}

func annotRefs(firstObj, n int) string {
	refs := make([]string, n)
	for i := range refs {
		refs[i] = fmt.Sprintf("%d 0 R", firstObj+i)
	}
	return strings.Join(refs, " ")
}

// pdfAssemble numbers objs from 1, writes the xref table and a trailer whose
// /Info is the last object.
func pdfAssemble(objs []string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, len(objs), xref)
	return b.Bytes()
}

// pdfString writes s as a PDF literal string in WinAnsi/Latin-1: '\', '('
// and ')' escaped, Latin-1 letters as octal escapes, others replaced.
func pdfString(s string) string {
	var b strings.Builder
	b.WriteByte('(')
	for _, r := range strings.NewReplacer("’", "'", "–", "-", "\u00a0", " ").Replace(s) {
		switch {
		case r == '\\' || r == '(' || r == ')':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= ' ' && r < 0x7f:
			b.WriteRune(r)
		case r >= 0xa0 && r <= 0xff:
			fmt.Fprintf(&b, "\\%03o", r)
		default:
			b.WriteByte('?')
		}
	}
	b.WriteByte(')')
	return b.String()
}
