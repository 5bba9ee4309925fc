"""The summary block of an indicator sheet: the figures at the reporting period, RAG, direction
of travel, SPC and the year-end forecast, as formulas where a formula reproduces the figure.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from csp_excel.core.annual import period_label
from csp_excel.core.forecast import forecast_judgement
from csp_excel.core.model import Computed, Indicator
from csp_excel.core.rag import compares_counts, effective_polarity, monitor_direction
from csp_excel.writers.indicator_formulas import GridFormulas, lit
from csp_excel.writers.indicator_layout import FIRST, LAB, POLARITY_WORDS, SUMMARY_SPAN, SheetInfo
from csp_excel.writers.palette import CELL_BORDER, FALLBACK, NOTE_TEXT
from csp_excel.writers.xl_formats import (
    ARROWS,
    FMT_COUNT,
    FMT_PCT,
    Candidate,
    Formats,
    cell0,
    clip_text,
    dot_formats,
    judgement_formats,
    rag_formats,
    same,
    write_derived,
    write_value,
)


def write_indicator_summary(
    ws: Worksheet,
    fm: Formats,
    ind: Indicator,
    comp: Computed,
    ctx: Context,
    info: SheetInfo,
    top: int,
) -> int:
    ws.merge_range(top, LAB, top, FIRST + SUMMARY_SPAN - 1, "", fm.header())
    ws.write_string(top, LAB, "Summary at the reporting period", fm.header())
    box = {"border": 1, "border_color": CELL_BORDER, "bold": True}
    r = top + 1
    for key, label, value, cands, numfmt, note in ctx.summary_items():
        ws.write_string(r, LAB, label, fm.label())
        fmt = fm.num(numfmt, **box) if numfmt else fm.get(**box, align="center")
        ws.merge_range(r, FIRST, r, FIRST + SUMMARY_SPAN - 2, "", fmt)
        if cands is None:
            write_value(ws, r, FIRST, clip_text(value) if isinstance(value, str) else value, fmt)
        else:
            fallback = fm.num(numfmt or "General", **box, italic=True, bg_color=FALLBACK)
            write_derived(ws, r, FIRST, value, cands, fmt, info.stats, fallback)
        if note:
            ws.write_string(
                r,
                FIRST + SUMMARY_SPAN - 1,
                clip_text(note),
                fm.get(font_color=NOTE_TEXT, italic=True),
            )
        info.summary[key] = (cell0(r, FIRST, True, True), value, numfmt or "")
        if key == "typed_rag" and ind.typed_rag_cell:
            info.cell_map[ind.typed_rag_cell] = cell0(r, FIRST)
        typed_dot_cell = getattr(ind, "typed_dot_cell", None)
        if key == "typed_dot" and isinstance(typed_dot_cell, str):
            info.cell_map[typed_dot_cell] = cell0(r, FIRST)
        if key in ("rag", "typed_rag"):
            rag_formats(ws, fm, r, FIRST, r, FIRST + SUMMARY_SPAN - 2)
        if key == "dot" and effective_polarity(ind) != "monitor":
            dot_formats(ws, fm, r, FIRST, r, FIRST + SUMMARY_SPAN - 2)
        if key == "forecast_judgement":
            judgement_formats(ws, fm, r, FIRST, r, FIRST + SUMMARY_SPAN - 2)
        r += 1
    notes = [x for x in comp.notes if not x.startswith("direction: ")] + ctx.assumption_notes()
    if info.stats.fallbacks:
        shown = ", ".join(info.stats.fallbacks[:12])
        notes.append(f"Cells shaded yellow hold the calculated figure as a fixed value: {shown}")
    for text in notes:
        ws.write_string(r, LAB, "Note", fm.get(italic=True, font_color=NOTE_TEXT))
        ws.write_string(r, FIRST, clip_text(text), fm.get(italic=True, font_color=NOTE_TEXT))
        r += 1
    return r


def fmt_figure(comp: Computed, value: float | None) -> str:
    """A forecast figure as people read it: 17,640 or 68.2%."""
    if value is None:
        return ""
    pct = comp.numerator is not None or (comp.frequency == "annual" and comp.pct_ytd is not None)
    return f"{value:.1%}" if pct else f"{value:,.0f}"


def forecast_text(ind: Indicator, comp: Computed) -> str:
    """'17,640 (likely to miss)' for the dashboard; '' when there is no forecast."""
    if comp.forecast is None:
        return ""
    judgement = forecast_judgement(comp, effective_polarity(ind)).replace(" target", "")
    text = fmt_figure(comp, comp.forecast)
    return f"{text} ({judgement})" if judgement else text


def display_dot(ind: Indicator, comp: Computed) -> str:
    """The arrow shown: judged arrows by polarity; monitoring indicators show the bare direction."""
    direction = monitor_direction(comp)
    if direction is not None and comp.dot in (None, "static"):
        return {"up": "▲", "down": "▼"}.get(direction, ARROWS["static"])
    return ARROWS.get(comp.dot or "", "")


class Context(GridFormulas):
    """Adds the summary block: its items, the RAG and direction-of-travel formulas."""

    def _at(self, key: str) -> tuple[Any, list[Candidate] | None]:
        """The grid figure at the reporting period, by reference."""
        ri = self.ri
        if ri is None or key not in self.rows:
            return None, None
        x = self.a(key, ri)
        v = self._grid_value(key, ri)
        return v, [Candidate(f'IF(ISNUMBER({x}),{x},"")', v)]

    def _grid_value(self, key: str, i: int) -> Any:
        if key == "pct_month":
            c = self._c_pct_month(i)
            return c[0].value if c else None
        return self.s(key, i)

    def summary_items(self) -> list[tuple[str, str, Any, list[Candidate] | None, str, str]]:
        ind, comp = self.ind, self.comp
        ri = self.ri
        pct = self.pct
        out: list[tuple[str, str, Any, list[Candidate] | None, str, str]] = []
        period = period_label(comp, ri) if ri is not None else "no figures yet"
        year = self.annual
        fmt = self.fmt.get
        for key in self.keys:
            if key == "rep":
                out.append(
                    (
                        key,
                        "Reporting period number",
                        None if ri is None else ri + 1,
                        None,
                        "0",
                        period,
                    )
                )
            elif key == "actual":
                src = ("pct_ytd" if year else "pct_month") if pct else "actual"
                v, c = self._at(src)
                label = "% in the latest period" if pct else "Latest period"
                label = ("Latest year" if year else label) + (" (%)" if year and pct else "")
                out.append((key, label, v, c, fmt(src, FMT_COUNT), period))
            elif key in ("ytd", "ytd_ly", "actual_ly"):
                src = {"ytd": "pct_ytd", "ytd_ly": "pct_ytd_ly"}.get(key, key) if pct else key
                v, c = self._at(src)
                label = {
                    "ytd": "Year to date",
                    "ytd_ly": "Same period last year",
                    "actual_ly": "Same period last year",
                }[key]
                if year:
                    label = {"ytd": "Year to date (the year)", "ytd_ly": "Previous year"}[key]
                out.append(
                    (
                        key,
                        ("% " + label.lower()) if pct and key != "actual_ly" else label,
                        v,
                        c,
                        fmt(src, FMT_COUNT),
                        "",
                    )
                )
            elif key in ("pct_change", "r12", "rate", "target", "variance"):
                v, c = self._at(key)
                labels = {
                    "pct_change": "% change on the previous year"
                    if year
                    else "% change on last year",
                    "r12": "Rolling 12 months" if comp.n == 12 or year else "Rolling 4 quarters",
                    "rate": f"Rate per {ind.per:,.0f}",
                    "target": "Target" if self.level else "Target to date",
                    "variance": "Variance from target",
                }
                out.append((key, labels[key], v, c, fmt(key, FMT_COUNT), ""))
            elif key == "annual_target":
                out.append(self._annual())
            elif key == "forecast":
                low, high = comp.forecast_low, comp.forecast_high
                note = ""
                if (
                    low is not None
                    and high is not None
                    and fmt_figure(comp, low) != fmt_figure(comp, high)
                ):
                    note = f"range {fmt_figure(comp, low)} – {fmt_figure(comp, high)}"
                if year:
                    note = "none: a year's figure is already the year-end figure"
                out.append(
                    (
                        key,
                        "Year-end forecast",
                        comp.forecast,
                        None,
                        FMT_PCT if pct else FMT_COUNT,
                        note,
                    )
                )
            elif key == "forecast_judgement":
                judgement = forecast_judgement(comp, effective_polarity(ind))
                annual = comp.annual_target
                note = f"annual target {fmt_figure(comp, annual)}" if annual is not None else ""
                note = "" if year else note
                label = "Forecast against annual target"
                out.append((key, label, judgement or None, None, "", note))
            elif key == "per":
                ref = self.srefs.per.get(self.sheet)
                c = [Candidate(ref, ind.per)] if ref else None
                out.append((key, "Rate per", ind.per, c, "#,##0", "set on the Settings sheet"))
            elif key == "tolerance":
                tol = ind.tolerance if ind.tolerance is not None else self.settings.rag_tolerance
                ref = self.srefs.tolerance.get(self.sheet)
                c = [Candidate(f'IF({ref}="",RAG_Tolerance,{ref})', tol)] if ref else None
                out.append(
                    (
                        key,
                        "RAG tolerance",
                        tol,
                        c,
                        "0%",
                        "partnership's unless set for this indicator",
                    )
                )
            elif key == "rag":
                out.append((key, "RAG rating", comp.rag, self._rag(), "", self._rag_note()))
            elif key == "typed_rag":
                out.append((key, "RAG typed in the return", ind.typed_rag, None, "", ""))
            elif key == "typed_dot":
                typed = getattr(ind, "typed_dot", None)
                out.append((key, "Direction typed in the return", typed, None, "", ""))
            elif key == "dot":
                out.append(
                    (
                        key,
                        "Direction of travel",
                        display_dot(ind, comp),
                        self._dot(),
                        "",
                        comp.dot or "",
                    )
                )
            elif key == "spc":
                out.append(
                    (key, "SPC signal", comp.spc.variation if comp.spc else None, None, "", "")
                )
            elif key == "assurance":
                out.append(
                    (key, "SPC assurance", comp.spc.assurance if comp.spc else None, None, "", "")
                )
            elif key == "target_text":
                src = f"from {ind.target.source}" if ind.target.source != "none" else ""
                out.append((key, "Target (as worded)", ind.target.text or "none", None, "", src))
            elif key == "polarity":
                pol = effective_polarity(ind)
                out.append(
                    (
                        key,
                        "What good looks like",
                        POLARITY_WORDS.get(pol, pol),
                        None,
                        "",
                        f"from {ind.polarity_source}",
                    )
                )
        return out

    def _annual(self) -> tuple[str, str, Any, list[Candidate] | None, str, str]:
        av, n = self.comp.annual_target, self.n
        if self.annual:  # the latest year's target: the column of the reporting period
            n = (self.ri if self.ri is not None else n - 1) + 1
        fmt = FMT_PCT if self.level and self.pct else FMT_COUNT
        cands: list[Candidate] = []
        if self.has("target_input"):
            t = self.a("target_input", n - 1)
            tv = self.s("target_input", n - 1)
            cands.append(Candidate(f'IF(ISNUMBER({t}),{t},"")', tv))
            cands.append(self._cum("target_input", n - 1, False))
        base = self._base_key()
        if self.ind.target.kind in ("reduction_pct", "reduction", "increase") and self.has(base):
            f, b, bv = self._factor(), self.a(base, n - 1), self.s(base, n - 1)
            expr = b if f == 1.0 else f"{b}*{lit(f)}"
            cands.append(Candidate(f'IF(ISNUMBER({b}),{expr},"")', None if bv is None else bv * f))
        chosen = [c for c in cands if same(c.value, av)]
        note = "change it to re-profile the target" if not chosen else ""
        if self.annual:
            fmt = FMT_PCT if self.pct_figures and not compares_counts(self.ind) else FMT_COUNT
            note = "the latest year's target; change it to re-judge the year" if not chosen else ""
        label = "Target for the latest year" if self.annual else "Annual target"
        return ("annual_target", label, av, chosen[:1] or None, fmt, note)

    def _rag(self) -> list[Candidate] | None:
        ri, ind = self.ri, self.ind
        pol = effective_polarity(ind)
        key = self._basis_key()
        if ri is None or pol not in ("lower", "higher", "range") or not self.has(key):
            return None
        y, yv, tol = self.a(key, ri), self.s(key, ri), self.sref("tolerance")
        tolv = ind.tolerance if ind.tolerance is not None else self.settings.rag_tolerance
        if pol == "range":
            lo, hi = ind.target.low, ind.target.high
            if lo is None or hi is None:
                return None
            f = (
                f'IF(NOT(ISNUMBER({y})),"None",IF(AND({y}>={lit(lo)},{y}<={lit(hi)}),"G",'
                f'IF({y}<{lit(lo)},IF({lit(lo)}-{y}<={tol}*{lit(abs(lo))},"A","R"),'
                f'IF({y}-{lit(hi)}<={tol}*{lit(abs(hi))},"A","R"))))'
            )
            if yv is None:
                v = "None"
            elif lo <= yv <= hi:
                v = "G"
            elif yv < lo:
                v = "A" if lo - yv <= tolv * abs(lo) else "R"
            else:
                v = "A" if yv - hi <= tolv * abs(hi) else "R"
            return [Candidate(f, v)]
        if not self.has("target"):
            return None
        t, tv = self.a("target", ri), self.s("target", ri)
        short = f"{y}-{t}" if pol == "lower" else f"{t}-{y}"
        f = f'IF(OR(NOT(ISNUMBER({y})),NOT(ISNUMBER({t}))),"None",IF({short}<=0,"G",IF({short}<={tol}*ABS({t}),"A","R")))'
        if yv is None or tv is None:
            v = "None"
        else:
            sv = yv - tv if pol == "lower" else tv - yv
            v = "G" if sv <= 0 else "A" if sv <= tolv * abs(tv) else "R"
        return [Candidate(f, v)]

    def _rag_note(self) -> str:
        if self.comp.rag == "None":
            return "no judgement: monitoring only, no target or no figure"
        if self.annual:
            return "the latest year against its target"
        what = "% year to date" if self.level and self.pct else "year to date"
        return f"{what} against the target at the reporting period"

    def _dot(self) -> list[Candidate] | None:
        """Headline now vs the period before (at the first period: last year's closing figure)."""
        ri, ind, n = self.ri, self.ind, self.n
        if ri is None:
            return None
        if self.annual and ri == 0:
            return None  # the oldest year has no year before it
        if self.pct_figures:
            hk, pk = "pct_ytd", ("pct_ytd", ri - 1) if ri > 0 else ("pct_ytd_ly", n - 1)
        elif ind.kind == "snapshot":
            hk, pk = "actual", ("actual", ri - 1) if ri > 0 else ("actual_ly", n - 1)
        elif self.s("r12", ri) is not None:
            hk, pk = "r12", ("r12", ri - 1) if ri > 0 else ("ytd_ly", n - 1)
        else:
            if ri == 0:
                return None
            hk, pk = "actual", ("actual", ri - 1)
        if not self.has(hk, pk[0]):
            return None
        h, p = self.a(hk, ri), self.a(pk[0], pk[1])
        hv, pv = self.s(hk, ri), self.s(pk[0], pk[1])
        pol = effective_polarity(ind)
        band = "Static_Band"
        bandv = self.settings.static_band
        if hk == "pct_ytd":
            static_f = f"ABS({h}-{p})<{band}"
        else:
            static_f = f"IF({p}=0,{h}=0,ABS({h}-{p})/ABS({p})<{band})"
        if pol == "range":
            lo, hi = ind.target.low, ind.target.high
            if lo is None or hi is None:
                return None
            dh = f"MAX({lit(lo)}-{h},{h}-{lit(hi)},0)"
            dp = f"MAX({lit(lo)}-{p},{p}-{lit(hi)},0)"
            judged = f'IF({dh}<{dp},"▲",IF({dh}>{dp},"▼","◀▶"))'
        elif pol == "lower":
            judged = f'IF({h}<{p},"▲","▼")'
        else:  # higher, or monitoring: the bare direction
            judged = f'IF({h}>{p},"▲","▼")'
        inner = f'IF({static_f},"◀▶",{judged})'
        if self.pct_figures and pol == "higher":
            inner = f'IF({h}>=1,"★",{inner})'
        f = f'IF(OR(NOT(ISNUMBER({h})),NOT(ISNUMBER({p}))),"",{inner})'
        pct = self.pct_figures
        return [Candidate(f, dot_value(hv, pv, pol, hk == "pct_ytd", pct, bandv, ind))]

    def assumption_notes(self) -> list[str]:
        ind = self.ind
        out = []
        if ind.target.kind != "none":
            out.append(
                f"Target '{ind.target.text or ind.target.kind}' taken from {ind.target.source}."
            )
        out.append(
            f"Polarity ({POLARITY_WORDS.get(ind.polarity, ind.polarity)}) taken from {ind.polarity_source}."
        )
        return out


def dot_value(
    hv: float | None,
    pv: float | None,
    pol: str,
    absolute: bool,
    pct: bool,
    band: float,
    ind: Indicator,
) -> str:
    """What the direction-of-travel formula gives, worked out in Python."""
    if hv is None or pv is None:
        return ""
    if pct and pol == "higher" and hv >= 1:
        return "★"
    if absolute:
        static = abs(hv - pv) < band
    else:
        static = hv == 0 if pv == 0 else abs(hv - pv) / abs(pv) < band
    if static:
        return "◀▶"
    if pol == "range":
        lo, hi = ind.target.low or 0.0, ind.target.high or 0.0
        dh, dp = max(lo - hv, hv - hi, 0.0), max(lo - pv, pv - hi, 0.0)
        return "▲" if dh < dp else "▼" if dh > dp else "◀▶"
    if pol == "lower":
        return "▲" if hv < pv else "▼"
    return "▲" if hv > pv else "▼"
