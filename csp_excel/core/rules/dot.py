"""The direction-of-travel arrow typed in the return against the computed one.

Why: assessments such as the annual ones type ▲ ▼ ◀▶ ★ by hand; an arrow that contradicts the
figures beside it is the same kind of slip as a wrong RAG letter, so it is reported, never
silently replaced. Only when the reader kept a typed arrow (`Indicator.typed_dot`).
"""

from __future__ import annotations

from csp_excel.core.codes import finding
from csp_excel.core.model import Finding
from csp_excel.core.rag import effective_polarity, monitor_direction, reads_percent
from csp_excel.core.rules.context import RuleContext, fmt_num, fmt_pct

_WORDS = {"improved": "▲ (improved)", "worse": "▼ (worse)", "static": "◀▶ (static)",
          "peaked": "★ (peaked)"}  # fmt: skip
_POLARITY = {"lower": "lower is better", "higher": "higher is better", "range": "within a range"}


def normalise_dot(text: object) -> str | None:
    """'▲', '↑', 'improved' -> 'improved'; '▼' -> 'worse'; '◀▶', '◄►', '↔' -> 'static';
    '★', '*' -> 'peaked'; anything else (N/A, blank) -> None."""
    if not isinstance(text, str):
        return None
    t = text.strip().lower()
    if not t:
        return None
    if t in ("improved", "improving", "better") or t[0] in "▲↑△⬆":
        return "improved"
    if t in ("worse", "worsening", "deteriorated") or t[0] in "▼↓▽⬇":
        return "worse"
    if t in ("static", "no change", "same") or t[0] in "◀◄↔⇔" or t.startswith("<>"):
        return "static"
    if t in ("peaked", "*") or t[0] in "★☆":
        return "peaked"
    return None


def dot_typed(c: RuleContext) -> list[Finding]:
    ind, comp = c.ind, c.comp
    typed = normalise_dot(getattr(ind, "typed_dot", None))
    ri = c.ri
    if typed is None or ri is None:
        return []
    polarity = effective_polarity(ind)
    series = comp.headline or []
    cur = series[ri] if ri < len(series) else None
    prev = series[ri - 1] if 0 < ri <= len(series) else None
    fmt = fmt_pct if reads_percent(ind, comp) else fmt_num
    if comp.frequency == "annual" and cur is not None and prev is not None and ri > 0:
        basis = f"{fmt(cur)} in {c.name(ri)} against {fmt(prev)} in {c.name(ri - 1)}"
    else:
        basis = f"the headline figure at {c.name(ri)} against the period before"
    band = f"static within {c.settings.static_band:.0%}"
    if polarity in _POLARITY:
        if comp.dot is None or typed == comp.dot:
            return []
        computed, said = comp.dot, f"{_WORDS[comp.dot]} ({_POLARITY[polarity]}, {band})"
    else:  # monitoring only: no judgement, but static or not is still a fact
        direction = monitor_direction(comp)
        moved = direction in ("up", "down")
        if direction is None or (typed == "static") != moved:
            return []
        computed = str(direction)
        said = (
            f"a move {direction}, beyond the band ({band})"
            if moved
            else f"{_WORDS['static']} ({band})"
        )
    msg = (
        f"The direction of travel typed in the return is {_WORDS[typed]}, but {basis} is "
        f"{said}. If your partnership uses a wider static band, set 'Static band' on the "
        "Settings sheet."
    )
    cell = getattr(ind, "typed_dot_cell", None)
    return [finding("DOT_MISMATCH", ind.sheet, cell, msg, computed, typed)]
