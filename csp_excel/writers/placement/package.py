"""Keep-layout fill by patching the user's own package: only what we change is rewritten.

`PackageSheet` (package_sheet.py) is the `Sheet` that `place_indicator` writes through: it answers
from a streamed scan of the sheet part and records every write. `fill_copy` then writes the copy:
- each sheet we changed: its XML streamed with only the changed rows rebuilt (`sheet_xml`), our
  text as inline strings (always literal text, never a formula), the computed RAG colours as
  conditional formatting;
- xl/styles.xml: new cell styles / number formats / fill dxfs appended (`styles_xml`);
- the workbook part: `fullCalcOnLoad="1"` on `<calcPr>` so formulas fed by our cells recalculate;
- when a formula we overwrote leaves the calculation chain stale, calcChain.xml is left out (with
  its relationship and content type); Excel rebuilds it;
- every other member (pictures, charts, drawings, comments, VBA, custom XML, printer settings...)
  is copied byte for byte, in the original order.
What cannot be kept refuses the whole copy with a located finding (`LayoutNotKept`).
"""

from __future__ import annotations

import math
import shutil
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...core.codes import finding
from ...core.model import Finding, Return
from ...core.refs import a1
from ...core.result import IndicatorResult
from ..atomic import atomic_path
from ..palette import RAG_COLOURS
from .package_parts import (
    Package,
    drop_calc_chain,
    read_package,
    read_shared_strings,
    recalculate_on_open,
)
from .package_sheet import LayoutNotKept as LayoutNotKept  # noqa: F401 - re-exported
from .package_sheet import PackageSheet, refuse, scan_window
from .place import place_sheet, results_by_sheet
from .sheet_scan import MAX_COL, MAX_ROW, SheetScan, Window, scan_sheet
from .sheet_xml import SheetPlan, rewrite_sheet
from .styles_xml import Styles
from .xml_stream import UnsafeXml, chunks

MAX_TEXT = 32_767  # Excel's limit for the text of one cell


# ---------------------------------------------------------------------------- the plan


def _cf_xml(pfx: str, refs: list[str], dxfs: dict[str, int], priority: int) -> bytes:
    """One <conditionalFormatting> per reference: the cell's letter picks its colour."""
    out = []
    for ref in refs:
        rules = []
        for letter in RAG_COLOURS:
            priority += 1
            rules.append(
                f'<{pfx}cfRule type="cellIs" dxfId="{dxfs[letter]}" priority="{priority}" '
                f'operator="equal" stopIfTrue="1"><{pfx}formula>"{letter}"</{pfx}formula>'
                f"</{pfx}cfRule>"
            )
        out.append(f'<{pfx}conditionalFormatting sqref="{ref}">' + "".join(rules))
        out.append(f"</{pfx}conditionalFormatting>")
    return "".join(out).encode()


def _shared_formula_handover(sheet: PackageSheet, plan: SheetPlan) -> None:
    """A shared formula whose master we overwrite: its other cells get their own formula."""
    from openpyxl.formula.translate import Translator

    for shared in sheet.scan.shared.values():
        if shared.master not in sheet.edits:
            continue
        origin = a1(*shared.master)
        for pos in shared.cells:
            if pos in sheet.edits:
                continue
            try:
                moved = Translator("=" + shared.formula, origin=origin).translate_formula(a1(*pos))
            except Exception as e:  # noqa: BLE001 - a formula openpyxl cannot move
                raise refuse(
                    f"the formula in {origin} is shared with {a1(*pos)} and could not be moved "
                    "when our figure replaces it",
                    sheet.name,
                    origin,
                ) from e
            plan.formulas[pos] = moved[1:]


def _plan(sheet: PackageSheet, findings: list[Finding]) -> SheetPlan:
    plan = SheetPlan()
    for (r, c), edit in sheet.edits.items():
        ref = a1(r, c) if c <= MAX_COL else f"row {r}"
        if r > MAX_ROW or c > MAX_COL:
            raise refuse(
                "there is no room below the last used row of the sheet for the rows we add",
                sheet.name,
            )
        value = edit.value
        if isinstance(value, str) and len(value) > MAX_TEXT:
            findings.append(
                finding(
                    "TEXT_TOO_LONG",
                    sheet.name,
                    ref,
                    f"Text of {len(value):,} characters was not written: Excel holds at most "
                    f"{MAX_TEXT:,} in one cell.",
                    MAX_TEXT,
                    len(value),
                )  # fmt: skip
            )
            continue
        if isinstance(value, float) and not math.isfinite(value):
            findings.append(
                finding(
                    "VALUE_NOT_WRITTEN",
                    sheet.name,
                    ref,
                    "A computed figure is not a finite number and was not written.",
                )  # fmt: skip
            )
            continue
        plan.values[(r, c)] = edit
    _shared_formula_handover(sheet, plan)
    plan.removed_formula = any(pos in sheet.scan.formulas for pos in plan.values)
    plan.layout = sheet.scan.layout
    if plan.values:
        rows = [r for r, _ in plan.values]
        cols = [c for _, c in plan.values]
        r1, c1, r2, c2 = sheet.scan.dimension or (min(rows), min(cols), max(rows), max(cols))
        new = (min(r1, *rows), min(c1, *cols), max(r2, *rows), max(c2, *cols))
        if new != sheet.scan.dimension:
            plan.dimension = new
    return plan


# ---------------------------------------------------------------------------- the copy


@dataclass
class KeptCopy:
    written: dict[str, list[str]] = field(default_factory=dict)  # sheet -> cells placed
    findings: list[Finding] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)  # zip members not copied byte for byte
    dropped: list[str] = field(default_factory=list)


def _check_extension(src: Path, out: Path) -> None:
    macro_in, macro_out = src.suffix.lower() == ".xlsm", out.suffix.lower() == ".xlsm"
    if macro_in != macro_out:
        want = ".xlsm" if macro_in else ".xlsx"
        raise refuse(
            f"a copy of a {src.suffix.lower()} workbook must also be saved as {want} (Excel "
            f"refuses a {out.suffix.lower() or 'file'} holding it); choose an --out name ending "
            f"in {want}"
        )


def _place(z: zipfile.ZipFile, pkg: Package, ret: Return, results: Sequence[IndicatorResult],
           styles: Styles, kept: KeptCopy) -> dict[str, tuple[str, SheetPlan]]:  # fmt: skip
    """Scan each indicator sheet, place its indicators; sheet -> (part, plan)."""
    strings: list[str] | None = None

    def sst(i: int) -> str:
        nonlocal strings
        if strings is None:
            strings = read_shared_strings(z, pkg.related.get("sharedStrings"))
        return strings[i] if 0 <= i < len(strings) else ""

    plans: dict[str, tuple[str, SheetPlan]] = {}
    dxfs: dict[str, int] = {}
    for name, sheet_results in results_by_sheet(ret, results).items():
        part = pkg.sheets.get(name)
        if part is None or part not in z.namelist():
            raise refuse(f"the XML part of sheet '{name}' is missing from the file", name)
        inds = [r.indicator for r in sheet_results]

        def scan(window: Window, part: str = part) -> SheetScan:
            with z.open(part) as f:
                return scan_sheet(chunks(f), sst, window)

        sheet = PackageSheet(name, scan, styles, scan_window(inds))
        kept.written[name] = place_sheet(
            sheet, sheet_results
        )  # one sheet, every block: none overlap
        if sheet.not_written:
            n, first = len(sheet.not_written), sheet.not_written[0]
            kept.findings.append(
                finding(
                    "VALUE_NOT_WRITTEN",
                    name,
                    first,
                    f"{n} figure(s) were not written because their cells are hidden inside "
                    f"merged cells (the first at {first}); unmerge them and fill again.",
                    None,
                    n,
                )  # fmt: skip
            )
        if sheet.cf_refs and not dxfs:
            dxfs = {k: styles.add_fill_dxf(v) for k, v in RAG_COLOURS.items()}
        plan = _plan(sheet, kept.findings)
        plan.cf_xml = _cf_xml(styles.pfx, sheet.cf_refs, dxfs, sheet.scan.max_priority)
        if plan.values or plan.cf_xml:
            plans[name] = (part, plan)
    return plans


def _copy_member(zin: zipfile.ZipFile, zout: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    new = zipfile.ZipInfo(info.filename, info.date_time)
    new.compress_type = (
        info.compress_type if info.compress_type == zipfile.ZIP_STORED else zipfile.ZIP_DEFLATED
    )
    new.external_attr, new.comment = info.external_attr, info.comment
    big = info.file_size > (1 << 30)
    with zin.open(info) as r, zout.open(new, "w", force_zip64=big) as w:
        shutil.copyfileobj(r, w, 1 << 20)


def _write(src: Path, tmp: Path, pkg: Package, plans: dict[str, tuple[str, SheetPlan]],
           small: dict[str, bytes], kept: KeptCopy) -> None:  # fmt: skip
    by_part = {part: plan for part, plan in plans.values()}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            name = info.filename
            if name in by_part:
                new = zipfile.ZipInfo(name, info.date_time)
                new.compress_type = zipfile.ZIP_DEFLATED
                big = info.file_size > (1 << 30)
                with zin.open(info) as r, zout.open(new, "w", force_zip64=big) as w:
                    rewrite_sheet(chunks(r), w.write, by_part[name])
                kept.rewritten.append(name)
            elif name in small:
                zout.writestr(zipfile.ZipInfo(name, info.date_time), small[name],
                              zipfile.ZIP_DEFLATED)  # fmt: skip
                kept.rewritten.append(name)
            elif name in kept.dropped:
                continue
            else:
                _copy_member(zin, zout, info)


def fill_copy(
    src: Path, out: Path, ret: Return, results: Sequence[IndicatorResult], force: bool = False
) -> KeptCopy:
    """Write `out`: the user's own package with our figures placed in their layout.

    Raises LayoutNotKept (with a finding) where the copy could not keep everything; the input is
    only read; `out` appears complete or not at all (atomic_path)."""
    src, out = Path(src), Path(out)
    _check_extension(src, out)
    kept = KeptCopy()
    try:
        with zipfile.ZipFile(src) as z:
            pkg = read_package(z)
            styles_part = pkg.related.get("styles")
            if styles_part is None or styles_part not in z.namelist():
                raise refuse("the file has no styles part, so our number formats cannot be added")
            styles = Styles(z.read(styles_part))
            plans = _place(z, pkg, ret, results, styles, kept)
            small: dict[str, bytes] = {}
            if plans:
                book = z.read(pkg.workbook)
                if recalculate_on_open(book) != book:
                    small[pkg.workbook] = recalculate_on_open(book)
            if styles.changed:
                small[styles_part] = styles.to_bytes()
            if any(plan.removed_formula for _, plan in plans.values()):
                chain = pkg.related.get("calcChain")
                if chain is not None and chain in z.namelist():
                    small.update(drop_calc_chain(z, pkg))
                    kept.dropped.append(chain)
    except UnsafeXml as e:
        raise refuse(f"the file cannot be patched safely because {e}") from e
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise refuse(f"the package is damaged ({e})") from e
    with atomic_path(out, force) as tmp:
        _write(src, tmp, pkg, plans, small, kept)
    return kept
