package crawltest

import (
	"bytes"
	"encoding/binary"
	"hash/fnv"
	"path"
	"strconv"
	"strings"
)

// filler returns n deterministic pseudo-random bytes for key (xorshift64).
func filler(key string, n int) []byte {
	f := fnv.New64a()
	f.Write([]byte(key))
	x := f.Sum64() | 1
	out := make([]byte, n)
	for i := range out {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		out[i] = byte(x)
	}
	return out
}

// mp3FrameSize is the length of an MPEG-1 Layer III frame at 128 kbit/s,
// 44.1 kHz, without padding.
const mp3FrameSize = 417

// mp3Frame returns frame number i: a valid frame header (MPEG-1 Layer III,
// 128 kbit/s, 44.1 kHz, joint stereo, no CRC) and noise for the payload.
func mp3Frame(i int) []byte {
	hdr := []byte{0xFF, 0xFB, 0x90, 0x64}
	return append(hdr, filler("mp3 frame "+strconv.Itoa(i%64), mp3FrameSize-len(hdr))...)
}

// mp3File is an ID3v2.3 tag (title only) followed by n frames.
func mp3File(title string, n int) []byte {
	frame := append([]byte("TIT2"), u32(uint32(len(title)+1))...)
	frame = append(frame, 0, 0, 0) // flags, ISO-8859-1
	frame = append(frame, title...)
	var b bytes.Buffer
	b.WriteString("ID3\x03\x00\x00")
	b.Write(syncsafe(len(frame)))
	b.Write(frame)
	for i := range n {
		b.Write(mp3Frame(i))
	}
	return b.Bytes()
}

func syncsafe(n int) []byte {
	return []byte{byte(n >> 21 & 0x7f), byte(n >> 14 & 0x7f), byte(n >> 7 & 0x7f), byte(n & 0x7f)}
}

func u32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

// mp4File is an ISO base media file: ftyp, free and an mdat of noise. It
// has no moov box, so it is well-formed but not playable.
func mp4File(key string) []byte {
	box := func(kind string, payload []byte) []byte {
		return append(append(u32(uint32(8+len(payload))), kind...), payload...)
	}
	ftyp := box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2avc1mp41"))
	out := append(ftyp, box("free", nil)...)
	return append(out, box("mdat", filler(key, 4096))...)
}

// vttFile is a small WebVTT caption file.
func vttFile(title string) []byte {
	return []byte("WEBVTT\n\n1\n00:00:00.000 --> 00:00:04.000\n" + title + "\n\n2\n00:00:04.000 --> 00:00:08.000\nMINUSMA, 2013-2023\n")
}

// fontFile returns bytes with the right signature for the font format of p
// (WOFF2, WOFF, TrueType, EOT or SVG) and deterministic filler; they are not
// usable fonts.
func fontFile(p string) []byte {
	body := filler(p, 2048)
	switch strings.ToLower(path.Ext(p)) {
	case ".woff2":
		return append([]byte("wOF2\x00\x01\x00\x00"), body...)
	case ".woff":
		return append([]byte("wOFF\x00\x01\x00\x00"), body...)
	case ".eot":
		return append(binary.LittleEndian.AppendUint32(nil, uint32(len(body)+4)), body...)
	case ".svg":
		return []byte(`<?xml version="1.0" standalone="no"?>` + "\n" +
			`<svg xmlns="http://www.w3.org/2000/svg"><defs><font id="fontawesomeregular" horiz-adv-x="1536">` +
			`<font-face units-per-em="1792" ascent="1536" descent="-256" /><glyph unicode=" " horiz-adv-x="448" /></font></defs></svg>` + "\n")
	}
	return append([]byte{0, 1, 0, 0, 0, 0x0c}, body...)
}
