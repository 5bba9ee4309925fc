"""A1 cell references: the one place readers, findings and writers turn (row, col) into 'C14' and back."""

from __future__ import annotations

import re


def col_letter(col: int) -> str:
    """1 -> 'A', 28 -> 'AB' (1-based)."""
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_number(letters: str) -> int:
    """'A' -> 1, 'AB' -> 28, 'XFD' -> 16384."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def a1(row: int, col: int) -> str:
    """1-based (14, 3) -> 'C14'."""
    return f"{col_letter(col)}{row}"


_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def parse_a1(ref: str) -> tuple[int, int]:
    """'C14' (or '$C$14') -> (14, 3), 1-based; anything else raises ValueError."""
    m = _A1.match(ref.strip())
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m.group(2)), col_number(m.group(1))
