"""Chart text that is always literal: titles, series names and axis titles built from input text.

xlsxwriter reads a chart `name` that looks like `Sheet!A1` (its test: `^=?[^!]+!\\$?[A-Z]+\\$?\\d+`,
in `Chart._process_names`) as a cell reference and writes it as `<c:f>`, so an input title such as
`=cmd|' /C calc'!A0` would become a formula in the chart XML. There is no option to say "this
is text", so after xlsxwriter has parsed the options the parsed result is put back to the text,
and the reference it registered is dropped. Should a future xlsxwriter store these elsewhere, the
fallback inserts a zero-width space after each "!" so the text no longer looks like a reference
(tests/test_injection.py scans the XML and fails if either stops working).
"""

from __future__ import annotations

import re
from typing import Any

# xlsxwriter's own test for "this name is a reference" (chart.py, _process_names).
REFERENCE_LIKE = re.compile(r"^=?[^!]+!\$?[A-Z]+\$?\d+")
_ZWSP = "\u200b"


def looks_like_reference(text: str) -> bool:
    return bool(REFERENCE_LIKE.match(text))


def _defused(text: str) -> str:
    return text.replace("!", "!" + _ZWSP)


def _forget(chart: Any, formula: str | None) -> None:
    """Drop the data id xlsxwriter registered for a name it took for a reference."""
    ids = getattr(chart, "formula_ids", None)
    if formula and isinstance(ids, dict):
        ids.pop(formula.lstrip("="), None)


def _restore(chart: Any, holder: Any, text: str) -> bool:
    """Put `text` back as the literal name of a ChartTitle-like holder; False if not one."""
    if holder is None or not hasattr(holder, "formula") or not hasattr(holder, "name"):
        return False
    _forget(chart, holder.formula)
    holder.name, holder.formula = text, None
    if hasattr(holder, "data_id"):
        holder.data_id = None
    return True


def set_title(chart: Any, text: str, **options: Any) -> None:
    """`chart.set_title({"name": text, ...})` with `text` always written as text."""
    if not looks_like_reference(text):
        chart.set_title({"name": text, **options})
        return
    chart.set_title({"name": text, **options})
    if not _restore(chart, getattr(chart, "title", None), text):
        chart.set_title({"name": _defused(text), **options})


def add_series(chart: Any, options: dict[str, Any]) -> None:
    """`chart.add_series(options)` with a string `name` always written as text (a list `name`,
    a reference to one of our own cells, is kept as a reference)."""
    name = options.get("name")
    if not isinstance(name, str) or not looks_like_reference(name):
        chart.add_series(options)
        return
    chart.add_series(options)
    series = chart.series[-1] if getattr(chart, "series", None) else None
    if isinstance(series, dict) and "name_formula" in series:
        _forget(chart, series["name_formula"])
        series.update(name=name, name_formula=None, name_id=None)
    else:  # pragma: no cover - an xlsxwriter that stores series differently
        chart.series.pop()
        chart.add_series({**options, "name": _defused(name)})


def set_axis(chart: Any, axis: str, options: dict[str, Any]) -> None:
    """`chart.set_x_axis(options)` (axis "x", "y", "x2", "y2") with a string axis `name` literal."""
    setter = getattr(chart, f"set_{axis}_axis")
    name = options.get("name")
    setter(options)
    if isinstance(name, str) and looks_like_reference(name):
        holder = getattr(chart, f"{axis}_axis", {}).get("title")
        if not _restore(chart, holder, name):  # pragma: no cover - other xlsxwriter layouts
            setter({**options, "name": _defused(name)})
