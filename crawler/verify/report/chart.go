package report

// htmlChart is the server-drawn SVG bar chart of links per class.
type htmlChart struct {
	Width, Height int
	LabelX, BarX  int // right edge of the class names, left edge of the bars
	BarH          int
	Bars          []htmlBar
}

// htmlBar is one bar; all positions are in SVG user units.
type htmlBar struct {
	Class  string
	N      int
	Y      int // top of the bar
	TextY  int // baseline of the label and the count
	Width  int // bar length, at least 1 so a class is never invisible
	CountX int // where the count is written, just after the bar
}

// Chart geometry.
const (
	chartWidth  = 640
	chartLabelW = 150 // the class names on the left
	chartBarMax = 420 // the longest bar
	chartBarH   = 18
	chartGap    = 6
	chartPad    = 8
)

// newChart lays out one horizontal bar per class, scaled to the largest.
func newChart(counts []classCount) htmlChart {
	maxN := 1
	for _, cc := range counts {
		maxN = max(maxN, cc.N)
	}
	c := htmlChart{Width: chartWidth, Height: 2*chartPad + len(counts)*(chartBarH+chartGap),
		LabelX: chartLabelW - 6, BarX: chartLabelW, BarH: chartBarH}
	for i, cc := range counts {
		y := chartPad + i*(chartBarH+chartGap)
		w := max(1, cc.N*chartBarMax/maxN)
		c.Bars = append(c.Bars, htmlBar{Class: string(cc.Class), N: cc.N, Y: y,
			TextY: y + chartBarH - 4, Width: w, CountX: chartLabelW + w + 6})
	}
	return c
}
