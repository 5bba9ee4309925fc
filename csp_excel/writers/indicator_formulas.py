"""Candidate formulas for the grid of an indicator sheet, each with the value it would give.

The formulas follow `csp_excel.core.calc` rule for rule (a gap breaks the YTD, nothing after the
reporting period, R12 only when every month is known); `write_derived` keeps the candidate that
reproduces the computed figure, so cached values always equal `Computed`.
"""

from __future__ import annotations

from csp_excel.core.model import Computed, Indicator, Series, Settings
from csp_excel.core.rag import compares_counts, is_level
from csp_excel.writers.indicator_layout import FIRST
from csp_excel.writers.settings_sheet import SettingsRefs
from csp_excel.writers.xl_formats import Candidate, cell0


def lit(x: float) -> str:
    """A float as an exact Excel literal."""
    return repr(float(x)) if x != int(x) else str(int(x))


class GridFormulas:
    """Builds candidate formulas for one indicator sheet, with the value each would give.

    Cells are addressed by row key and period; summary cells by key (`sref`), whose positions
    are fixed here so grid formulas can refer to the summary (reporting period, annual target).
    """

    def __init__(
        self,
        ind: Indicator,
        comp: Computed,
        settings: Settings,
        srefs: SettingsRefs,
        sheet: str,
        rows: dict[str, int],
        summary_first: int,
    ) -> None:
        self.ind, self.comp, self.settings, self.srefs, self.sheet = (
            ind,
            comp,
            settings,
            srefs,
            sheet,
        )
        self.rows, self.n, self.ri = rows, comp.n, comp.report_index
        self.fmt: dict[str, str] = {}
        self.pct = comp.numerator is not None
        self.level = is_level(ind)
        self.annual = comp.frequency == "annual"  # years as columns: see core.calc_annual
        self.pct_figures = self.pct or (self.annual and comp.pct_ytd is not None)
        self.keys = self._summary_keys()
        self.spos = {k: summary_first + j for j, k in enumerate(self.keys)}
        self.series: dict[str, Series] = {
            "actual": comp.actual,
            "actual_ly": comp.actual_last_year,
            "denominator": comp.denominator or [],
            "denominator_ly": comp.denominator_last_year or [],
            "den_value": comp.denominator_value,
            "ytd": comp.ytd,
            "ytd_ly": comp.ytd_last_year,
            "pct_ytd": comp.pct_ytd or [],
            "pct_ytd_ly": comp.pct_ytd_last_year or [],
            "pct_change": comp.pct_change,
            "r12": comp.r12,
            "r12_change": comp.r12_change,
            "rate": comp.rate,
            "target": comp.target,
            "variance": comp.variance,
        }
        self.series["numerator"] = comp.actual
        self.series["numerator_ly"] = comp.actual_last_year
        tgt = ind.grid.first("target") if ind.grid is not None else None
        self.series["target_input"] = tgt.values if tgt is not None else []

    # -- references
    def a(self, key: str, i: int, abs_row: bool = False, abs_col: bool = False) -> str:
        return cell0(self.rows[key], FIRST + i, abs_row, abs_col)

    def rng(self, key: str, i0: int, i1: int) -> str:
        """A fill-right-friendly range: anchored start, relative end (or the reverse)."""
        if i0 == 0:
            return f"{self.a(key, 0, True, True)}:{self.a(key, i1)}"
        return f"{self.a(key, i0)}:{self.a(key, i1, True, True)}"

    def s(self, key: str, i: int) -> float | None:
        vals = self.series.get(key) or []
        return vals[i] if 0 <= i < len(vals) else None

    def has(self, *keys: str) -> bool:
        return all(k in self.rows for k in keys)

    def sref(self, key: str) -> str:
        return cell0(self.spos[key], FIRST, True, True)

    @property
    def rep(self) -> str:
        return self.sref("rep")

    def _upto(self, i: int) -> bool:
        return self.ri is not None and i <= self.ri

    def _cum(self, key: str, i: int, guard: bool) -> Candidate:
        """SUM to i when every period to i is known (a gap breaks the cumulative)."""
        vals = [self.s(key, j) for j in range(i + 1)]
        ok = all(v is not None for v in vals) and (not guard or self._upto(i))
        cond = f"COUNT({self.rng(key, 0, i)})={i + 1}"
        if guard:
            cond = f"AND({i + 1}<={self.rep},{cond})"
        value = sum(v for v in vals if v is not None) if ok else None
        return Candidate(f'IF({cond},SUM({self.rng(key, 0, i)}),"")', value)

    def _ratio(self, num: float | None, den: float | None) -> float | None:
        return None if num is None or den is None or den == 0 else num / den

    # -- grid rows
    def candidates(self, key: str, i: int) -> list[Candidate]:
        fn = getattr(self, "_c_" + key, None)
        return fn(i) if fn is not None else []

    def _c_pct_month(self, i: int) -> list[Candidate]:
        if not self.has("numerator", "denominator"):
            return []
        nn, d = self.a("numerator", i), self.a("denominator", i)
        v = self._ratio(self.s("numerator", i), self.s("denominator", i))
        return [Candidate(f'IF(AND(ISNUMBER({nn}),ISNUMBER({d})),IF({d}=0,"",{nn}/{d}),"")', v)]

    def _c_den_value(self, i: int) -> list[Candidate]:
        names = self.srefs.denominators.get((self.ind.denominator_name or "").lower())
        if names is None or not self.has("period_end"):
            return []
        v = self.s("den_value", i)  # the population in force, as calc worked it out
        return [
            Candidate(
                f'IFERROR(LOOKUP({self.a("period_end", i, True)},{names[0]},{names[1]}),"")', v
            )
        ]

    def _same(self, key: str, i: int, guard: bool) -> Candidate:
        """The figure of another row in period i, as it is (to the reporting period if guard)."""
        x, v = self.a(key, i), self.s(key, i)
        if guard:
            ok = v is not None and self._upto(i)
            return Candidate(
                f'IF(AND({i + 1}<={self.rep},ISNUMBER({x})),{x},"")', v if ok else None
            )
        return Candidate(f'IF(ISNUMBER({x}),{x},"")', v)

    def _annual_prev(self, key: str, i: int) -> list[Candidate]:
        """An annual row's previous column: the year before."""
        return [self._same(key, i - 1, False)] if i > 0 and self.has(key) else []

    def _c_ytd(self, i: int) -> list[Candidate]:
        if self.annual:  # the year is its own year to date
            return [self._same("actual", i, True)] if self.has("actual") else []
        return (
            [self._cum("actual", i, True), self._cum("actual", i, False)]
            if self.has("actual")
            else []
        )

    def _c_ytd_ly(self, i: int) -> list[Candidate]:
        if self.annual:
            return self._annual_prev("ytd", i)
        return (
            [self._cum("actual_ly", i, False), self._cum("actual_ly", i, True)]
            if self.has("actual_ly")
            else []
        )

    def _change(self, a_key: str, b_key: str, i: int, guard: bool) -> Candidate:
        a, b = self.a(a_key, i), self.a(b_key, i)
        x, y = self.s(a_key, i), self.s(b_key, i)
        ok = x is not None and y is not None and y != 0 and (not guard or self._upto(i))
        cond = f"ISNUMBER({a}),ISNUMBER({b})" + (f",{i + 1}<={self.rep}" if guard else "")
        return Candidate(
            f'IF(AND({cond}),IF({b}=0,"",{a}/{b}-1),"")',
            x / y - 1 if ok and x is not None and y else None,
        )

    def _c_pct_change(self, i: int) -> list[Candidate]:
        out = []
        if self.has("ytd", "ytd_ly"):
            out.append(self._change("ytd", "ytd_ly", i, False))
        if self.has("actual", "actual_ly"):
            out.append(self._change("actual", "actual_ly", i, True))
        return out

    def _c_r12(self, i: int) -> list[Candidate]:
        n = self.n
        if not self.has("actual") or (i < n - 1 and not self.has("actual_ly")):
            return []
        parts = [self.rng("actual", 0, i)] + (
            [self.rng("actual_ly", i + 1, n - 1)] if i < n - 1 else []
        )
        window = [self.s("actual", j) for j in range(i + 1)] + [
            self.s("actual_ly", j) for j in range(i + 1, n)
        ]
        ok = self._upto(i) and all(v is not None for v in window)
        args = ",".join(parts)
        value = sum(v for v in window if v is not None) if ok else None
        return [Candidate(f'IF(AND({i + 1}<={self.rep},COUNT({args})={n}),SUM({args}),"")', value)]

    def _c_r12_change(self, i: int) -> list[Candidate]:
        n = self.n
        if i != n - 1 or not self.has("r12", "actual_ly"):
            return []
        r, ly = self.a("r12", i), self.rng("actual_ly", 0, n - 1)
        lys = [self.s("actual_ly", j) for j in range(n)]
        total = sum(v for v in lys if v is not None) if all(v is not None for v in lys) else None
        v = self._ratio(self.s("r12", i), total)
        return [
            Candidate(
                f'IF(AND(ISNUMBER({r}),COUNT({ly})={n}),IF(SUM({ly})=0,"",{r}/SUM({ly})-1),"")',
                None if v is None else v - 1,
            )
        ]

    def _c_rate(self, i: int) -> list[Candidate]:
        if not self.has("den_value"):
            return []
        d, per = self.a("den_value", i), self.sref("per")
        out = []
        for key, guard in (("r12", False), ("actual", True)):
            if not self.has(key):
                continue
            x, y = self.s(key, i), self.s("den_value", i)
            q = self._ratio(x, y) if (not guard or self._upto(i)) else None
            cond = f"ISNUMBER({self.a(key, i)}),ISNUMBER({d})" + (
                f",{i + 1}<={self.rep}" if guard else ""
            )
            out.append(
                Candidate(
                    f'IF(AND({cond}),IF({d}=0,"",{self.a(key, i)}/{d}*{per}),"")',
                    None if q is None else q * self.ind.per,
                )
            )
        return out

    def _pct_cum(self, nk: str, dk: str, i: int, guard: bool) -> Candidate:
        nums = [self.s(nk, j) for j in range(i + 1)]
        dens = [self.s(dk, j) for j in range(i + 1)]
        ok = all(v is not None for v in nums + dens) and (not guard or self._upto(i))
        sd = sum(v for v in dens if v is not None)
        value = sum(v for v in nums if v is not None) / sd if ok and sd else None
        cond = f"COUNT({self.rng(nk, 0, i)})={i + 1},COUNT({self.rng(dk, 0, i)})={i + 1}"
        if guard:
            cond = f"{i + 1}<={self.rep}," + cond
        f = f'IF(AND({cond}),IF(SUM({self.rng(dk, 0, i)})=0,"",SUM({self.rng(nk, 0, i)})/SUM({self.rng(dk, 0, i)})),"")'
        return Candidate(f, value)

    def _c_pct_ytd(self, i: int) -> list[Candidate]:
        if self.annual and not self.pct:  # a row of percentages: the figure itself
            return [self._same("actual", i, True)] if self.has("actual") else []
        if self.annual and self.has("numerator", "denominator"):
            nn, d = self.a("numerator", i), self.a("denominator", i)
            v = self._ratio(self.s("numerator", i), self.s("denominator", i))
            cond = f"{i + 1}<={self.rep},ISNUMBER({nn}),ISNUMBER({d})"
            return [
                Candidate(f'IF(AND({cond}),IF({d}=0,"",{nn}/{d}),"")', v if self._upto(i) else None)
            ]
        return (
            [self._pct_cum("numerator", "denominator", i, True)]
            if self.has("numerator", "denominator")
            else []
        )

    def _c_pct_ytd_ly(self, i: int) -> list[Candidate]:
        if self.annual:
            return self._annual_prev("pct_ytd", i)
        if not self.has("numerator_ly", "denominator_ly"):
            return []
        return [self._pct_cum("numerator_ly", "denominator_ly", i, False)]

    def _base_key(self) -> str:
        if self.annual:  # the year before, as calc_annual bases a relative target
            return "pct_ytd_ly" if self.pct_figures and not compares_counts(self.ind) else "ytd_ly"
        if self.ind.kind == "snapshot":
            return "actual_ly"
        return "pct_ytd_ly" if self.level else "ytd_ly"

    def _factor(self) -> float:
        t = self.ind.target
        if t.kind == "reduction_pct" and t.value is not None:
            return 1.0 - t.value
        if t.kind == "increase" and t.value is not None:
            return 1.0 + t.value
        return 1.0

    def _c_target(self, i: int) -> list[Candidate]:
        if self.annual:
            return self._annual_target(i)
        n, out = self.n, []
        annual, av = self.sref("annual_target"), self.comp.annual_target
        if self.has("target_input"):
            t, tv = self.a("target_input", i), self.s("target_input", i)
            out.append(Candidate(f'IF(ISNUMBER({t}),{t},"")', tv))
            out.append(
                Candidate(f'IF(ISNUMBER({t}),{t}/100,"")', None if tv is None else tv / 100.0)
            )
            out.append(self._cum("target_input", i, False))
        base = self._base_key()
        if self.ind.target.kind in ("reduction_pct", "reduction", "increase") and self.has(base):
            f, b, bv = self._factor(), self.a(base, i), self.s(base, i)
            expr = b if f == 1.0 else f"{b}*{lit(f)}"
            out.append(Candidate(f'IF(ISNUMBER({b}),{expr},"")', None if bv is None else bv * f))
        if av is not None:
            out.append(Candidate(f"{annual}*{i + 1}/{n}", av * (i + 1) / n))
            out.append(Candidate(f'IF(ISNUMBER({annual}),{annual},"")', av))
            if self.has("ytd_ly"):
                b, last = self.a("ytd_ly", i), self.a("ytd_ly", n - 1, True, True)
                bv, tot = self.s("ytd_ly", i), self.s("ytd_ly", n - 1)
                v = None if bv is None or not tot else av * bv / tot
                out.append(
                    Candidate(f'IF(AND(ISNUMBER({b}),ISNUMBER({last})),{annual}*{b}/{last},"")', v)
                )
        return out

    def _annual_target(self, i: int) -> list[Candidate]:
        """Each year's own target from a target row, else the latest year's target only."""
        out: list[Candidate] = []
        if self.has("target_input"):
            t, tv = self.a("target_input", i), self.s("target_input", i)
            out.append(Candidate(f'IF(ISNUMBER({t}),{t},"")', tv))
            out.append(
                Candidate(f'IF(ISNUMBER({t}),{t}/100,"")', None if tv is None else tv / 100.0)
            )
        at_rep = self.ri == i
        base = self._base_key()
        if self.ind.target.kind in ("reduction_pct", "reduction", "increase") and self.has(base):
            f, b, bv = self._factor(), self.a(base, i), self.s(base, i)
            expr = b if f == 1.0 else f"{b}*{lit(f)}"
            v = bv * f if at_rep and bv is not None else None
            out.append(Candidate(f'IF(AND({i + 1}={self.rep},ISNUMBER({b})),{expr},"")', v))
        annual, av = self.sref("annual_target"), self.comp.annual_target
        out.append(Candidate(f'IF({i + 1}={self.rep},{annual},"")', av if at_rep else None))
        return out

    def _c_target_month(self, i: int) -> list[Candidate]:
        if not self.has("target"):
            return []
        t, tv = self.a("target", i), self.s("target", i)
        if i == 0:
            return [Candidate(f'IF(ISNUMBER({t}),{t},"")', tv)]
        p, pv = self.a("target", i - 1), self.s("target", i - 1)
        v = None if tv is None or pv is None else tv - pv
        return [Candidate(f'IF(AND(ISNUMBER({t}),ISNUMBER({p})),{t}-{p},"")', v)]

    def _basis_key(self) -> str:
        if self.ind.kind == "snapshot":
            return "actual"
        return "pct_ytd" if self.level and self.pct else "ytd"

    def _c_variance(self, i: int) -> list[Candidate]:
        key = self._basis_key()
        if not self.has(key, "target"):
            return []
        b, t = self.a(key, i), self.a("target", i)
        bv, tv = self.s(key, i), self.s("target", i)
        guard = key == "actual"
        ok = bv is not None and tv is not None and (not guard or self._upto(i))
        cond = f"ISNUMBER({b}),ISNUMBER({t})" + (f",{i + 1}<={self.rep}" if guard else "")
        return [
            Candidate(
                f'IF(AND({cond}),{b}-{t},"")',
                bv - tv if ok and bv is not None and tv is not None else None,
            )
        ]

    # -- summary block

    def _summary_keys(self) -> list[str]:
        keys = ["rep", "actual"]
        annual = self.comp.frequency == "annual"
        keys += ["ytd", "ytd_ly"] if self.ind.kind != "snapshot" or annual else ["actual_ly"]
        keys += ["pct_change", "r12", "rate", "target", "annual_target", "variance", "forecast"]
        keys += ["forecast_judgement"]
        typed_dot = ["typed_dot"] if getattr(self.ind, "typed_dot", None) is not None else []
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
