"""The writer's speed-ups (issue #13) change nothing in the file: the same bytes as xlsxwriter's
own formula preparation, the same references as xlsxwriter's utility, one format per property set.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from csp_excel import service
from csp_excel.writers import workbook as workbook_module
from csp_excel.writers.xl_formats import FastFormulaWorksheet, Formats, cell0, col_name0

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    *sorted((ROOT / "samples").glob("*.xlsx")),
    ROOT / "tests" / "corpus" / "lei_stacked_districts_marac.xlsx",
    ROOT / "tests" / "corpus" / "ply_quarterly.xlsx",
]
# docProps/core.xml carries the time of writing; nothing else in the package does
_WHEN = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["docProps/core.xml"] = _WHEN.sub(b"", parts["docProps/core.xml"])
    return parts


def _fill(src: Path, out: Path) -> dict[str, bytes]:
    res = service.fill_file(src, out, force=True)
    assert not res.failed, res.findings
    return _members(out)


@pytest.mark.parametrize("src", FILES, ids=lambda p: p.name)
def test_fast_worksheet_writes_the_bytes_plain_xlsxwriter_writes(
    src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _fill(src, tmp_path / "fast.xlsx")
    again = _fill(src, tmp_path / "again.xlsx")  # the formula cache is warm now
    monkeypatch.setattr(workbook_module, "FastFormulaWorksheet", Worksheet)
    plain = _fill(src, tmp_path / "plain.xlsx")
    assert list(fast) == list(plain)
    assert any(b"<cfRule" in v for v in fast.values())  # conditional formats were written
    for name in plain:
        assert fast[name] == plain[name], name
        assert again[name] == plain[name], name


@pytest.mark.parametrize(
    "formula",
    [
        '="R"',
        "=SUM(B2:B13)",
        "{=SUM(A1:A3*B1:B3)}",
        "=FILTER(A1:A9,B1:B9>0)",
        "=filter(A1:A9,B1:B9>0)",  # xlsxwriter leaves lower case alone: so must we
        "=XSINGLE(A1)",  # xlsxwriter's SINGLE pattern matches any character before INGLE(
        "=SINGLE(A1)+_xlfn.SORT(A1:A3)",
        '=IF(AND(3<=$B$40,ISNUMBER(C9)),C9,"")',
        "=STDEV.S(A1:A9)",
        "=LET(x,1,x)",
    ],
)
@pytest.mark.parametrize("expand", [False, True])
def test_formula_preparation_matches_xlsxwriter(formula: str, expand: bool, tmp_path: Path) -> None:
    wb = Workbook(str(tmp_path / "x.xlsx"), {"in_memory": True})
    plain = wb.add_worksheet("plain")
    wb.worksheet_class = FastFormulaWorksheet
    fast = wb.add_worksheet("fast")
    want = plain._prepare_formula(formula, expand)
    assert fast._prepare_formula(formula, expand) == want
    assert fast._prepare_formula(formula, expand) == want  # the cached answer too
    wb.close()


def test_references_match_xlsxwriter() -> None:
    for row in (0, 1, 9, 99, 1047, 1048575):
        for col in (0, 1, 25, 26, 701, 702, 16383):
            for flags in ((False, False), (True, False), (False, True), (True, True)):
                assert cell0(row, col, *flags) == xl_rowcol_to_cell(row, col, *flags)
                assert cell0(row, col, *flags) == xl_rowcol_to_cell(row, col, *flags)
            assert col_name0(col) == xl_col_to_name(col)
    assert cell0(4, 2) == "C5" and cell0(4, 2, True, True) == "$C$5"


def test_one_format_per_property_set_whatever_the_call_order(tmp_path: Path) -> None:
    wb = Workbook(str(tmp_path / "x.xlsx"), {"in_memory": True})
    fm = Formats(wb)
    before = len(wb.formats)  # xlsxwriter's own defaults
    a = fm.get(bold=True, border=1)
    b = fm.get(border=1, bold=True)
    c = fm.get(bold=True, border=2)
    assert a is b and a is fm.get(bold=True, border=1)
    assert c is not a
    assert fm.get(font_name="Arial", bold=True, border=1) is a  # the default, given explicitly
    assert len(wb.formats) == before + 2  # a and c
    wb.close()
