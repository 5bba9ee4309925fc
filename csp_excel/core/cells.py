"""Turn one messy grid cell into a number, a blank, a known placeholder, or text.

Returns hold `1,383` and `+3%` as text, `TBC` / `N/A` / `Data collected quarterly` for months with
no figure, ranks like `11of15/ 21of32`, and sometimes dates or booleans where a number should be.
The reader calls `parse_cell` for every grid cell; the rules turn the status into findings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction

# Lower-case, whitespace-collapsed, trailing punctuation removed (see `_normalise`).
PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "tbc",
        "tba",
        "tbd",
        "n/a",
        "n\\a",
        "na",
        "n.a",
        "n / a",
        "nil return",
        "-",
        "--",
        "---",
        "–",
        "—",
        "?",
        "x",
        "*",
        "..",
        "...",
        "no data",
        "no change",
        "data collected quarterly",
        "collected quarterly",
        "quarterly",
        "reported quarterly",
        "not available",
        "not yet available",
        "unavailable",
        "awaiting data",
        "awaiting",
        "awaited",
        "pending",
        "to follow",
        "not collected",
        "not applicable",
        "not reported",
        "no return",
        "suppressed",
        "data not available",
        "data not yet available",
        "data to follow",
        "#n/a",
    }
)

# Placeholders that may carry extra words after them ("Not available until May").
_PREFIX_PLACEHOLDERS = (
    "data collected quarterly",
    "collected quarterly",
    "not available",
    "not yet available",
    "awaiting",
    "data not available",
    "data to follow",
    "to follow",
    "tbc",
)

_NUMBER = re.compile(
    r"""^(?P<sign>[+\-−–])?\s*
        (?P<cur>£)?\s*
        (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+)
        \s*(?P<pct>%)?$""",
    re.X,
)
# Larger than any count, rate or sum of money in a return, and small enough that sums, squares
# and products of a whole sheet of such figures stay finite (1e308 overflowed to inf before).
MAX_MAGNITUDE = 1e15
_PAREN = re.compile(r"^\((?P<inner>[^()]+)\)$")


@dataclass(frozen=True)
class ParsedCell:
    """One cell read: `value` is set only when `status == "number"`.

    `text` holds the cell as found (stripped) whenever it was not already a number, so a
    finding can quote it.
    """

    value: float | None
    status: str  # "number" | "blank" | "placeholder" | "text"
    text: str | None = None


def _normalise(s: str) -> str:
    s = " ".join(s.replace("\u00a0", " ").split()).lower()
    return s.rstrip(".:;*").strip() if len(s) > 1 and s not in PLACEHOLDERS else s


def is_placeholder(s: str) -> bool:
    """True for TBC, N/A, `-`, `Data collected quarterly` and friends (any case)."""
    norm = _normalise(s)
    if norm in PLACEHOLDERS:
        return True
    return any(norm.startswith(p + " ") for p in _PREFIX_PLACEHOLDERS)


def _number_from_text(s: str) -> tuple[float, bool] | None:
    """'1,383' -> (1383, False); '+3%' -> (3, True); '(13)' -> (-13, False); else None."""
    t = s.replace("\u00a0", " ").strip()
    negative = False
    m_paren = _PAREN.match(t)
    if m_paren:
        t = m_paren.group("inner").strip()
        negative = True
    m = _NUMBER.match(t)
    if not m:
        return None
    if m.group("sign") in ("-", "−", "–"):
        if negative:
            return None  # "(-13)" is too odd to guess
        negative = True
    try:
        value = float(m.group("num").replace(",", ""))
    except ValueError:
        return None
    if negative:
        value = -value
    return value, m.group("pct") is not None


def _checked_number(v: float, raw: object) -> ParsedCell:
    """NaN, infinity and magnitudes no return can hold are not numbers: a located finding
    (NOT_A_NUMBER, from the grid reader), never a silent blank, never an overflow later."""
    if math.isnan(v):
        return ParsedCell(None, "text", "NaN")
    if math.isinf(v):
        return ParsedCell(None, "text", "infinity" if v > 0 else "minus infinity")
    if abs(v) > MAX_MAGNITUDE:
        return ParsedCell(None, "text", _too_large_text(raw))
    return ParsedCell(_clean(v), "number", None)


def _too_large_text(raw: object) -> str:
    try:
        return f"{float(raw):.6g}"  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return "a number too large to hold"


def _clean(v: float) -> float:
    return 0.0 if v == 0 else v  # no negative zero from "-0%"


def parse_cell(raw: object, percent: bool = False) -> ParsedCell:
    """Classify and parse one grid cell.

    `percent=True` for rows that hold percentages: `No change` then means 0.0, and `44.4%` is
    0.444. Numbers stored as numbers are never rescaled (0.75 stays 0.75, 75 stays 75): whether
    75 in a percentage row is a mistake is for the rules to decide.
    """
    if raw is None:
        return ParsedCell(None, "blank", None)
    if isinstance(raw, bool):
        return ParsedCell(None, "text", str(raw).upper())
    if isinstance(raw, (datetime, date, time)):
        return ParsedCell(None, "text", raw.isoformat())
    if isinstance(raw, (int, float, Decimal, Fraction)):
        try:
            v = float(raw)
        except OverflowError:  # a huge int or Fraction
            return ParsedCell(None, "text", _too_large_text(raw))
        return _checked_number(v, raw)
    if not isinstance(raw, str):
        try:
            v = float(raw)  # type: ignore[arg-type]  # numpy scalars and the like
        except (TypeError, ValueError, OverflowError):
            return ParsedCell(None, "text", str(raw))
        return _checked_number(v, raw)

    text = raw.replace("\u00a0", " ").strip()
    if not text:
        return ParsedCell(None, "blank", None)
    norm = _normalise(text)
    if norm == "no change":
        return ParsedCell(0.0, "number", text) if percent else ParsedCell(None, "placeholder", text)
    parsed = _number_from_text(text)
    if parsed is not None:
        value, has_pct = parsed
        if has_pct:
            value = value / 100.0
        if not abs(value) <= MAX_MAGNITUDE:
            return ParsedCell(None, "text", text)
        return ParsedCell(_clean(value), "number", text)
    if is_placeholder(text):
        return ParsedCell(None, "placeholder", text)
    return ParsedCell(None, "text", text)


def parse_fraction(value: object) -> float | None:
    """A tolerance or band as a fraction: '10%' -> 0.10, 10 -> 0.10, 0.1 -> 0.1.

    Why: users type the same ten per cent three ways. Text with '%' is used as written
    ('150%' -> 1.5, so callers can reject it); a bare number of 1 or more is a percentage
    (1 -> 0.01); a bare number below 1 is already a fraction. Negative or not a number -> None.
    """
    p = parse_cell(value)
    if p.status != "number" or p.value is None or p.value < 0:
        return None
    if p.text is not None and "%" in p.text:
        return p.value
    return p.value / 100.0 if p.value >= 1 else p.value
