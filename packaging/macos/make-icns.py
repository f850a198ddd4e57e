#!/usr/bin/env python3
"""Writes coachdesk.icns from the PNGs in assets/ (PNG-payload icon types, as Apple's iconutil does).

Usage: make-icns.py ASSETS_DIR OUT.icns   (needs icon-16/32/64/128/256/512.png; icon-1024.png optional)
"""
import struct
import sys
from pathlib import Path

# (icns type, pixel size of the PNG it holds): 1x and @2x variants of 16, 32, 128, 256, 512 points.
TYPES = [
    (b"icp4", 16), (b"ic11", 32),   # 16 pt, 16 pt @2x
    (b"icp5", 32), (b"ic12", 64),   # 32 pt, 32 pt @2x
    (b"ic07", 128), (b"ic13", 256),  # 128 pt, 128 pt @2x
    (b"ic08", 256), (b"ic14", 512),  # 256 pt, 256 pt @2x
    (b"ic09", 512), (b"ic10", 1024),  # 512 pt, 512 pt @2x
]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != PNG_MAGIC or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def main() -> int:
    assets, out = Path(sys.argv[1]), Path(sys.argv[2])
    chunks = []
    for kind, px in TYPES:
        path = assets / f"icon-{px}.png"
        if not path.exists():
            if px == 1024:
                continue  # optional: no 512 pt @2x without a 1024 px source
            print(f"missing {path}", file=sys.stderr)
            return 1
        data = path.read_bytes()
        if png_size(data) != (px, px):
            print(f"{path} is {png_size(data)}, expected {px}x{px}", file=sys.stderr)
            return 1
        chunks.append(kind + struct.pack(">I", len(data) + 8) + data)
    body = b"".join(chunks)
    out.write_bytes(b"icns" + struct.pack(">I", len(body) + 8) + body)
    print(f"wrote {out} ({len(chunks)} icons, {len(body) + 8} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
