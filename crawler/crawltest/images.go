package crawltest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"image"
	"image/color"
	"image/color/palette"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// styleSizeRe finds a Drupal image style size in a path segment
// ("380x220", "slider_image__830x340px_").
var styleSizeRe = regexp.MustCompile(`(\d{2,4})x(\d{2,4})`)

// namedSizes are the sizes of the image styles and theme images that carry
// no dimensions in their path; the first path segment that matches wins.
var namedSizes = []struct {
	segment string
	w, h    int
}{
	{"2_columns", 400, 260},
	{"promobox", 400, 220},
	{"large", 480, 320},
	{"favicon.ico", 16, 16},
	{"loader.gif", 32, 32},
	{"logo.png", 180, 72},
	{"un-logo.png", 48, 48},
	{"pk-logo-blue.png", 48, 48},
}

// imageSize picks the pixel size for an image path.
func imageSize(p string) (w, h int) {
	if m := styleSizeRe.FindStringSubmatch(p); m != nil {
		w, _ = strconv.Atoi(m[1])
		h, _ = strconv.Atoi(m[2])
		return min(w, 1200), min(h, 1200)
	}
	for _, n := range namedSizes {
		if strings.Contains(p, "/"+n.segment) {
			return n.w, n.h
		}
	}
	if strings.Contains(p, "arrow") || strings.Contains(p, "/icons/") {
		return 24, 24
	}
	return 320, 200
}

// picture paints a deterministic picture for p: vertical stripes of a
// two-colour gradient and a band, colours drawn from a hash of the path.
// Stripes keep encoding cheap: a page of thumbnails costs milliseconds.
func picture(p string, w, h int) *image.RGBA {
	f := fnv.New64a()
	f.Write([]byte(p))
	s := f.Sum64()
	c1 := color.RGBA{uint8(s), uint8(s >> 8), uint8(s >> 16), 255}
	c2 := color.RGBA{uint8(s >> 24), uint8(s >> 32), uint8(s >> 40), 255}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	row := img.Pix[:4*w]
	for x := 0; x < w; x++ {
		c := blend(c1, c2, x/16*16, w)
		copy(row[4*x:], []byte{c.R, c.G, c.B, 255})
	}
	for y := 1; y < h; y++ {
		copy(img.Pix[y*img.Stride:], row)
	}
	band := image.Rect(0, h*2/5, w, h*3/5)
	draw.Draw(img, band, image.NewUniform(color.RGBA{0, 0x9e, 0xdb, 255}), image.Point{}, draw.Src)
	return img
}

func blend(a, b color.RGBA, i, n int) color.RGBA {
	mix := func(x, y uint8) uint8 { return uint8((int(x)*(n-i) + int(y)*i) / n) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
}

// pictures encodes each (format, size) picture once and stamps every file
// with its own path, so files differ (no accidental deduplication) while a
// page of thumbnails costs microseconds, even under the race detector.
type pictures struct {
	mu    sync.Mutex
	cache map[string][]byte // "ext WxH" -> encoded picture
}

func newPictures() *pictures { return &pictures{cache: map[string][]byte{}} }

// bytes returns the image for p in the format its extension names.
func (ps *pictures) bytes(p string) ([]byte, error) {
	ext := strings.ToLower(path.Ext(p))
	w, h := imageSize(p)
	key := fmt.Sprintf("%s %dx%d", ext, w, h)
	ps.mu.Lock()
	base, ok := ps.cache[key]
	ps.mu.Unlock()
	if !ok {
		var err error
		if base, err = encodeImage(ext, picture(key, w, h)); err != nil {
			return nil, err
		}
		ps.mu.Lock()
		ps.cache[key] = base
		ps.mu.Unlock()
	}
	return stamp(ext, base, p)
}

// encodeImage encodes img in the format of ext.
func encodeImage(ext string, img *image.RGBA) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch ext {
	case ".jpg", ".jpeg":
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80})
	case ".gif":
		err = gif.Encode(&buf, paletted(img), nil)
	case ".ico":
		return icoBytes(img)
	default:
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, paletted(img))
	}
	return buf.Bytes(), err
}

// stamp writes p into an encoded image as a comment: a JPEG COM segment
// after SOI, a PNG tEXt chunk after IHDR. GIF and ICO files are few and
// stay as they are.
func stamp(ext string, img []byte, p string) ([]byte, error) {
	text := []byte(url.PathEscape(p))
	switch ext {
	case ".jpg", ".jpeg":
		seg := append([]byte{0xFF, 0xFE, byte((len(text) + 2) >> 8), byte(len(text) + 2)}, text...)
		return slices.Concat(img[:2], seg, img[2:]), nil
	case ".png":
		const afterIHDR = 8 + 4 + 4 + 13 + 4
		data := append([]byte("tEXt"), append([]byte("Comment\x00"), text...)...)
		chunk := binary.BigEndian.AppendUint32(nil, uint32(len(data)-4))
		chunk = append(chunk, data...)
		chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(data))
		return slices.Concat(img[:afterIHDR], chunk, img[afterIHDR:]), nil
	}
	return img, nil
}

// paletted converts img to the web-safe palette, without dithering. It
// maps each distinct colour once, so it is cheap for the striped pictures.
func paletted(img *image.RGBA) *image.Paletted {
	pal := image.NewPaletted(img.Bounds(), palette.WebSafe)
	index := map[color.RGBA]uint8{}
	for i := 0; i+3 < len(img.Pix); i += 4 {
		c := color.RGBA{img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3]}
		k, ok := index[c]
		if !ok {
			k = uint8(pal.Palette.Index(c))
			index[c] = k
		}
		pal.Pix[i/4] = k
	}
	return pal
}

// icoBytes wraps a PNG in a one-image ICO container (valid since Windows
// Vista and in every browser).
func icoBytes(img image.Image) ([]byte, error) {
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, img); err != nil {
		return nil, err
	}
	b := img.Bounds()
	var out bytes.Buffer
	hdr := []any{
		uint16(0), uint16(1), uint16(1), // reserved, type icon, one image
		uint8(b.Dx()), uint8(b.Dy()), uint8(0), uint8(0), // size, no palette, reserved
		uint16(1), uint16(32), uint32(pngBuf.Len()), uint32(22), // planes, bpp, size, offset
	}
	for _, v := range hdr {
		if err := binary.Write(&out, binary.LittleEndian, v); err != nil {
			return nil, err
		}
	}
	out.Write(pngBuf.Bytes())
	return out.Bytes(), nil
}
