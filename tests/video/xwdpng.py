#!/usr/bin/env python3
"""xwdpng.py IN.xwd OUT.png [--box]: an X window dump (xwd, ZPixmap, 24 or
32 bits per pixel, as Xvfb gives) as an RGB PNG. --box prints the bounding
box of the pixels that are not black ("X Y W H"): where the picture is
in the window, for a picture with no black at its edges."""
import struct
import sys
import zlib

HEADER_FIELDS = 25                      # CARD32 fields of XWDFileHeader


def read_xwd(path):
    data = open(path, 'rb').read()
    f = struct.unpack('>%dI' % HEADER_FIELDS, data[:HEADER_FIELDS * 4])
    header_size, fmt, depth, width, height = f[0], f[2], f[3], f[4], f[5]
    byte_order, bpp, bpl, ncolors = f[7], f[11], f[12], f[19]
    masks = f[14:17]
    if fmt != 2 or bpp not in (24, 32):
        raise SystemExit('xwdpng: %s: only ZPixmap at 24/32 bpp' % path)
    pixels = data[header_size + ncolors * 12:]
    order = '<' if byte_order == 0 else '>'
    step = bpp // 8
    shifts = [(m & -m).bit_length() - 1 for m in masks]
    fast = bpp == 32 and byte_order == 0 and masks == (0xFF0000, 0xFF00, 0xFF)
    rows = []
    for y in range(height):
        line = pixels[y * bpl:y * bpl + width * step]
        row = bytearray(width * 3)
        if fast:                        # B G R X in memory
            row[0::3] = line[2::4]
            row[1::3] = line[1::4]
            row[2::3] = line[0::4]
        else:
            for x in range(width):
                chunk = line[x * step:(x + 1) * step] + b'\0' * (4 - step)
                v = struct.unpack(order + 'I', chunk)[0]
                row[3 * x:3 * x + 3] = bytes((v & m) >> s for m, s in zip(masks, shifts))
        rows.append(bytes(row))
    return width, height, rows


def write_png(path, width, height, rows):
    def chunk(kind, body):
        return (struct.pack('>I', len(body)) + kind + body +
                struct.pack('>I', zlib.crc32(kind + body) & 0xFFFFFFFF))
    raw = b''.join(b'\0' + r for r in rows)
    with open(path, 'wb') as out:
        out.write(b'\x89PNG\r\n\x1a\n')
        out.write(chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)))
        out.write(chunk(b'IDAT', zlib.compress(raw, 9)))
        out.write(chunk(b'IEND', b''))


def box(width, height, rows):
    """Bounding box of the pixels that are not black."""
    black = b'\0\0\0'
    xs, ys = [], []
    for y, r in enumerate(rows):
        if r.count(0) == len(r):
            continue
        ys.append(y)
        first = next(x for x in range(width) if r[3 * x:3 * x + 3] != black)
        last = next(x for x in range(width - 1, -1, -1) if r[3 * x:3 * x + 3] != black)
        xs += [first, last]
    if not ys:
        return '0 0 0 0'
    return '%d %d %d %d' % (min(xs), ys[0], max(xs) - min(xs) + 1, ys[-1] - ys[0] + 1)


def main():
    w, h, rows = read_xwd(sys.argv[1])
    write_png(sys.argv[2], w, h, rows)
    if '--box' in sys.argv[3:]:
        print(box(w, h, rows))


main()
