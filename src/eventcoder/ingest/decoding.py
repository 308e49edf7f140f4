"""Bytes to text: UTF-8 (with or without BOM), UTF-16, else the detected encoding; binary data refused.

:func:`decode` judges a whole file at once; :func:`line_encoding` and :func:`not_text_share` judge a
JSON Lines file once from its first :data:`SNIFF_BYTES`, for its lines to be decoded one at a time.
"""

from __future__ import annotations

import codecs

from .. import errors

# How much of a file its encoding (and whether it is binary at all) is judged from.
SNIFF_BYTES = 65_536


def decode(data: bytes, where: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM) first, else the detected encoding.

    Raises :class:`errors.EmptyInput`, :class:`errors.BinaryInput` or :class:`errors.UndecodableInput`
    for the whole of ``data``.
    """
    if not data.strip():
        raise errors.EmptyInput(where, "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif b"\x00" in data[:8192]:
        raise errors.BinaryInput(where, "binary data, not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_detected(data, where)
    if control_ratio(text) > 0.05:
        raise errors.BinaryInput(where, "binary data, not text")
    if not text.strip():
        raise errors.EmptyInput(where, "file is empty")
    return text


def _western(data: bytes) -> str | None:
    """``data`` as Windows-1252 (a superset of Latin-1 in its printable part) when it reads as English
    text in it: at most one byte in five past ASCII. charset-normalizer, guessing from a few accented letters, takes
    such text for Korean or Chinese; eventcoder codes English only."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    sample = text[:SNIFF_BYTES]
    return text if sum(ord(char) > 127 for char in sample) <= 0.2 * len(sample) else None


def _decode_detected(data: bytes, where: str) -> str:
    # Imported here, not at the top: only text that is not UTF-8 needs it.
    from charset_normalizer import from_bytes

    western = _western(data)
    if western is not None:
        return western
    best = from_bytes(data).best()
    # charset-normalizer always finds *some* single-byte decoding; a high chaos score means the
    # result is gibberish rather than text in another encoding.
    if best is None or best.chaos > 0.2:
        raise errors.UndecodableInput(where, "cannot decode: not UTF-8 and no other text encoding fits")
    return str(best)


def control_ratio(text: str) -> float:
    """The share of control codes (other than line and page breaks and tabs) in ``text``'s start."""
    sample = text[:8192]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\n\r\t\f")
    return controls / max(len(sample), 1)


def line_encoding(sample: bytes) -> str:
    """The encoding of a JSON Lines file, judged once from its first bytes: UTF-8 when they are UTF-8,
    else the detected encoding when one fits and keeps b"\\n" a line end, else UTF-8 (and the lines
    that are not come out as errors)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        # Imported here, not at the top: only text that is not UTF-8 needs it.
        from charset_normalizer import from_bytes

        if _western(sample) is not None:
            return "cp1252"
        best = from_bytes(sample).best()
    if best is None or best.chaos > 0.2 or "\n".encode(best.encoding, errors="replace") != b"\n":
        return "utf-8-sig"
    return best.encoding


def not_text_share(sample: bytes, encoding: str) -> float:
    """The share of ``sample`` that is not text: bytes ``encoding`` cannot read, and control codes."""
    text = sample.decode(encoding, errors="replace")
    return (text.count("\ufffd") + control_ratio(text) * min(len(text), 8192)) / max(len(text), 1)


def decode_line(raw: bytes, encoding: str) -> str | None:
    """One line in the file's encoding, or None when its bytes are not text in it."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None
