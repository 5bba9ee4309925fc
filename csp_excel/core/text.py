"""Text that came from a return, made safe to put back into a spreadsheet.

Why: a label such as "=HYPERLINK(...)" or "-5 on last year" typed in a return must stay text
when we write it into Excel or a CSV; a spreadsheet reads a leading = + - @ (and a leading tab or
carriage return, which some programs strip first) as the start of a formula. Pure: no I/O.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str | None) -> str:
    """Prefix a ' to text a spreadsheet would read as a formula; None -> ''."""
    if not text:
        return ""
    return "'" + text if text.startswith(FORMULA_START) else text
