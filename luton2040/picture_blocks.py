"""A gif or webp picture without its metadata, block by block: what a phone or an editor wrote beside
the picture (a webp's EXIF, where a phone puts its location, and XMP; a gif's comments and XMP) and
anything after its end is dropped, the picture's own bytes kept, so it draws exactly as before.

The blocks kept are those that draw it: a webp's picture, alpha, animation and colour profile chunks
(the RIFF container: https://developers.google.com/speed/webp/docs/riff_container), a gif's colour
tables, frames, frame timings and loop count. Used for the site's copy of a partner's picture
(``site/partner_photos``) and by the check, which reads the blocks the copy is made from
(``data/partner_allowlist.picture_fault``).
"""
from __future__ import annotations


def without_metadata(data: bytes) -> bytes | None:
    """``data`` without its metadata when it is a gif or webp picture, else None; ValueError for a
    gif or webp whose blocks are cut short or unknown."""
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return gif_without_metadata(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return webp_without_metadata(data)
    return None


#: the webp chunks that draw the picture (and its colour profile); EXIF, XMP and unknown ones are dropped
_WEBP_KEPT = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
_WEBP_FRAME_KEPT = {b"ALPH", b"VP8 ", b"VP8L"}  # inside an animation's frame (ANMF), after its 16-byte header
_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04


def _riff_chunks(data: bytes, start: int, end: int):
    """(fourcc, payload) of each chunk of ``data[start:end]``; ValueError for a chunk cut short."""
    at = start
    while at < end:
        if at + 8 > end:
            raise ValueError("a webp chunk is cut short")
        fourcc, size = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
        if at + 8 + size > end:
            raise ValueError("a webp chunk is cut short")
        yield fourcc, data[at + 8:at + 8 + size]
        at += 8 + size + (size & 1)


def _riff_chunk(fourcc: bytes, payload: bytes) -> bytes:
    return fourcc + len(payload).to_bytes(4, "little") + payload + b"\0" * (len(payload) & 1)


def webp_without_metadata(data: bytes) -> bytes:
    """The webp ``data`` with only the chunks that draw it (``_WEBP_KEPT``), its VP8X flags saying
    it has no EXIF or XMP, and nothing after the RIFF container's end."""
    end = min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    chunks = []
    for fourcc, payload in _riff_chunks(data, 12, end):
        if fourcc not in _WEBP_KEPT:
            continue
        if fourcc == b"VP8X" and payload:
            payload = bytes([payload[0] & ~(_VP8X_EXIF | _VP8X_XMP) & 0xFF]) + payload[1:]
        elif fourcc == b"ANMF":
            payload = payload[:16] + b"".join(_riff_chunk(f, p) for f, p in _riff_chunks(payload, 16, len(payload))
                                              if f in _WEBP_FRAME_KEPT)
        chunks.append(_riff_chunk(fourcc, payload))
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


#: the gif application blocks that say how an animation plays (its loop count); any other is dropped
_GIF_LOOPS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")


def _gif_sub_blocks(data: bytes, at: int) -> int:
    """Where the data sub-blocks starting at ``at`` end (after their zero-length terminator)."""
    while True:
        if at >= len(data):
            raise ValueError("a gif is cut short")
        size = data[at]
        at += 1 + size
        if size == 0:
            return at


def _colour_table(packed: int) -> int:
    return 3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0


def gif_without_metadata(data: bytes) -> bytes:
    """The gif ``data`` with its header, colour tables, frames and their timings (graphic control
    blocks) and its loop count, and nothing else: comments, plain-text blocks, other application
    blocks (XMP, ICC) and anything after the trailer are dropped."""
    if len(data) < 13:
        raise ValueError("a gif is cut short")
    at = 13 + _colour_table(data[10])
    out = [data[:at]]
    while True:
        if at >= len(data):
            raise ValueError("a gif has no end")
        kind = data[at]
        if kind == 0x3B:  # the trailer
            out.append(b"\x3b")
            return b"".join(out)
        if kind == 0x2C:  # a frame: its descriptor, its own colour table, the code size, the picture
            start = at
            if at + 10 > len(data):
                raise ValueError("a gif is cut short")
            at = _gif_sub_blocks(data, at + 10 + _colour_table(data[at + 9]) + 1)
            out.append(data[start:at])
        elif kind == 0x21 and at + 1 < len(data):  # an extension: its label, then its sub-blocks
            start, label = at, data[at + 1]
            at = _gif_sub_blocks(data, at + 2)
            loop = label == 0xFF and data[start + 3:start + 14] in _GIF_LOOPS
            if label == 0xF9 or loop:
                out.append(data[start:at])
        else:
            raise ValueError(f"a gif has an unknown block (byte {kind:#04x} at {at})")
