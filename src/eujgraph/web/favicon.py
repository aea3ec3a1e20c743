"""The site's icon, drawn in code: three linked nodes on the header's blue, as a 32×32 PNG inside an ICO.

    >>> icon = favicon_ico()
    >>> icon[:4], icon[22:26]
    (b'\\x00\\x00\\x01\\x00', b'\\x89PNG')
"""

from __future__ import annotations

import math
import struct
import zlib
from functools import cache

SIZE = 32
BACKGROUND = (0x15, 0x35, 0x5A)  # header.site in site.css
EDGE = (0xFF, 0xFF, 0xFF)
NODES = (((16.0, 9.5), 5.0, (0xBC, 0x00, 0x2D)),   # red, as Japan's flag
         ((8.5, 22.5), 4.5, (0xFF, 0xCC, 0x00)),   # gold, as the EU's stars
         ((23.5, 22.5), 4.5, (0xFF, 0xCC, 0x00)))
EDGE_WIDTH = 2.2
CORNER = 6.0

__all__ = ["favicon_ico"]


@cache
def favicon_ico() -> bytes:
    """The icon as an ICO file holding one 32×32 RGBA PNG (every current browser reads it)."""
    png = _png(_pixels())
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", SIZE, SIZE, 0, 0, 1, 32, len(png), 6 + 16)
    return header + entry + png


def _pixels() -> list[bytes]:
    rows = []
    for y in range(SIZE):
        row = bytearray()
        for x in range(SIZE):
            px, py = x + 0.5, y + 0.5
            colour = BACKGROUND
            for (a, _, _), (b, _, _) in ((NODES[0], NODES[1]), (NODES[0], NODES[2]), (NODES[1], NODES[2])):
                colour = _over(colour, EDGE, _cover(_segment_distance((px, py), a, b) - EDGE_WIDTH / 2))
            for centre, radius, fill in NODES:
                colour = _over(colour, fill, _cover(math.dist((px, py), centre) - radius))
            row += bytes(colour) + bytes([round(255 * _cover(_rounded_square_distance(px, py)))])
        rows.append(bytes(row))
    return rows


def _cover(distance: float) -> float:
    """How much of a pixel a shape covers, from the signed distance of the pixel's centre to its edge."""
    return min(1.0, max(0.0, 0.5 - distance))


def _over(under: tuple, over: tuple, alpha: float) -> tuple:
    return tuple(round(u + (o - u) * alpha) for u, o in zip(under, over, strict=True))


def _segment_distance(p: tuple, a: tuple, b: tuple) -> float:
    (ax, ay), (bx, by), (px, py) = a, b, p
    t = max(0.0, min(1.0, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)))
    return math.dist(p, (ax + t * (bx - ax), ay + t * (by - ay)))


def _rounded_square_distance(x: float, y: float) -> float:
    half = SIZE / 2
    qx, qy = abs(x - half) - (half - CORNER), abs(y - half) - (half - CORNER)
    return math.hypot(max(qx, 0.0), max(qy, 0.0)) + min(max(qx, qy), 0.0) - CORNER


def _png(rows: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
