"""A1 cell references: the one place readers, findings and writers turn (row, col) into 'C14'."""

from __future__ import annotations


def col_letter(col: int) -> str:
    """1 -> 'A', 28 -> 'AB' (1-based)."""
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def a1(row: int, col: int) -> str:
    """1-based (14, 3) -> 'C14'."""
    return f"{col_letter(col)}{row}"
