#!/usr/bin/env python3
"""Draws the Onshi Navi icon (a white check mark on a teal rounded square) into assets/icons/.

Pure Python (zlib + struct), so it runs on a bare machine. Outputs RGBA PNGs and a Windows .ico
that holds PNG images (Windows Vista and later read those). Re-run after changing the design.
"""
import math
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "assets" / "icons"
TEAL = (0x0F, 0x76, 0x6E)
WHITE = (0xFF, 0xFF, 0xFF)
CHECK = [(0.27, 0.52), (0.44, 0.69), (0.75, 0.33)]  # polyline in unit coordinates


def seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def coverage(inside, x, y, n, ss=4):
    hits = 0
    for i in range(ss):
        for j in range(ss):
            if inside((x + (i + 0.5) / ss) / n, (y + (j + 0.5) / ss) / n):
                hits += 1
    return hits / (ss * ss)


def in_square(u, v, r=0.2, m=0.04):
    lo, hi = m + r, 1 - m - r
    cu, cv = min(max(u, lo), hi), min(max(v, lo), hi)
    return math.hypot(u - cu, v - cv) <= r


def in_check(u, v, w=0.075):
    return any(seg_dist(u, v, *CHECK[k], *CHECK[k + 1]) <= w for k in range(len(CHECK) - 1))


def render(n):
    rows = []
    for y in range(n):
        row = bytearray([0])
        for x in range(n):
            a = coverage(in_square, x, y, n)
            c = coverage(in_check, x, y, n) if a > 0 else 0.0
            rgb = [round(TEAL[k] * (1 - c) + WHITE[k] * c) for k in range(3)]
            row += bytes(rgb + [round(255 * a)])
        rows.append(bytes(row))
    return b"".join(rows)


def png(n):
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    ihdr = struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(render(n), 9)) + chunk(b"IEND", b"")


def ico(images):
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for n, data in images:
        entries += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs += data
    return header + entries + blobs


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, n in [("32x32.png", 32), ("128x128.png", 128), ("icon.png", 256)]:
        (OUT / name).write_bytes(png(n))
    (OUT / "icon.ico").write_bytes(ico([(n, png(n)) for n in (16, 32, 48, 256)]))
    print("wrote", ", ".join(sorted(p.name for p in OUT.iterdir())))


if __name__ == "__main__":
    main()
