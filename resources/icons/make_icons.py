#!/usr/bin/env python3
"""Draws Vecspace's icon: resources/icons/vecspace.svg and vecspace-N.png (N = 16 ... 256).

Usage: python3 resources/icons/make_icons.py   (the standard library only: zlib for the PNGs)

A rounded dark square (the view's dark background) with three clusters of points, blue, orange
and green as the Colour dock's first categories, larger points nearer the viewer, joined by one
neighbour line, as the view draws them. The SVG and the PNGs come from the same shapes: the
PNGs are rasterised here with 4 x 4 supersampling.
"""

import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
BACKGROUND = (0x16, 0x18, 0x1D)
# (x, y, radius, colour) on a 256-unit square.
POINTS = [
    (70, 170, 15, (0x4E, 0x9B, 0xE6)), (98, 196, 11, (0x4E, 0x9B, 0xE6)),
    (58, 206, 9, (0x4E, 0x9B, 0xE6)), (104, 156, 8, (0x4E, 0x9B, 0xE6)),
    (176, 88, 17, (0xF2, 0x8E, 0x2B)), (202, 120, 10, (0xF2, 0x8E, 0x2B)),
    (150, 64, 9, (0xF2, 0x8E, 0x2B)), (210, 70, 7, (0xF2, 0x8E, 0x2B)),
    (178, 186, 13, (0x59, 0xA1, 0x4F)), (206, 206, 9, (0x59, 0xA1, 0x4F)),
    (150, 208, 7, (0x59, 0xA1, 0x4F)),
    (72, 84, 10, (0xB0, 0x7A, 0xA1)), (96, 60, 7, (0xB0, 0x7A, 0xA1)),
]
LINE = ((70, 170), (176, 88), 5, (0xFF, 0xC4, 0x40))  # a neighbour line, the view's amber
RADIUS = 44  # corner radius of the background square


def svg():
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" '
             'viewBox="0 0 256 256">',
             '<rect x="0" y="0" width="256" height="256" rx="%d" fill="#%02x%02x%02x"/>'
             % ((RADIUS,) + BACKGROUND)]
    (x1, y1), (x2, y2), width, colour = LINE
    parts.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#%02x%02x%02x" '
                 'stroke-width="%d" stroke-linecap="round"/>' % ((x1, y1, x2, y2) + colour + (width,)))
    for x, y, r, colour in POINTS:
        parts.append('<circle cx="%d" cy="%d" r="%d" fill="#%02x%02x%02x"/>' % ((x, y, r) + colour))
    parts.append("</svg>\n")
    return "\n".join(parts)


def coverage(px, py):
    """The colour at a point of the 256-unit square, or None outside the rounded square."""
    cx = min(max(px, RADIUS), 256 - RADIUS)
    cy = min(max(py, RADIUS), 256 - RADIUS)
    if (px - cx) ** 2 + (py - cy) ** 2 > RADIUS ** 2:
        return None
    colour = BACKGROUND
    (x1, y1), (x2, y2), width, line = LINE
    dx, dy = x2 - x1, y2 - y1
    t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)))
    if math.hypot(px - (x1 + t * dx), py - (y1 + t * dy)) <= width / 2:
        colour = line
    for x, y, r, c in POINTS:
        if (px - x) ** 2 + (py - y) ** 2 <= r * r:
            colour = c
    return colour


def png(size):
    samples = 4
    rows = []
    for j in range(size):
        row = bytearray([0])  # filter type: none
        for i in range(size):
            r = g = b = a = 0
            for sj in range(samples):
                for si in range(samples):
                    c = coverage((i + (si + 0.5) / samples) * 256 / size,
                                 (j + (sj + 0.5) / samples) * 256 / size)
                    if c:
                        r, g, b, a = r + c[0], g + c[1], b + c[2], a + 1
            n = samples * samples
            row += bytes([r // a if a else 0, g // a if a else 0, b // a if a else 0, 255 * a // n])
        rows.append(bytes(row))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def main():
    with open(os.path.join(HERE, "vecspace.svg"), "w") as out:
        out.write(svg())
    for size in (16, 32, 48, 64, 128, 256):
        with open(os.path.join(HERE, "vecspace-%d.png" % size), "wb") as out:
            out.write(png(size))


if __name__ == "__main__":
    main()
