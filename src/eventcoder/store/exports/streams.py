"""Where an export goes: a path, an open text stream, or "-" for stdout."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable


def open_text(output) -> tuple[io.TextIOBase, bool]:
    """The stream to write and whether the caller owns it (and closes it)."""
    if output == "-" or output is None:
        return sys.stdout, False
    if hasattr(output, "write"):
        return output, False
    return open(output, "w", encoding="utf-8", newline=""), True


def write_lines(output, lines: Iterable[str]) -> int:
    stream, owned = open_text(output)
    count = 0
    try:
        for line in lines:
            stream.write(line + "\n")
            count += 1
    finally:
        if owned:
            stream.close()
    return count
