"""Check the numbers and months a typed Performance Overview quotes against the grid.

Why: the published reports show the slips of copying figures by hand (a year to date from last
month, a rolling figure that is not the grid's, a comparison with the wrong month).

The check is deliberately conservative: it only reads numbers in the phrases narrative.phrases
recognises and flags one only when it matches none of the figures it could be. It reads monthly
count indicators only; MET/MSG averages ("+3%") are never checked.
"""

from __future__ import annotations

import re
from datetime import date

from ..codes import finding
from ..model import Computed, Finding, Indicator
from ..periods import fy_of, month_date, month_index
from .phrases import (
    COMPARED,
    EXPECTED,
    PCT,
    SPAN,
    UPDOWN,
    YTD_AT,
    YTD_IS,
    clean,
    context,
    long_date,
    month,
    number,
    plain,
    same,
)
from .wording import fmt_num, fmt_pct, prev_r12, value_at


def check_narrative(ind: Indicator, comp: Computed) -> list[Finding]:
    """NARRATIVE_MISMATCH findings for numbers and months in the Performance Overview."""
    m = comp.report_index
    if not ind.narrative or m is None or comp.frequency != "monthly" or ind.kind != "count":
        return []
    return _Checker(ind, comp, m, clean(ind.narrative)).run()


class _Checker:
    """One narrative against one computed indicator."""

    def __init__(self, ind: Indicator, comp: Computed, m: int, text: str) -> None:
        self.ind, self.comp, self.m, self.text = ind, comp, m, text
        self.report = month_date(comp.fy, m)
        self.found: list[Finding] = []
        self.seen: set[tuple[str, float | str]] = set()

    def _add(self, key: str, what: float | str, message: str, expected: object) -> None:
        if (key, what) in self.seen:
            return
        self.seen.add((key, what))
        self.found.append(
            finding(
                "NARRATIVE_MISMATCH",
                self.ind.sheet,
                self.ind.narrative_cell,
                "The Performance Overview " + message,
                expected=plain(expected),
                found=plain(what),
            )
        )

    def _where(self, d: date) -> tuple[int, int] | None:
        """(0 this FY / -1 last FY, index) for a month the comparison data covers."""
        off = fy_of(d) - self.comp.fy
        return (off, month_index(d)) if off in (0, -1) else None

    def ytd(self, d: date) -> float | None:
        w = self._where(d)
        if w is None:
            return None
        return value_at(self.comp.ytd if w[0] == 0 else self.comp.ytd_last_year, w[1])

    def r12(self, d: date) -> float | None:
        w = self._where(d)
        if w is None:
            return None
        return value_at(self.comp.r12, w[1]) if w[0] == 0 else prev_r12(self.comp, w[1])

    def run(self) -> list[Finding]:
        """Every check, in the order its findings are reported."""
        at_months = self._check_at()
        self._check_ytd_is()
        self._check_compared(at_months)
        self._check_expected()
        self._check_spans()
        self._check_up_down()
        self._check_percent()
        return self.found

    def _check_at(self) -> list[tuple[int, date]]:
        """'at December 2016 (13,207 offences)': a year to date or a rolling 12 months, as the
        sentence says. Returns where each year-to-date month was quoted."""
        at_months: list[tuple[int, date]] = []
        for mt in YTD_AT.finditer(self.text):
            d, v = month(mt.group(1)), number(mt.group(2))
            ctx = context(self.text, mt.start())
            if d is None or ctx is None:  # a month's own figure, not a running total
                continue
            rolling = ctx == "rolling"
            if not rolling:
                at_months.append((mt.start(), d))
            fig = self.r12(d) if rolling else self.ytd(d)
            what = "rolling 12-month" if rolling else "year-to-date"
            if fig is not None and not same(v, fig):
                self._add(
                    what,
                    v,
                    f"quotes a {what} figure of {fmt_num(v)} but the grid's "
                    f"{'rolling 12 months' if rolling else 'year to date'} at {long_date(d)} "
                    f"is {fmt_num(fig)}.",
                    fig,
                )
        return at_months

    def _check_ytd_is(self) -> None:
        """'YTD at December is 165': the month defaults to the report month's year."""
        for mt in YTD_IS.finditer(self.text):
            v = number(mt.group(3))
            d = self.report
            if mt.group(1):
                parsed = month(mt.group(1) + " " + (mt.group(2) or "2000"))
                if parsed is None:
                    continue
                d = parsed if mt.group(2) else month_date(self.comp.fy, month_index(parsed))
            fig = self.ytd(d)
            if fig is not None and not same(v, fig):
                self._add(
                    "year-to-date",
                    v,
                    f"quotes a year-to-date figure of {fmt_num(v)} but the grid's year to date "
                    f"at {long_date(d)} is {fmt_num(fig)}.",
                    fig,
                )

    def _check_compared(self, at_months: list[tuple[int, date]]) -> None:
        """'compared to December 2015 (13,075)': the same month last year, and its figure."""
        long = long_date
        for mt in COMPARED.finditer(self.text):
            d, v = month(mt.group(1)), number(mt.group(2))
            if d is None or context(self.text, mt.start()) != "ytd":
                continue
            near = [a for pos, a in at_months if 0 <= mt.start() - pos <= 200]
            base = near[-1] if near else self.report
            want = date(base.year - 1, base.month, 1)
            if d != want:
                self._add(
                    "compared month",
                    long(d),
                    f"compares {long(base)} with {long(d)}; the same period last year is "
                    f"{long(want)}.",
                    long(want),
                )
            fig = self.ytd(d)
            if fig is not None and not same(v, fig):
                self._add(
                    "last year",
                    v,
                    f"quotes last year's year-to-date figure as {fmt_num(v)} but the grid's "
                    f"year to date at {long(d)} is {fmt_num(fig)}.",
                    fig,
                )

    def _check_expected(self) -> None:
        """'expected figure (193)': the target trajectory at the report month."""
        for mt in EXPECTED.finditer(self.text):
            v, fig = number(mt.group(1)), value_at(self.comp.target, self.m)
            if fig is not None and not same(v, fig):
                self._add(
                    "expected",
                    v,
                    f"quotes an expected figure of {fmt_num(v)} but the target trajectory at "
                    f"{long_date(self.report)} is {fmt_num(fig)}.",
                    fig,
                )

    def _check_spans(self) -> None:
        """'rolling 12 months (January 2016 to December 2016) 17,651': the period and figure."""
        text, long = self.text, long_date
        stale_reported = False
        for mt in SPAN.finditer(text):
            if not re.search(r"rolling", text[max(0, mt.start() - 80) : mt.start()], re.I):
                continue
            end = month(mt.group(2))
            if end is None:
                continue
            latest = fy_of(end) == self.comp.fy
            if (
                latest
                and end < self.report
                and not stale_reported
                and value_at(self.comp.r12, self.m) is not None
            ):
                stale_reported = True
                self._add(
                    "rolling period",
                    f"to {long(end)}",
                    f"quotes the rolling 12 months to {long(end)}, but the report month is "
                    f"{long(self.report)}.",
                    f"to {long(self.report)}",
                )
            if mt.group(3) is None:
                continue
            v, fig = number(mt.group(3)), self.r12(end)
            if fig is not None and not same(v, fig):
                label = "rolling 12-month" if latest else "previous rolling 12-month"
                self._add(
                    label,
                    v,
                    f"quotes a {label} figure of {fmt_num(v)} ({mt.group(1)} to {mt.group(2)}) "
                    f"but the grid's figure for the 12 months to {long(end)} is {fmt_num(fig)}.",
                    fig,
                )

    def _check_up_down(self) -> None:
        """'up 132': either change (year to date or rolling) may be meant; flag only when the
        number is neither."""
        comp, m = self.comp, self.m
        ytd, ytd_ly = value_at(comp.ytd, m), value_at(comp.ytd_last_year, m)
        r12, prev = value_at(comp.r12, m), prev_r12(comp, m)
        ytd_diff = abs(ytd - ytd_ly) if ytd is not None and ytd_ly is not None else None
        r12_diff = abs(r12 - prev) if r12 is not None and prev is not None else None
        for mt in UPDOWN.finditer(self.text):
            v = number(mt.group(1))
            ctx = context(self.text, mt.start())
            if ctx is None:
                continue
            rolling = ctx == "rolling"
            own, other = (r12_diff, ytd_diff) if rolling else (ytd_diff, r12_diff)
            if own is None or same(v, own) or same(v, other):
                continue
            what = "rolling 12-month" if rolling else "year-to-date"
            self._add(
                what + " change",
                v,
                f"says the {what} change is {fmt_num(v)} but the grid's change at "
                f"{long_date(self.report)} is {fmt_num(own)}.",
                own,
            )

    def _check_percent(self) -> None:
        """'1% increase': matched to the precision it is written with, against either change."""
        ytd_pct, r12_pct = (
            value_at(self.comp.pct_change, self.m),
            value_at(self.comp.r12_change, self.m),
        )
        for mt in PCT.finditer(self.text):
            written = mt.group(1).replace(" ", "").lstrip("+-")
            v = float(written)
            digits = len(written.split(".")[1]) if "." in written else 0
            ctx = context(self.text, mt.start())
            if ctx is None:
                continue
            rolling = ctx == "rolling"
            own_p, other_p = (r12_pct, ytd_pct) if rolling else (ytd_pct, r12_pct)
            if own_p is None or any(
                p is not None and abs(abs(p) * 100 - v) <= 0.5 * 10**-digits + 1e-9
                for p in (own_p, other_p)
            ):
                continue
            what = "rolling 12-month" if rolling else "year-to-date"
            self._add(
                what + " %",
                v / 100,
                f"quotes a {mt.group(1).strip()}% change in the {what} figure but the grid's "
                f"change at {long_date(self.report)} is {'+' if own_p >= 0 else '-'}"
                f"{fmt_pct(own_p)}.",
                own_p,
            )
