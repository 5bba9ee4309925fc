"""Every colour our outputs use, named once: RAG, SPC, DoT (and its arrows), status, text, lines.

One table, so a red is the same red in the dashboard, the comparison, the charts and the user's
own layout. Colours are xlsxwriter's "#RRGGBB"; `argb_free` gives the "RRGGBB" that openpyxl
and the keep-layout patcher write. A test fails if any other module spells a colour in hex.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------- base colours
WHITE, BLACK = "#FFFFFF", "#000000"
RED, AMBER, GREEN, GREY = "#C00000", "#FFC000", "#00B050", "#BFBFBF"  # RAG; GREY: "None"
NAVY = "#1F3864"  # titles, header fill, the SPC mean line
DEEP_BLUE = "#1F4E78"  # the Excel button sheet's title
LIGHT_BLUE = "#DDEBF7"  # label cells, info findings, template headers
LINE_GREY = "#A6A6A6"  # label/text borders, the Settings sheet, last year's chart lines
CELL_BORDER = GREY  # the thin border round figures and tables
GRIDLINE = "#D9D9D9"  # chart gridlines
SHADE = "#F2F2F2"  # derived rows on an indicator sheet
FALLBACK = "#FFF2CC"  # a figure we fell back to (pale yellow)
EDITABLE = "#E2EFDA"  # Settings cells the user may change (pale green)
LINK_BLUE = "#0563C1"  # hyperlinks
SERIES_BLUE = "#2F5597"  # actuals in charts and sparklines
BAND_FILL = "#D9EAD3"  # a range target's band in a chart (pale green: where good is)
DARK_TEXT = "#404040"  # subtitles, the SPC process line
NOTE_TEXT = "#595959"  # notes and explanations
GREY_TEXT = "#7F7F7F"  # footnotes, supplied figures, SPC limits, common-cause variation

# ---------------------------------------------------------------------------- SPC (NHS "Making Data Count")
SPC_CONCERN = "#ED8B00"  # orange: special cause of concern, target consistently missed
SPC_IMPROVEMENT = "#0072CE"  # blue: special cause of improvement, target consistently met
SPC_NEITHER = "#7030A0"  # purple: special cause, neither better nor worse
SPC_NEUTRAL = "#490092"  # MDC icon purple: special cause neutral high (H) / low (L) on the key
SPC_MEAN = NAVY
SPC_LIMIT = GREY_TEXT
SPC_PROCESS = DARK_TEXT
# the dashboard's SPC symbols (text prints everywhere; these font colours come from conditional
# formats): variation ⚠ ✓ ◆ •, assurance ✔ ✘ ≈
SPC_SYMBOL_FONTS: list[tuple[str, str]] = [
    ("⚠", SPC_CONCERN),
    ("✓", SPC_IMPROVEMENT),
    ("◆", SPC_NEUTRAL),
    ("•", GREY_TEXT),
    ("✔", SPC_IMPROVEMENT),
    ("✘", SPC_CONCERN),
    ("≈", GREY_TEXT),
    ("not enough", GREY_TEXT),
]

# ---------------------------------------------------------------------------- tables
# (fill, font) pairs: white text on red/green, dark text on amber/grey
RAG_FILLS: dict[str, tuple[str, str]] = {
    "R": (RED, WHITE),
    "A": (AMBER, BLACK),
    "G": (GREEN, WHITE),
    "None": (GREY, BLACK),  # monitoring only / no target: never a judgement
}
# direction of travel: its symbol (SPEC section 2) and the font colours of the arrows
ARROWS: dict[str, str] = {"improved": "▲", "static": "◀▶", "worse": "▼", "peaked": "★"}
DOT_FONTS: dict[str, str] = {ARROWS["improved"]: GREEN, ARROWS["worse"]: RED}
# forecast words: font colours
FORECAST_FONTS: dict[str, str] = {"likely to meet": GREEN, "likely to miss": RED}
# a file's status in the bulk summary (Excel's Good / Neutral / Bad cell styles)
STATUS_FILLS: dict[str, tuple[str, str]] = {
    "ok": ("#C6EFCE", "#006100"),
    "findings": ("#FFEB9C", "#9C5700"),
    "failed": ("#FFC7CE", "#9C0006"),
}
# a finding's severity on the Data quality sheet
SEVERITY_FILLS: dict[str, tuple[str, str]] = {
    "error": (RED, WHITE),
    "warning": (AMBER, BLACK),
    "info": (LIGHT_BLUE, BLACK),
}
# a finding's severity in the bulk summary: the status it gives its file
SEVERITY_STATUS_FILLS: dict[str, tuple[str, str]] = {
    "error": STATUS_FILLS["failed"],
    "warning": STATUS_FILLS["findings"],
}


def argb_free(colour: str) -> str:
    """ "#C00000" -> "C00000": the form openpyxl, xlwings and the package patcher take."""
    return colour.lstrip("#")


def rgb_tuple(colour: str) -> tuple[int, int, int]:
    """ "#C00000" -> (192, 0, 0): the form xlwings' `Range.color` takes."""
    h = argb_free(colour)
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


# the RAG fills placement writes into the user's own layout (conditional format or plain fill)
RAG_COLOURS: dict[str, str] = {k: argb_free(fill) for k, (fill, _font) in RAG_FILLS.items()}
