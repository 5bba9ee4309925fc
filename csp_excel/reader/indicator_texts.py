"""The label/value texts of an indicator sheet ('Definition', 'Target', 'RAG Rating: R').

Why: returns put their texts anywhere (two pairs side by side, merged cells, label and value in
one cell), so a text is found by its label, and its value is the next non-empty cell to the right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..core.rules import normalise_rag
from .grid_cells import show
from .sheets import SheetData, a1
from .synonyms import norm_label

TEXT_LABELS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^definitions?$"), "Definition"),
    (re.compile(r"^how (?:this|the) indicator works$"), "How this indicator works"),
    (re.compile(r"^what good (?:looks|look) like$"), "What good looks like"),
    (
        re.compile(r"^why (?:this|the) indicator is important$|^why this indicator"),
        "Why this indicator is important",
    ),  # fmt: skip
    (
        re.compile(
            r"^(?:\d{4}\s*/\s*\d{2,4}\s*:?\s*)?targets?\s*(?:for\s+)?(?:\d{4}\s*[/-]\s*\d{2,4})?\s*:?$"
        ),
        "Target",
    ),
    (re.compile(r"^history (?:with|of) (?:this|the) indicator$"), "History with this indicator"),
    (re.compile(r"^any issues to consider$"), "Any issues to consider"),
    (re.compile(r"^performance overview$"), "Performance Overview"),
    (
        re.compile(r"^actions to sustain or improve performance$|^actions to sustain"),
        "Actions to Sustain or Improve Performance",
    ),  # fmt: skip
    (re.compile(r"^benchmarking$"), "Benchmarking"),
]


RAG_LABEL = re.compile(r"^rag(?:\s+(?:rating|rate|status))?\s*:?\s*(.*)$")


TAGS = re.compile(r"<[^>]+>|\*\*")


def clean_text(v: Any) -> str:
    return " ".join(TAGS.sub(" ", show(v)).split())


def _label_key(v: Any) -> str | None:
    """The canonical text label a cell holds ('2016/17: Target:' -> 'Target'), else None."""
    if not isinstance(v, str) or len(v) > 60:
        return None
    return _text_label(v)


@lru_cache(maxsize=8192)
def _text_label(v: str) -> str | None:
    """Cached: the same labels recur on every sheet of a return (and across a folder)."""
    key = norm_label(TAGS.sub(" ", v))
    for pattern, name in TEXT_LABELS:
        if pattern.search(key):
            return name
    m = RAG_LABEL.match(key)
    if m and (not m.group(1) or normalise_rag(m.group(1)) is not None):
        return "RAG"  # "RAG Rating:", "RAG: Amber/Green"; not "Ragged" or "RAG tolerance"
    return None


@dataclass
class Text:
    label: str
    row: int
    col: int
    value: str
    value_cell: str | None


def read_texts(sheet: SheetData) -> list[Text]:
    """Every known label on the sheet with its value: the next non-empty cell to the right."""
    out: list[Text] = []
    for r, row in enumerate(sheet.rows, start=1):
        for c, v in enumerate(row, start=1):
            name = _label_key(v)
            if name is None:
                continue
            value, vcell = "", None
            for c2 in range(c + 1, len(row) + 1):
                v2 = row[c2 - 1]
                if v2 is None or not str(v2).strip():
                    continue
                if _label_key(v2) is None:
                    value, vcell = clean_text(v2), a1(r, c2)
                break
            if not value and name == "Performance Overview" and r < len(sheet.rows):
                below = sheet.rows[r]
                for c2 in range(c, min(len(below), c + 2) + 1):
                    v2 = below[c2 - 1]
                    if v2 is not None and str(v2).strip() and _label_key(v2) is None:
                        value, vcell = clean_text(v2), a1(r + 1, c2)
                        break
            out.append(Text(name, r, c, value, vcell))
    return out
