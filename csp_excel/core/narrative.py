"""Performance Overview text: draft it from the numbers, and check the numbers a typed one quotes.

Why: analysts copy figures into sentences by hand every month, and the published reports show
what goes wrong (a year to date from last month, a rolling figure that is not the grid's, a
comparison with the wrong month). Drafting removes the copying; checking catches the slips.

The check is deliberately conservative: it only reads numbers in phrases it recognises
("at December 2016 (13,207 offences)", "up 132", "1% increase", "compared to December 2015
(13,075)", "rolling 12-month period (January 2016 to December 2016) 17,651", "YTD at December is
165", "expected figure (193)") and flags one only when it matches none of the figures it could
be. It reads monthly count indicators only; MET/MSG averages ("+3%") are never checked.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from datetime import date

from .forecast import forecast_judgement
from .model import Computed, Finding, Indicator, Series
from .periods import fy_of, long_month, month_date, month_index, parse_report_month, period_name

SMALL = 20  # below this a percentage change is not worth quoting
_RAG_WORD = {"R": "Red", "A": "Amber", "G": "Green"}

# ---------------------------------------------------------------- formatting


def _half_up(x: float, digits: int = 0) -> float:
    f = 10**digits
    return math.floor(abs(x) * f + 0.5) / f * (1 if x >= 0 else -1)


def _num(x: float) -> str:
    """Counts as people write them: 13,207; non-whole figures to 2 decimals."""
    if abs(x - round(x)) < 1e-9 or abs(x) >= 100:
        return f"{int(_half_up(x)):,}"
    return f"{x:,.2f}"


def _pct(frac: float) -> str:
    """0.0096 -> '1%'; under 1% keeps one decimal (0.1%) so a real change never reads as 0%."""
    v = abs(frac) * 100
    if 0 < v < 0.05:
        return f"{_half_up(v, 2):.2f}%"
    if 0 < v < 0.95:
        return f"{_half_up(v, 1):.1f}%"
    return f"{int(_half_up(v))}%"


def _when(fy: int, idx: int, frequency: str) -> str:
    if frequency == "quarterly":
        return period_name(fy, idx, "quarterly")
    return long_month(fy, idx)


def _at(series: Series | None, i: int) -> float | None:
    if series is None or i < 0 or i >= len(series):
        return None
    return series[i]


_TITLE_UNITS = (
    (r"\breferral", "referrals"),
    (r"\bcalls?\b", "calls"),
    (r"\bincident", "incidents"),
    (r"\boffen[cs]e|\bcrime", "offences"),
    (r"\bfires?\b", "fires"),
)
_TEXT_UNITS = (
    (r"\boffen[cs]e|\bcrime", "offences"),
    (r"\breferral", "referrals"),
    (r"\bcalls?\b", "calls"),
    (r"\bincident", "incidents"),
)


def unit_word(ind: Indicator) -> str:
    """The noun for a count: the title decides first, then how it works / the definition."""
    body = " ".join(ind.texts.get(k, "") for k in ("How this indicator works", "Definition"))
    for text, table in ((ind.title, _TITLE_UNITS), (body, _TEXT_UNITS)):
        for pattern, word in table:
            if re.search(pattern, text, re.I):
                return word
    return "offences"


def _prev_r12(comp: Computed, i: int) -> float | None:
    """R12 twelve months before period i, from the R12 change (or last year's total at year end)."""
    r12, chg = _at(comp.r12, i), _at(comp.r12_change, i)
    if r12 is not None and chg is not None and chg != -1:
        return r12 / (1 + chg)
    if i == comp.n - 1 and all(v is not None for v in comp.actual_last_year[: comp.n]):
        return float(sum(v for v in comp.actual_last_year[: comp.n] if v is not None))
    return None


def _change_words(a: float, b: float, unit: str) -> str:
    """'a 1% increase (up 132 offences)' for a against b."""
    diff = a - b
    word = "increase" if diff > 0 else "decrease"
    updown = "up" if diff > 0 else "down"
    unit_part = f" {unit}" if unit else ""
    pct = _pct(diff / b)
    return f"{_article(pct)} {pct} {word} ({updown} {_num(abs(diff))}{unit_part})"


def _article(said: str) -> str:
    """'an 8%', 'an 11%', 'an 18%', otherwise 'a' (as the figure is spoken)."""
    eleven = said.startswith(("11", "18")) and (len(said) == 2 or not said[2].isdigit())
    return "an" if said.startswith("8") or eleven else "a"


# ---------------------------------------------------------------- drafting


def draft_overview(ind: Indicator, comp: Computed, partnership: str | None = None) -> str:
    """A Performance Overview paragraph in the style partnerships already use."""
    m = comp.report_index
    if m is None:
        return "No figures have been reported for this indicator yet."
    if ind.kind == "percentage":
        parts = _draft_percentage(ind, comp, m)
    elif ind.kind == "snapshot":
        v = _at(comp.actual, m)
        shown = _num(v) if v is not None else "not available"
        parts = [f"At {_when(comp.fy, m, comp.frequency)} the figure was {shown}."]
    else:
        parts = _draft_count(ind, comp, m, partnership)
    parts += _draft_judgement(ind, comp, m)
    return " ".join(p for p in parts if p)


def _draft_count(ind: Indicator, comp: Computed, m: int, partnership: str | None) -> list[str]:
    unit = unit_word(ind)
    now, then = _when(comp.fy, m, comp.frequency), _when(comp.fy - 1, m, comp.frequency)
    who = f" {partnership}" if partnership else ""
    ytd, ytd_ly = _at(comp.ytd, m), _at(comp.ytd_last_year, m)
    out: list[str] = []
    if ytd is None:
        out.append(f"The year to date at {now} cannot be worked out because a figure is missing.")
    elif ytd_ly is None:
        out.append(
            f"Year to date there were {_num(ytd)} {unit} at {now}; "
            "there is no figure for the same period last year to compare with."
        )
    elif ytd < SMALL or ytd_ly < SMALL:
        diff = ytd - ytd_ly
        change = "no change" if diff == 0 else f"{'up' if diff > 0 else 'down'} {_num(abs(diff))}"
        out.append(
            f"Year to date there were {_num(ytd)} {unit} at {now} compared with {_num(ytd_ly)} "
            f"at {then} ({change}); numbers are too small to judge a percentage change."
        )
    elif ytd == ytd_ly:
        out.append(
            f"Year to date{who} shows no change at {now} ({_num(ytd)} {unit}) "
            f"compared with {then} ({_num(ytd_ly)})."
        )
    else:
        out.append(
            f"Year to date{who} shows {_change_words(ytd, ytd_ly, unit)} at {now} "
            f"({_num(ytd)} {unit}) compared with {then} ({_num(ytd_ly)})."
        )
    r12 = _at(comp.r12, m)
    if r12 is not None and comp.frequency == "monthly":
        span = f"({_when(comp.fy, m - 11, 'monthly')} to {now})"
        prev = _prev_r12(comp, m)
        text = f"Using the latest rolling 12 months {span}, {_num(r12)} {unit}"
        if prev is None:
            text += "."
        elif r12 < SMALL or prev < SMALL:
            text += (
                f" against {_num(prev)} in the previous rolling 12 months; "
                "numbers are too small to judge a percentage change."
            )
        elif round(r12) == round(prev):
            text += f", no change on the previous rolling 12 months ({_num(prev)})."
        else:
            words = _change_words(r12, prev, "")
            text += f", {words} on the previous rolling 12 months ({_num(prev)})."
        out.append(text)
        rate = _at(comp.rate, m)
        if rate is not None:
            per = f"{_per(ind):,}"
            who_per = (ind.denominator_name or "population").lower()
            out.append(f"That is {rate:,.2f} per {per} {who_per}.")
    return out


def _per(ind: Indicator) -> int:
    return int(ind.per) if ind.per else 1000


def _draft_percentage(ind: Indicator, comp: Computed, m: int) -> list[str]:
    now, then = _when(comp.fy, m, comp.frequency), _when(comp.fy - 1, m, comp.frequency)
    num = sum(v for v in (comp.numerator or [])[: m + 1] if v is not None)
    den = sum(v for v in (comp.denominator or [])[: m + 1] if v is not None)
    pct = _at(comp.pct_ytd, m)
    if pct is None and den:
        pct = num / den
    if pct is None or not den:
        return [f"There is no year-to-date percentage at {now} yet."]
    labels = [ind.numerator_label or "", ind.denominator_label or ""]
    if ind.grid is not None:
        labels += [r.label for r in ind.grid.rows if r.kind in ("numerator", "denominator")]
    text = " ".join([ind.title, ind.texts.get("Definition", ""), *labels]).lower()
    if "success" in text:
        noun = next(
            (w + "s" for w in ("termination", "completion", "discharge") if w in text), "cases"
        )
        body = f"{_num(num)} of {_num(den)} {noun} were successful ({_pct(pct)})"
    elif "satisf" in text:
        body = f"{_num(num)} of {_num(den)} respondents were satisfied ({_pct(pct)})"
    elif "repeat" in text:
        body = f"{_num(num)} of {_num(den)} referrals were repeats ({_pct(pct)})"
    else:
        body = f"the figure was {_pct(pct)} ({_num(num)} of {_num(den)})"
    t = ind.target
    if ind.polarity != "monitor" and t.kind == "rate" and t.value is not None:
        body += f", against a target of {_pct(t.value)}"
    elif (
        ind.polarity != "monitor" and t.kind == "range" and t.low is not None and t.high is not None
    ):
        body += f", against a target range of {_pct(t.low)} to {_pct(t.high)}"
    out = [f"Year to date {body}."]
    pct_ly = _at(comp.pct_ytd_last_year, m)
    if pct_ly is not None:
        den_ly = sum(v for v in (comp.denominator_last_year or [])[: m + 1] if v is not None)
        line = f"At {then} it was {_pct(pct_ly)}"
        if den < SMALL or den_ly < SMALL:
            line += "; numbers are too small to judge a change."
        elif _half_up(pct * 100) == _half_up(pct_ly * 100):
            line += ", about the same."
        else:
            pts = int(_half_up(abs(pct - pct_ly) * 100))
            line += f" ({'up' if pct > pct_ly else 'down'} {pts} percentage points)."
        out.append(line)
    return out


def _target_phrase(ind: Indicator) -> str:
    t = ind.target
    if t.kind == "cap" and t.value is not None:
        return f"no more than {_num(t.value)}"
    if t.kind == "floor" and t.value is not None:
        return f"at least {_num(t.value)}"
    if t.kind == "reduction_pct" and t.value is not None:
        return f"{_pct(t.value)} below last year"
    if t.kind == "reduction":
        return "below last year"
    if t.kind == "increase":
        return "above last year"
    return t.text


def _draft_judgement(ind: Indicator, comp: Computed, m: int) -> list[str]:
    """Trajectory, RAG and forecast; monitoring-only indicators get the forecast figure only."""
    out: list[str] = []
    judged = ind.polarity in ("lower", "higher", "range") and ind.target.kind != "none"
    pct = ind.kind == "percentage"
    fmt: Callable[[float], str] = _pct if pct else _num
    expected, ytd = _at(comp.target, m), _at(comp.ytd, m)
    rag = _RAG_WORD.get(comp.rag)
    if judged and not pct and expected is not None and ytd is not None:
        rel = (
            "in line with"
            if _half_up(ytd) == _half_up(expected)
            else ("below" if ytd < expected else "above")
        )
        line = f"This is {rel} the expected {_num(expected)} at this point"
        line += f" (target {_target_phrase(ind)})"
        out.append(line + (f" and is rated {rag}." if rag else "."))
    elif judged and rag:
        out.append(f"It is rated {rag}.")
    if comp.forecast is not None:
        line = (
            "If the rest of the year follows last year's pattern the year-end figure "
            f"will be about {fmt(comp.forecast)}"
        )
        lo, hi = comp.forecast_low, comp.forecast_high
        if lo is not None and hi is not None and fmt(lo) != fmt(hi):
            line += f" (between {fmt(lo)} and {fmt(hi)})"
        judgement = forecast_judgement(comp, ind.polarity) if judged else ""
        if judgement and comp.annual_target is not None:
            said = judgement.replace("target", "it")
            line += f"; against the year-end target of {fmt(comp.annual_target)} it is {said}"
        out.append(line + ".")
    return out


# ---------------------------------------------------------------- checking

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
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)")


def _clean(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def _context(text: str, pos: int) -> str | None:
    """'rolling' or 'ytd': what the sentence around pos is about, None if it does not say.

    The nearest keyword before pos within the sentence wins, else the first one after it; a
    sentence with neither (another indicator, a quarter, a hate-crime month) is not checked.
    """
    start = max((mt.end() for mt in _SENTENCE_END.finditer(text, 0, pos)), default=0)
    nxt = _SENTENCE_END.search(text, pos)
    end = nxt.start() + 1 if nxt else len(text)
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
            Finding(
                "NARRATIVE_MISMATCH",
                "warning",
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
        return _at(self.comp.ytd if w[0] == 0 else self.comp.ytd_last_year, w[1])

    def r12(self, d: date) -> float | None:
        w = self._where(d)
        if w is None:
            return None
        return _at(self.comp.r12, w[1]) if w[0] == 0 else _prev_r12(self.comp, w[1])

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
                    f"quotes a {what} figure of {_num(v)} but the grid's "
                    f"{'rolling 12 months' if rolling else 'year to date'} at {long(d)} "
                    f"is {_num(fig)}.",
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
                    f"quotes a year-to-date figure of {_num(v)} but the grid's year to date "
                    f"at {long(d)} is {_num(fig)}.",
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
                    f"quotes last year's year-to-date figure as {_num(v)} but the grid's "
                    f"year to date at {long(d)} is {_num(fig)}.",
                    fig,
                )
        for mt in _EXPECTED.finditer(text):
            v, fig = _number(mt.group(1)), _at(self.comp.target, self.m)
            if fig is not None and not _same(v, fig):
                self._add(
                    "expected",
                    v,
                    f"quotes an expected figure of {_num(v)} but the target trajectory at "
                    f"{long(self.report)} is {_num(fig)}.",
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
                and _at(self.comp.r12, self.m) is not None
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
                    f"quotes a {label} figure of {_num(v)} ({mt.group(1)} to {mt.group(2)}) "
                    f"but the grid's figure for the 12 months to {long(end)} is {_num(fig)}.",
                    fig,
                )

    def _check_changes(self) -> None:
        comp, m, text = self.comp, self.m, self.text
        ytd, ytd_ly, r12, prev = (
            _at(comp.ytd, m),
            _at(comp.ytd_last_year, m),
            _at(comp.r12, m),
            _prev_r12(comp, m),
        )
        ytd_diff = abs(ytd - ytd_ly) if ytd is not None and ytd_ly is not None else None
        r12_diff = abs(r12 - prev) if r12 is not None and prev is not None else None
        ytd_pct, r12_pct = _at(comp.pct_change, m), _at(comp.r12_change, m)
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
                f"says the {what} change is {_num(v)} but the grid's change at "
                f"{_long(self.report)} is {_num(own)}.",
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
                f"change at {_long(self.report)} is {'+' if own_p >= 0 else '-'}{_pct(own_p)}.",
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
