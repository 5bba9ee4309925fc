"""Where the cells of an indicator sheet are and what they hold, for the candidate formulas.

Grid cells are addressed by row key and period, summary cells by key (`sref`). The summary's
positions are fixed here, before anything is written, so grid formulas can refer to the summary
(the reporting period, the annual target) and the summary to the grid.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from csp_excel.core.model import Computed, GridRow, Indicator, Series, Settings
from csp_excel.core.rag import is_level
from csp_excel.writers.indicator.layout import FIRST
from csp_excel.writers.settings_sheet import SettingsRefs
from csp_excel.writers.xl_formats import Candidate, cell0


def lit(x: float) -> str:
    """A float as an exact Excel literal."""
    return repr(float(x)) if x != int(x) else str(int(x))


def grid_series(comp: Computed, tgt: GridRow | None) -> dict[str, Series]:
    """Row key -> the figures `Computed` holds for that row (what its formulas must give);
    `tgt` is the target row analysis resolved (`Rows.target`), its values the typed input."""
    return {
        "actual": comp.actual,
        "actual_last_year": comp.actual_last_year,
        "denominator": comp.denominator or [],
        "denominator_last_year": comp.denominator_last_year or [],
        "denominator_value": comp.denominator_value,
        "ytd": comp.ytd,
        "ytd_last_year": comp.ytd_last_year,
        "pct_ytd": comp.pct_ytd or [],
        "pct_ytd_last_year": comp.pct_ytd_last_year or [],
        "pct_change": comp.pct_change,
        "r12": comp.r12,
        "r12_change": comp.r12_change,
        "rate": comp.rate,
        "target": comp.target,
        "variance": comp.variance,
        "numerator": comp.actual,
        "numerator_last_year": comp.actual_last_year,
        "target_input": tgt.values if tgt is not None else [],
    }


def summary_keys(ind: Indicator, comp: Computed) -> list[str]:
    """The summary block's items, top to bottom."""
    keys = ["rep", "actual"]
    annual = comp.frequency == "annual"
    keys += ["ytd", "ytd_last_year"] if ind.kind != "snapshot" or annual else ["actual_last_year"]
    keys += ["pct_change", "r12", "rate", "target", "annual_target", "variance", "forecast"]
    keys += ["forecast_judgement"]
    typed_dot = ["typed_dot"] if getattr(ind, "typed_dot", None) is not None else []
    return keys + [
        "per",
        "tolerance",
        "rag",
        "typed_rag",
        "dot",
        *typed_dot,
        "spc",
        "assurance",
        "target_text",
        "polarity",
    ]


class GridCells:
    """One indicator sheet's cells: addresses, the figures they hold, the summary positions."""

    def __init__(
        self,
        ind: Indicator,
        comp: Computed,
        settings: Settings,
        srefs: SettingsRefs,
        sheet: str,
        rows: Mapping[str, int],
        summary_first: int,
        fmt: Mapping[str, str],
        target: GridRow | None,
    ) -> None:
        self.ind, self.comp, self.settings, self.srefs, self.sheet = (
            ind,
            comp,
            settings,
            srefs,
            sheet,
        )
        self.rows, self.n, self.ri = rows, comp.n, comp.report_index
        self.fmt = fmt  # row key -> its number format
        self.pct = comp.numerator is not None
        self.level = is_level(ind)
        self.annual = comp.frequency == "annual"  # years as columns: see core.calc_annual
        self.pct_figures = self.pct or (self.annual and comp.pct_ytd is not None)
        self.keys = summary_keys(ind, comp)
        self.spos = {k: summary_first + j for j, k in enumerate(self.keys)}
        self.series = grid_series(comp, target)

    # -- references
    def a(self, key: str, i: int, abs_row: bool = False, abs_col: bool = False) -> str:
        return cell0(self.rows[key], FIRST + i, abs_row, abs_col)

    def rng(self, key: str, i0: int, i1: int) -> str:
        """A fill-right-friendly range: anchored start, relative end (or the reverse)."""
        if i0 == 0:
            return f"{self.a(key, 0, True, True)}:{self.a(key, i1)}"
        return f"{self.a(key, i0)}:{self.a(key, i1, True, True)}"

    def s(self, key: str, i: int) -> float | None:
        vals = self.series.get(key)
        return vals[i] if vals and 0 <= i < len(vals) else None

    def has(self, *keys: str) -> bool:
        rows = self.rows  # a plain loop: asked ~150 times per indicator sheet
        for k in keys:
            if k not in rows:
                return False
        return True

    def sref(self, key: str) -> str:
        return cell0(self.spos[key], FIRST, True, True)

    @property
    def rep(self) -> str:
        return self.sref("rep")

    def upto(self, i: int) -> bool:
        """Period i is not after the reporting period."""
        return self.ri is not None and i <= self.ri

    # -- building blocks shared by the grid and the summary
    def cum(self, key: str, i: int, guard: bool) -> Candidate:
        """SUM to i when every period to i is known (a gap breaks the cumulative)."""
        # One slice, not a lookup per period: asked for every period of every cumulative row.
        vals = (self.series.get(key) or [])[: i + 1]
        ok = len(vals) == i + 1 and None not in vals and (not guard or self.upto(i))
        span = self.rng(key, 0, i)
        cond = f"COUNT({span})={i + 1}"
        if guard:
            cond = f"AND({i + 1}<={self.rep},{cond})"
        value = sum(cast(list[float], vals)) if ok else None  # same figures, order: same float
        return Candidate(f'IF({cond},SUM({span}),"")', value)

    def same(self, key: str, i: int, guard: bool) -> Candidate:
        """The figure of another row in period i, as it is (to the reporting period if guard)."""
        x, v = self.a(key, i), self.s(key, i)
        if guard:
            ok = v is not None and self.upto(i)
            return Candidate(
                f'IF(AND({i + 1}<={self.rep},ISNUMBER({x})),{x},"")', v if ok else None
            )
        return Candidate(f'IF(ISNUMBER({x}),{x},"")', v)


def ratio(num: float | None, den: float | None) -> float | None:
    """num / den, or None when either is unknown or den is zero (the formulas give "")."""
    return None if num is None or den is None or den == 0 else num / den
