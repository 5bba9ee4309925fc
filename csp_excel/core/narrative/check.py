"""Check the numbers and months a typed Performance Overview quotes against the grid.

Why: the published reports show the slips of copying figures by hand (a year to date from last
month, a rolling figure that is not the grid's, a comparison with the wrong month).

The check is deliberately conservative: it only reads numbers in phrases it recognises
("at December 2016 (13,207 offences)", "up 132", "1% increase", "compared to December 2015
(13,075)", "rolling 12-month period (January 2016 to December 2016) 17,651", "YTD at December is
165", "expected figure (193)") and flags one only when it matches none of the figures it could
be. It reads monthly count indicators only; MET/MSG averages ("+3%") are never checked.
"""

from __future__ import annotations

import html
import re
from datetime import date

from ..codes import finding
from ..model import Computed, Finding, Indicator
from ..periods import fy_of, long_month, month_date, month_index, parse_report_month
from .draft import fmt_num, fmt_pct, prev_r12, value_at

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MY = rf"({_MONTH}\.?\s+\d{{4}})"
_N = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\.?\d|,\d|\s?%)"
_PAREN_N = rf"\(\s*{_N}\s*(?:[a-z][a-z '\-]*)?\)"
_YTD_AT = re.compile(rf"\bat\s+{_MY}\s*[.,]?\s*{_PAREN_N}", re.I)
_COMPARED = re.compile(rf"\bcompared\s+(?:to|with)\s+{_MY}\s*[.,]?\s*{_PAREN_N}", re.I)
_YTD_IS = re.compile(
    rf"\b(?:ytd|year to date)(?:\s+(?:figure|total)s?)?(?:\s+at\s+({_MONTH})(?:\s+(\d{{4}}))?)?"
    rf"\s+(?:is|was|to|of|=)\s+{_N}",
    re.I,
)
_EXPECTED = re.compile(rf"\bexpected\s+(?:figure\s+)?(?:for the month\s+)?\(?\s*{_N}", re.I)
_SPAN = re.compile(rf"\(\s*{_MY}\s+(?:to|-)\s+{_MY}\s*(?:\)\s*)?(?:(?:=\s*|\(\s*)?{_N})?", re.I)
_PCT = re.compile(
    r"(?<![\w.])([+\-]?\s?\d+(?:\.\d+)?)\s?%\s+(?:increase|decrease|rise|reduction|fall|drop)",
    re.I,
)
_UPDOWN = re.compile(rf"\b(?:up|down)\s+(?:by\s+)?{_N}(?!\s*%)", re.I)
_CONTEXT = re.compile(r"rolling|year to date|\bytd\b", re.I)
# A full stop followed by "(" or a lower-case word does not end the sentence: published text
# breaks "at December 2016. (900 offences) when compared to December 2015 (1,143 offences)" and
# the second half is still about the year to date. Case-sensitive on purpose.
_SENTENCE_END = re.compile(r"[!?;](?=\s|$)|\.(?=\s|$)(?!\s+[(a-z])")


def _clean(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def _context(text: str, pos: int) -> str | None:
    """'rolling' or 'ytd': what the sentence around pos is about, None if it does not say.

    The nearest keyword before pos within the sentence wins, else the first one after it; a
    sentence with neither (another indicator, a quarter, a hate-crime month) is not checked. A
    sentence runs on over a full stop followed by "(" or a lower-case word (_SENTENCE_END), so
    such a continuation shares the context of the words before the stop.
    """
    ends = [mt.end() for mt in _SENTENCE_END.finditer(text)]  # whole text: lookahead past pos
    start = max((e for e in ends if e <= pos), default=0)
    end = min((e for e in ends if e > pos), default=len(text))
    before = [mt.group(0).lower() for mt in _CONTEXT.finditer(text, start, pos)]
    after = [mt.group(0).lower() for mt in _CONTEXT.finditer(text, pos, end)]
    word = before[-1] if before else after[0] if after else None
    if word is None:
        return None
    return "rolling" if word == "rolling" else "ytd"


def _month(s: str) -> date | None:
    return parse_report_month(s.replace(".", ""))


def _same(claimed: float, figure: float | None) -> bool:
    return figure is not None and abs(claimed - figure) <= 0.5 + 1e-9


def check_narrative(ind: Indicator, comp: Computed) -> list[Finding]:
    """NARRATIVE_MISMATCH findings for numbers and months in the Performance Overview."""
    m = comp.report_index
    if not ind.narrative or m is None or comp.frequency != "monthly" or ind.kind != "count":
        return []
    return _Checker(ind, comp, m, _clean(ind.narrative)).run()


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
                expected=_plain(expected),
                found=_plain(what),
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
        self._check_ytd()
        self._check_spans()
        self._check_changes()
        return self.found

    def _check_ytd(self) -> None:
        text, long = self.text, _long
        at_months: list[tuple[int, date]] = []
        for mt in _YTD_AT.finditer(text):
            d, v = _month(mt.group(1)), _number(mt.group(2))
            ctx = _context(text, mt.start())
            if d is None or ctx is None:  # a month's own figure, not a running total
                continue
            rolling = ctx == "rolling"
            if not rolling:
                at_months.append((mt.start(), d))
            fig = self.r12(d) if rolling else self.ytd(d)
            what = "rolling 12-month" if rolling else "year-to-date"
            if fig is not None and not _same(v, fig):
                self._add(
                    what,
                    v,
                    f"quotes a {what} figure of {fmt_num(v)} but the grid's "
                    f"{'rolling 12 months' if rolling else 'year to date'} at {long(d)} "
                    f"is {fmt_num(fig)}.",
                    fig,
                )
        for mt in _YTD_IS.finditer(text):
            v = _number(mt.group(3))
            d = self.report
            if mt.group(1):
                word = mt.group(1) + " " + (mt.group(2) or "2000")
                parsed = _month(word)
                if parsed is None:
                    continue
                d = parsed if mt.group(2) else month_date(self.comp.fy, month_index(parsed))
            fig = self.ytd(d)
            if fig is not None and not _same(v, fig):
                self._add(
                    "year-to-date",
                    v,
                    f"quotes a year-to-date figure of {fmt_num(v)} but the grid's year to date "
                    f"at {long(d)} is {fmt_num(fig)}.",
                    fig,
                )
        for mt in _COMPARED.finditer(text):
            d, v = _month(mt.group(1)), _number(mt.group(2))
            if d is None or _context(text, mt.start()) != "ytd":
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
            if fig is not None and not _same(v, fig):
                self._add(
                    "last year",
                    v,
                    f"quotes last year's year-to-date figure as {fmt_num(v)} but the grid's "
                    f"year to date at {long(d)} is {fmt_num(fig)}.",
                    fig,
                )
        for mt in _EXPECTED.finditer(text):
            v, fig = _number(mt.group(1)), value_at(self.comp.target, self.m)
            if fig is not None and not _same(v, fig):
                self._add(
                    "expected",
                    v,
                    f"quotes an expected figure of {fmt_num(v)} but the target trajectory at "
                    f"{long(self.report)} is {fmt_num(fig)}.",
                    fig,
                )

    def _check_spans(self) -> None:
        text, long = self.text, _long
        stale_reported = False
        for mt in _SPAN.finditer(text):
            if not re.search(r"rolling", text[max(0, mt.start() - 80) : mt.start()], re.I):
                continue
            end = _month(mt.group(2))
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
            v, fig = _number(mt.group(3)), self.r12(end)
            if fig is not None and not _same(v, fig):
                label = "rolling 12-month" if latest else "previous rolling 12-month"
                self._add(
                    label,
                    v,
                    f"quotes a {label} figure of {fmt_num(v)} ({mt.group(1)} to {mt.group(2)}) "
                    f"but the grid's figure for the 12 months to {long(end)} is {fmt_num(fig)}.",
                    fig,
                )

    def _check_changes(self) -> None:
        comp, m, text = self.comp, self.m, self.text
        ytd, ytd_ly, r12, prev = (
            value_at(comp.ytd, m),
            value_at(comp.ytd_last_year, m),
            value_at(comp.r12, m),
            prev_r12(comp, m),
        )
        ytd_diff = abs(ytd - ytd_ly) if ytd is not None and ytd_ly is not None else None
        r12_diff = abs(r12 - prev) if r12 is not None and prev is not None else None
        ytd_pct, r12_pct = value_at(comp.pct_change, m), value_at(comp.r12_change, m)
        for mt in _UPDOWN.finditer(text):
            v = _number(mt.group(1))
            ctx = _context(text, mt.start())
            if ctx is None:
                continue
            rolling = ctx == "rolling"
            own, other = (r12_diff, ytd_diff) if rolling else (ytd_diff, r12_diff)
            if own is None or _same(v, own) or _same(v, other):
                continue
            what = "rolling 12-month" if rolling else "year-to-date"
            self._add(
                what + " change",
                v,
                f"says the {what} change is {fmt_num(v)} but the grid's change at "
                f"{_long(self.report)} is {fmt_num(own)}.",
                own,
            )
        for mt in _PCT.finditer(text):
            written = mt.group(1).replace(" ", "").lstrip("+-")
            v = float(written)
            digits = len(written.split(".")[1]) if "." in written else 0
            ctx = _context(text, mt.start())
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
                f"change at {_long(self.report)} is {'+' if own_p >= 0 else '-'}{fmt_pct(own_p)}.",
                own_p,
            )


def _plain(v: object) -> object:
    """Whole numbers as ints, so findings read 1319 rather than 1319.0 in JSON."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _long(d: date) -> str:
    """A date's month as 'December 2016' (periods.long_month names it)."""
    return long_month(fy_of(d), month_index(d))
