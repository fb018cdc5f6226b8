#!/usr/bin/env python3
"""Regenerates the hand-written seed corpus for frame_parser_fuzz.cpp.

Each file is: limit selector byte, chunking seed byte, then masked client frames. Inputs that
libFuzzer finds worth keeping can be added to corpus/ next to these.
"""
import struct, os
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
KEY = bytes([0x37, 0xFA, 0x21, 0x3D])
def frame(op, payload, fin=True, rsv=0, masked=True, form=None):
    b0 = (0x80 if fin else 0) | (rsv << 4) | op
    n = len(payload); mb = 0x80 if masked else 0
    if form is None: form = 7 if n < 126 else (16 if n <= 0xFFFF else 64)
    if form == 7: h = bytes([b0, mb | n])
    elif form == 16: h = bytes([b0, mb | 126]) + struct.pack(">H", n)
    else: h = bytes([b0, mb | 127]) + struct.pack(">Q", n)
    if not masked: return h + payload
    return h + KEY + bytes(c ^ KEY[i % 4] for i, c in enumerate(payload))
def close(code, reason=b""): return struct.pack(">H", code) + reason
# limit selector index into {0,1,2,16,125,126,1000,65536}: 7 = 64 KiB, 6 = 1000, 3 = 16
seeds = {
 "text_hello": (7, 0, frame(1, b"Hello")),
 "binary_16bit_length": (7, 3, frame(2, bytes(range(256)) * 1)),
 "binary_64bit_nonminimal": (7, 5, frame(2, b"short", form=64)),
 "fragments_with_ping": (7, 2, frame(1, b"frag1", False) + frame(9, b"ping") + frame(0, b"frag2")),
 "close_with_reason": (7, 1, frame(1, b"bye") + frame(8, close(1000, "goodbye \u00e9".encode()))),
 "close_invalid_code": (7, 4, frame(8, close(1005))),
 "close_one_byte": (7, 1, frame(8, b"\x03")),
 "close_empty_then_text": (7, 9, frame(8, b"") + frame(1, b"ignored")),
 "utf8_invalid_across_fragments": (7, 2, frame(1, "\u03ba\u1f79".encode(), False) + frame(0, b"\xed\xa0\x80", True)),
 "utf8_valid_split": (7, 1, frame(1, b"a\xf0\x9f", False) + frame(0, b"\x98\x80b")),
 "rsv1_set": (7, 0, frame(1, b"x", rsv=4)),
 "reserved_opcode": (7, 3, frame(2, b"ok") + frame(11, b"x")),
 "unmasked": (7, 1, frame(1, b"Hello", masked=False)),
 "too_big_for_limit": (3, 2, frame(2, b"z" * 40)),
 "fragments_exceed_limit": (3, 7, frame(1, b"0123456789", False) + frame(0, b"0123456789")),
 "length_msb_set": (7, 0, bytes([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1]) + KEY),
 "ping_125_pong": (7, 13, frame(9, b"\xfe" * 125) + frame(10, b"")),
 "ping_126": (7, 2, frame(9, b"\xfe" * 126)),
 "orphan_continuation": (7, 1, frame(0, b"orphan")),
 "truncated_header": (7, 1, frame(1, b"x" * 300)[:3]),
}
os.makedirs(out, exist_ok=True)
for name, (lim, seed, data) in seeds.items():
    with open(os.path.join(out, name), "wb") as fh:
        fh.write(bytes([lim, seed]) + data)
print(len(seeds))
