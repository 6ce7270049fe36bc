"""Count the lit pixels of an X window dump (xwd -id WINDOW): how much of
a window is drawn at all. Usage: python3 xwdlit.py FILE.xwd; prints
WIDTH HEIGHT LIT (pixels that are not black)."""
import struct
import sys

HEADER = ">20I"                 # XWDFileHeader: 25 CARD32, the first 20 used here


def lit_pixels(data):
    (header_size, _version, _format, _depth, width, height, _xoffset, _byte_order,
     _unit, _bit_order, _pad, bits_per_pixel, bytes_per_line, _visual, _rmask, _gmask,
     _bmask, _bits_rgb, _cmap_entries, ncolors) = struct.unpack(HEADER, data[:80])
    start = header_size + ncolors * 12      # XWDColor entries follow the header
    step = bits_per_pixel // 8
    lit = 0
    for y in range(height):
        row = data[start + y * bytes_per_line:start + y * bytes_per_line + width * step]
        lit += sum(1 for x in range(0, len(row), step) if any(row[x:x + 3]))
    return width, height, lit


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        print(*lit_pixels(f.read()))
