"""Judge csp_excel's reading of one corpus return through the public API only.

`evaluate(case, path)` runs `csp_excel.validate` (= `service.analyse_file`) and compares its
computed figures with tests/corpus/expected.py, sheet by sheet and indicator by indicator. It uses
only the stable model (`Return.indicators`, `Indicator.grid.rows`, `Computed`, `Finding`), never
reader internals, so the reader can be rewritten underneath it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus_cases import Case, Ind
from corpus_expected import expected, last_index, n_figures
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

import csp_excel

SKIP_CODES = frozenset({"SHEET_SKIPPED", "GRID_NOT_FOUND", "NO_INDICATORS"})


@dataclass
class Report:
    """What went right and wrong in one return."""

    file: str
    status: str = ""
    right: int = 0
    total: int = 0
    problems: list[str] = field(default_factory=list)  # one line each, for the to-do list
    silent: list[str] = field(default_factory=list)  # figures reaching no measure/finding
    states_right: int = 0
    states_total: int = 0
    targets_right: int = 0
    targets_total: int = 0
    findings_right: int = 0
    findings_total: int = 0
    found_indicators: int = 0


def close(a: Any, b: float) -> bool:
    return isinstance(a, (int, float)) and abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _norm(text: Any) -> str:
    return " ".join(str(text or "").lower().split())


def names_of(ind: Any) -> str:
    """Every name an indicator may carry for its block: block, partnership, title, first label."""
    parts = [getattr(ind, a, None) for a in ("block", "partnership", "name", "title")]
    return " | ".join(_norm(p) for p in parts if p)


def pairs(result: Any) -> list[tuple[Any, Any]]:
    """(Indicator, Computed) pairs: computed follows the indicators that have a grid, in order."""
    out: list[tuple[Any, Any]] = []
    if result.ret is None:
        return out
    comps = list(result.computed)
    for ind in result.ret.indicators:
        if ind.grid is None:
            continue
        if comps and comps[0].sheet == ind.sheet:
            out.append((ind, comps.pop(0)))
        else:
            out.append((ind, None))
    return out


def match(exp: Ind, read: list[tuple[Any, Any]], taken: set[int]) -> tuple[Any, Any] | None:
    on_sheet = [(k, p) for k, p in enumerate(read) if p[0].sheet == exp.sheet and k not in taken]
    if exp.block is not None:
        want = _norm(exp.block)
        on_sheet = [(k, p) for k, p in on_sheet if want in names_of(p[0])]
    if not on_sheet:
        return None
    k, p = on_sheet[0]
    taken.add(k)
    return p


def _cells_in(ref: str) -> set[str]:
    """'B9' -> {'B9'}; 'K15:M15' -> the cells of the range."""
    out: set[str] = set()
    for part in re.split(r"[ ,;]+", ref.replace("$", "")):
        if not part:
            continue
        try:
            if ":" in part:
                a, b = part.split(":", 1)
                ca, ra = coordinate_from_string(a)
                cb, rb = coordinate_from_string(b)
                for r in range(min(ra, rb), max(ra, rb) + 1):
                    for c in range(
                        min(column_index_from_string(ca), column_index_from_string(cb)),
                        max(column_index_from_string(ca), column_index_from_string(cb)) + 1,
                    ):
                        out.add(f"{get_column_letter(c)}{r}")
            else:
                coordinate_from_string(part)
                out.add(part.upper())
        except ValueError:
            continue
    return out


def located(findings: list[Any]) -> dict[str, set[str]]:
    """sheet -> every cell some finding points at."""
    out: dict[str, set[str]] = {}
    for f in findings:
        if f.sheet and f.cell:
            out.setdefault(f.sheet, set()).update(_cells_in(str(f.cell)))
    return out


def used_cells(read: list[tuple[Any, Any]]) -> dict[str, set[str]]:
    """sheet -> cells the reader put into a recognised grid row with a number.

    Whole-year history columns beside the months are kept per grid (`annual_history`) or per row
    (`extra`) without a cell: those count as "label cell = value" pairs ("history:B9=7103").
    """
    out: dict[str, set[str]] = {}
    for ind, _ in read:
        grid = ind.grid
        hist = [v for v in getattr(grid, "annual_history", {}).values() if _is_num(v)]
        for row in grid.rows:
            if row.kind == "unknown":
                continue
            got = out.setdefault(ind.sheet, set())
            for cell, value in zip(row.cells, row.values, strict=False):
                if value is not None:
                    got.add(cell)
            extra = [v for k, v in (row.extra or {}).items() if k != "fy" and _is_num(v)]
            for v in hist + extra:
                got.add(f"history:{row.label_cell}={float(v):g}")
    return out


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def evaluate(case: Case, path: Path) -> Report:
    rep = Report(case.file)
    result = csp_excel.validate(path)
    rep.status = result.status
    read = pairs(result)
    loose = {sheet for sheet, state in case.sheets.items() if state == "any"}
    rep.found_indicators = sum(1 for ind, _ in read if ind.sheet not in loose)
    findings = list(result.findings)

    # sheets' end states
    read_sheets = {ind.sheet for ind, _ in read}
    by_sheet: dict[str, list[Any]] = {}
    for f in findings:
        by_sheet.setdefault(f.sheet or "", []).append(f)
    for sheet, state in case.sheets.items():
        rep.states_total += 1
        n_exp, n_got = len(case.indicators_on(sheet)), sum(1 for i, _ in read if i.sheet == sheet)
        if state == "read":
            ok = n_got == n_exp
            why = f"read {n_got} indicator(s), expected {n_exp}"
        elif state == "any":
            ok = n_got > 0 or any(f.code in SKIP_CODES for f in by_sheet.get(sheet, []))
            why = "expected read, or skipped with a located finding"
        elif state == "skipped":
            ok = sheet not in read_sheets and any(
                f.code in SKIP_CODES for f in by_sheet.get(sheet, [])
            )
            why = "expected skipped with a located finding (SHEET_SKIPPED / GRID_NOT_FOUND)"
        else:
            ok = sheet not in read_sheets
            why = "a Settings sheet must not be read as an indicator"
        rep.states_right += ok
        if not ok:
            rep.problems.append(f"{case.file} '{sheet}': {why}")

    # figures, targets, polarity per expected indicator
    taken: set[int] = set()
    for exp in case.indicators:
        who = f"{case.file} '{exp.sheet}'" + (f" [{exp.block}]" if exp.block else "")
        want = expected(exp)
        total = n_figures(exp) + 1  # + the reporting period
        rep.total += total
        rep.targets_total += (exp.target is not None) + (exp.polarity is not None)
        got = match(exp, read, taken)
        if got is None:
            rep.problems.append(f"{who}: indicator not found ({total} figures missing)")
            continue
        ind, comp = got
        if comp is None:
            rep.problems.append(f"{who}: read but not computed (INTERNAL_ERROR?)")
            continue
        wrong: list[str] = []
        for measure, series in want.items():
            have = getattr(comp, measure, None)
            for i, v in enumerate(series):
                if v is None:
                    continue
                h = have[i] if have is not None and i < len(have) else None
                if close(h, v):
                    rep.right += 1
                else:
                    wrong.append(f"{measure}[{i}] {h!r} != {v:g}")
        # the reporting period: the last with a figure (SPEC section 2), never a later month
        # named only as the report's date; a short indicator may also follow the return's
        allowed = report_indices(exp, case)
        if comp.report_index in allowed:
            rep.right += 1
        else:
            wrong.append(f"report_index {comp.report_index} not in {sorted(allowed)}")
        if comp.frequency != exp.frequency or comp.fy != exp.fy:
            wrong.insert(0, f"read as {comp.frequency} FY {comp.fy}, expected "
                            f"{exp.frequency} FY {exp.fy}")  # fmt: skip
        if wrong:
            more = f" (+{len(wrong) - 4} more)" if len(wrong) > 4 else ""
            rep.problems.append(f"{who}: " + "; ".join(wrong[:4]) + more)
        rep.targets_right += _target_ok(exp, ind, rep, who)

    # the deliberate errors and quirks must each be reported at their cell
    for codes, sheet, cell in case.expect_findings:
        rep.findings_total += 1
        hit = [f for f in by_sheet.get(sheet, []) if f.cell and cell in _cells_in(str(f.cell))]
        if any(not codes or f.code in codes for f in hit):
            rep.findings_right += 1
        else:
            got = ", ".join(sorted({f.code for f in hit})) or "nothing"
            want = " / ".join(codes) or "a finding"
            rep.problems.append(f"{case.file} '{sheet}'!{cell}: expected {want}, found {got}")

    # silent blanks: a typed figure that reaches no measure and no located finding
    cells = used_cells(read)
    at = located(findings)
    for fig in case.figures:
        seen = cells.get(fig.sheet, set())
        if fig.cell in seen or f"history:{fig.label_cell}={fig.value:g}" in seen:
            continue
        if {fig.cell, fig.label_cell} & at.get(fig.sheet, set()):
            continue
        rep.silent.append(f"'{fig.sheet}'!{fig.cell} ({fig.value:g})")
    return rep


def report_indices(exp: Ind, case: Case) -> set[int]:
    """Acceptable reporting periods: the indicator's last figure, or the return's last one."""
    own = last_index(exp)
    peers = [
        last_index(i) for i in case.indicators if (i.frequency, i.fy) == (exp.frequency, exp.fy)
    ]
    return {
        x for x in (own, max((p for p in peers if p is not None), default=None)) if x is not None
    }


def _target_ok(exp: Ind, ind: Any, rep: Report, who: str) -> int:
    ok = 0
    t = ind.target
    if exp.target is not None:
        kind, *vals = exp.target
        got_vals = [t.low, t.high] if kind == "range" else ([t.value] if vals else [])
        good = t.kind == kind and all(close(g, v) for g, v in zip(got_vals, vals, strict=True))
        if good and exp.target_source:
            good = t.source == exp.target_source
        ok += good
        if not good:
            rep.problems.append(f"{who}: target {t.kind} {t.value or (t.low, t.high)} "
                                f"(from {t.source}: {t.text!r}), expected {exp.target}")  # fmt: skip
    if exp.polarity is not None:
        good = ind.polarity == exp.polarity
        ok += good
        if not good:
            rep.problems.append(f"{who}: polarity {ind.polarity}, expected {exp.polarity}")
    return ok
