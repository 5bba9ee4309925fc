"""How our sheets print, and long text laid out without merged cells.

A board pack is printed: landscape A4, each sheet's name and page number in the footer, an
indicator sheet on one page. Merged cells break sorting, filtering and copy-paste for Excel users,
so a long text is cut into lines that each fit the columns it spans (each line a cell whose text
runs over the empty cells to its right), and a heading spans columns by "centre across selection".
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from xlsxwriter.worksheet import Worksheet

LINE_PT = 13.0  # the height of one line of 10-point text (our cells are Arial 10)
SMALL_LINE_PT = 11.0  # one line of 8-point text
SMALL_RATIO = 0.75  # an 8-point character is about three quarters of an 11-point one


def board_page(
    ws: Worksheet, partnership: str | None, tall: int = 1, repeat: int | None = None
) -> None:
    """Landscape A4, one page wide and `tall` pages tall (0: as many as it takes), the
    partnership, the sheet's name and the page number in the footer."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, tall)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    if repeat is not None:
        ws.repeat_rows(repeat)
    left = (partnership or "").replace("&", "&&")[:80]  # '&' starts a header code
    ws.set_footer(f"&L{left}&C&A&RPage &P of &N")


def text_lines(text: str, chars: float) -> list[str]:
    """`text` cut at word boundaries into lines of at most `chars` characters (paragraphs kept;
    a word longer than a line is cut). An empty text is one empty line."""
    width = max(int(chars), 1)
    out: list[str] = []
    for para in (text or "").splitlines() or [""]:
        out += textwrap.wrap(para, width, break_on_hyphens=False) or [""]
    return out


def lines_needed(text: str, chars: float) -> int:
    """How many lines a wrapped cell `chars` wide needs for `text`."""
    return sum(
        max(1, math.ceil(len(p) / max(chars, 1.0))) for p in (text or "").splitlines() or [""]
    )


def write_lines(ws: Worksheet, row: int, col: int, lines: list[str], fmt: Any) -> None:
    """One line per row from `row`, each a text cell in `col`."""
    for k, line in enumerate(lines):
        if line:
            ws.write_string(row + k, col, line, fmt)
        else:
            ws.write_blank(row + k, col, None, fmt)


def across(ws: Worksheet, row: int, first: int, last: int, text: str, fmt: Any) -> None:
    """`text` centred across columns `first`..`last` (`fmt` has align='center_across')."""
    ws.write_string(row, first, text, fmt)
    for c in range(first + 1, last + 1):
        ws.write_blank(row, c, None, fmt)
