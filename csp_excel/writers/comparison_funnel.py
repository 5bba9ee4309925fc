"""The 'Funnel plots' sheet of comparison.xlsx: one block per indicator with a funnel.

Each block has the partnerships' table (count, denominator, figure, the limits at its own
denominator, where it falls and what that means by polarity), the partnerships left out with the
reason, the limits along the axis as a table, and a scatter chart drawn only from those two
tables (partnership names are plain text cells; series names are our own words).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core.funnel import INSIDE, Funnel, FunnelPoint, curve
from . import literal
from .comparison_funnel_plan import JUDGEMENT_WORDS, FunnelPlan
from .number_formats import FMT_COUNT, FMT_COUNT_1DP, FMT_PCT, FMT_PCT_WHOLE, FMT_RATE
from .palette import (
    GREY_TEXT,
    GRIDLINE,
    LINE_GREY,
    NAVY,
    NOTE_TEXT,
    SPC_CONCERN,
    SPC_IMPROVEMENT,
    SPC_NEITHER,
)
from .report_book import header_row, upper_first, write_text

FUNNEL_SHEET = "Funnel plots"
JUDGEMENT_ORDER = ("worse", "better", "high", "low", INSIDE)  # table order: outside first
POINT_COLOURS = {"worse": SPC_CONCERN, "better": SPC_IMPROVEMENT, "high": SPC_NEITHER,
                 "low": SPC_NEITHER, INSIDE: GREY_TEXT}  # fmt: skip
POINT_COLUMNS = [("Partnership", 28), ("Count", 11), ("Denominator", 13), ("Figure", 10),
                 ("99.8% lower", 10), ("95% lower", 10), ("95% upper", 10), ("99.8% upper", 10),
                 ("Position", 12), ("Judgement", 18)]  # fmt: skip
LIMIT_HEADERS = ["Denominator", "99.8% lower", "95% lower", "Group figure", "95% upper",
                 "99.8% upper"]  # fmt: skip
CHART_COL = 11  # the chart sits right of the tables
CHART_ROWS = 20  # rows the chart covers (its height is 20 default rows)
INTRO = (
    "Each point is a partnership: its figure against its denominator (population, or cases for "
    "a percentage). Inside the 95% limits is within what chance alone gives; outside the 99.8% "
    "limits happens by chance about 1 time in 500. Blue: better than the group, orange: worse, "
    "purple: outside with no better or worse direction, grey: inside."
)


def _den_word(plan: FunnelPlan) -> str:
    return "Population" if plan.kind == "rate" else "Denominator (cases)"


class FunnelFormats:
    def __init__(self, wb: Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14, "font_color": NAVY})
        self.heading = wb.add_format({"bold": True, "font_size": 12, "font_color": NAVY})
        self.note = wb.add_format({"italic": True, "font_color": NOTE_TEXT})
        self.count = wb.add_format({"num_format": FMT_COUNT})
        self.rate = wb.add_format({"num_format": FMT_RATE})
        self.pct = wb.add_format({"num_format": FMT_PCT})
        self.judged = {
            k: wb.add_format({"bold": k != INSIDE, "font_color": c})
            for k, c in POINT_COLOURS.items()
        }


class FunnelSheet:
    """The sheet written one block at a time (`add`), so only one indicator's funnel is held."""

    def __init__(self, wb: Workbook, ws: Worksheet) -> None:
        self.wb, self.ws, self.fm = wb, ws, FunnelFormats(wb)
        ws.write_string(0, 0, "Funnel plots: which partnerships really differ from the group",
                        self.fm.title)  # fmt: skip
        ws.write_string(1, 0, INTRO, self.fm.note)
        self.row, self.breaks = 3, list[int]()

    def add(self, plan: FunnelPlan) -> None:
        """The plan's block under the last one (nothing for a plan without a funnel)."""
        if plan.funnel is not None:
            self.breaks.append(self.row)
            self.row = _block(self.wb, self.ws, self.fm, self.row, plan, plan.funnel) + 2

    def finish(self) -> None:
        self.ws.set_h_pagebreaks(self.breaks[1:])  # one indicator per printed page
        self.ws.set_landscape()
        self.ws.set_paper(9)
        self.ws.fit_to_pages(1, 0)


def _sorted_points(funnel: Funnel) -> list[FunnelPoint]:
    return sorted(funnel.points, key=lambda p: (JUDGEMENT_ORDER.index(p.judgement), p.name.lower()))


def _block(
    wb: Workbook, ws: Worksheet, fm: FunnelFormats, top: int, plan: FunnelPlan, funnel: Funnel
) -> int:
    """One indicator's block from row `top`; returns its last row."""
    value_fmt = fm.pct if plan.kind == "percentage" else fm.rate
    write_text(ws, top, 0, plan.title, fm.heading)
    centre = f"{funnel.centre:.1%}" if plan.kind == "percentage" else f"{funnel.centre:,.2f}"
    note = f"Figure: {plan.metric}; group figure {centre}. Limits: {funnel.method}."
    ws.write_string(top + 1, 0, note, fm.note)
    cols = list(POINT_COLUMNS)
    cols[2] = (_den_word(plan), 13)
    cols[3] = (upper_first(plan.metric), 10)
    header_row(wb, ws, cols, row=top + 2)
    points = _sorted_points(funnel)
    first = top + 3
    for i, p in enumerate(points):
        _point_row(ws, fm, first + i, p, value_fmt)
    row = first + len(points)
    for name, why in plan.skipped:
        write_text(ws, row, 0, name)
        ws.write_string(row, 8, "not plotted", fm.note)
        write_text(ws, row, 9, why, fm.note)
        row += 1
    lim_top = row + 1
    ws.write_string(lim_top, 0, "Limits along the axis (the chart's lines)", fm.note)
    lim_first = _limits_table(wb, ws, fm, lim_top + 1, plan, funnel)
    lim_last = lim_first + len(curve(funnel)) - 1
    ranges = _Ranges(ws.name, first, points, lim_first, lim_last)
    _chart(wb, ws, top, plan, ranges, _axes(funnel))
    return max(lim_last, top + CHART_ROWS)


def _point_row(ws: Worksheet, fm: FunnelFormats, r: int, p: FunnelPoint, value_fmt: Any) -> None:
    write_text(ws, r, 0, p.name)
    ws.write_number(r, 1, p.count, fm.count)
    ws.write_number(r, 2, p.denominator, fm.count)
    ws.write_number(r, 3, p.value, value_fmt)
    lim = p.limits
    for c, v in enumerate((lim.low998, lim.low95, lim.high95, lim.high998), start=4):
        ws.write_number(r, c, v, value_fmt)
    ws.write_string(r, 8, p.position)
    ws.write_string(r, 9, JUDGEMENT_WORDS[p.judgement], fm.judged[p.judgement])


def _limits_table(
    wb: Workbook, ws: Worksheet, fm: FunnelFormats, row: int, plan: FunnelPlan, funnel: Funnel
) -> int:
    """The limits at steps of the denominator; returns the first data row."""
    value_fmt = fm.pct if plan.kind == "percentage" else fm.rate
    heads = [_den_word(plan), *LIMIT_HEADERS[1:]]
    header_row(wb, ws, [(h, w) for h, (_, w) in zip(heads, POINT_COLUMNS, strict=False)], row=row)
    ws.set_column(0, 0, POINT_COLUMNS[0][1])
    for i, (d, lim) in enumerate(curve(funnel)):
        r = row + 1 + i
        ws.write_number(r, 0, d, fm.count)
        values = (lim.low998, lim.low95, funnel.centre, lim.high95, lim.high998)
        for c, v in enumerate(values, start=1):
            ws.write_number(r, c, v, value_fmt)
    return row + 1


class _Ranges:
    """Where the chart's data are: the point rows by judgement and the limits table."""

    def __init__(
        self, sheet: str, first: int, points: Sequence[FunnelPoint], lim_first: int, lim_last: int
    ) -> None:
        self.sheet, self.lim_first, self.lim_last = sheet, lim_first, lim_last
        self.groups: list[tuple[str, int, int]] = []  # (judgement, first row, last row)
        for i, p in enumerate(points):
            if self.groups and self.groups[-1][0] == p.judgement:
                self.groups[-1] = (p.judgement, self.groups[-1][1], first + i)
            else:
                self.groups.append((p.judgement, first + i, first + i))

    def limit(self, col: int) -> dict[str, Any]:
        s, a, b = self.sheet, self.lim_first, self.lim_last
        return {"categories": [s, a, 0, b, 0], "values": [s, a, col, b, col]}


Axis = tuple[float, float, float]  # min, max, major unit


def _axes(funnel: Funnel) -> tuple[Axis, Axis]:
    """x over the limits table's denominators, y round the widest limit and every point."""
    steps = curve(funnel)
    ys = [v for _, lim in steps for v in (lim.low998, lim.high998)]
    ys += [p.value for p in funnel.points]
    lo, hi = min(ys), max(ys)
    pad = (hi - lo) * 0.05 or abs(hi) * 0.05 or 1.0
    y_lo, y_hi, y_step = _nice(max(0.0, lo - pad), hi + pad)
    if funnel.kind == "percentage":
        y_hi = min(1.0, y_hi)
    return _nice(steps[0][0], steps[-1][0]), (y_lo, y_hi, y_step)


def _nice(lo: float, hi: float) -> Axis:
    """lo and hi rounded out to a round major unit (1, 2 or 5 x a power of ten, 4 to 8 ticks)."""
    raw = (hi - lo) / 6.0 if hi > lo else abs(hi) / 6.0 or 1.0
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1.0, 2.0, 5.0, 10.0) if m * mag >= raw)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step, step


def _chart(
    wb: Workbook, ws: Worksheet, top: int, plan: FunnelPlan, rg: _Ranges,
    axes: tuple[Axis, Axis],
) -> None:  # fmt: skip
    (x_lo, x_hi, x_step), (y_lo, y_hi, y_step) = axes
    chart = wb.add_chart({"type": "scatter", "subtype": "straight"})
    lines = [(1, "99.8% limits", GREY_TEXT, "solid"), (2, "95% limits", LINE_GREY, "dash"),
             (3, "Group figure", NAVY, "solid"), (4, None, LINE_GREY, "dash"),
             (5, None, GREY_TEXT, "solid")]  # fmt: skip
    for col, name, colour, dash in lines:
        series = {**rg.limit(col), "marker": {"type": "none"},
                  "line": {"color": colour, "width": 1.25, "dash_type": dash}}  # fmt: skip
        if name:
            series["name"] = name
        literal.add_series(chart, series)
    for judgement, a, b in rg.groups:
        colour = POINT_COLOURS[judgement]
        literal.add_series(
            chart,
            {
                "name": upper_first(JUDGEMENT_WORDS[judgement]),
                "categories": [rg.sheet, a, 2, b, 2],
                "values": [rg.sheet, a, 3, b, 3],
                "line": {"none": True},
                "marker": {"type": "circle", "size": 8, "fill": {"color": colour},
                           "border": {"color": colour}},
            },
        )  # fmt: skip
    chart.set_legend({"position": "bottom", "delete_series": [3, 4]})
    literal.set_title(chart, f"{plan.title}: {plan.metric} by size", name_font={"size": 11})
    pct = plan.kind == "percentage"
    chart.set_x_axis({"name": _den_word(plan), "num_format": FMT_COUNT, "min": x_lo, "max": x_hi,
                      "major_unit": x_step, "major_gridlines": {"visible": False}})  # fmt: skip
    chart.set_y_axis({"name": upper_first(plan.metric), "min": y_lo, "max": y_hi,
                      "major_unit": y_step,
                      "num_format": FMT_PCT_WHOLE if pct else FMT_COUNT_1DP,
                      "major_gridlines": {"visible": True, "line": {"color": GRIDLINE}}})  # fmt: skip
    chart.set_size({"width": 720, "height": 400})
    ws.insert_chart(top, CHART_COL, chart, {"object_position": 1})
