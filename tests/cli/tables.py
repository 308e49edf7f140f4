"""Checking printed tables: no word broken across lines."""

import re

# What a table prints that is not a word of the data: box drawing, numbers, the missing-value dash.
NOT_WORDS = re.compile(r"^[-\d.,:;()\[\]%·]*$")


def broken_words(table: str, source: str) -> list[str]:
    """Words of ``table`` that are pieces of words of ``source``: neither whole nor cut with an ellipsis."""
    words = set(re.findall(r"[^\s\"]+", source)) | {
        word.strip(",.;:()[]") for word in re.findall(r"[^\s\"]+", source)
    }
    printed = re.findall(r"[^\s│┃┏┓┗┛━─┡┩╇╈┳┻┼├┤┬┴┌┐└┘╭╮╰╯]+", table)
    return [
        word
        for word in printed
        if not word.endswith("…")
        and not NOT_WORDS.match(word)
        and word not in words
        and word.strip(",.;:()[]") not in words
    ]
