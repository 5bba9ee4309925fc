"""Our outputs as printed and as Excel people use them (issue #13): no merged cells anywhere
(merges break sorting, filtering and copy-paste), and no text cut off on an indicator sheet.

Every output is written by the real command line and read back with openpyxl. The clipping
check is independent of the writer: it measures each text cell against the columns it may
use (its own when wrapped, with the row's height; the empty cells to its right when not;
the run of "centre across selection" cells) in Excel's column-width unit (one digit of the
default font). A hyperlink cell counts as not wrapped, whatever its format says: LibreOffice
does not wrap one (Excel does), so a long linked title was cut when printed. Our cells are
Arial 10: each character is measured by Arial's own widths against a digit's, a line is 12
points, and 8-point text scales by 0.8.
"""

from __future__ import annotations

import math
import shutil
import warnings
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from csp_excel.cli import app

warnings.filterwarnings("ignore", message=".*extension is not supported.*")

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SAMPLE = SAMPLES / "barking_dagenham_2016-12.xlsx"
OTHER = SAMPLES / "district_b_2016-12.xlsx"
runner = CliRunner()


def _run(*args: str) -> None:
    res = runner.invoke(app, list(args))
    assert res.exit_code in (0, 1), res.output


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("outputs")
    folder = tmp / "returns"
    folder.mkdir()
    for p in (SAMPLE, OTHER):
        shutil.copy(p, folder / p.name)
    _run("fill", str(folder), "--out", str(tmp / "filled"))
    _run("template", "--fy", "2016", "--out", str(tmp / "blank.xlsx"))
    _run("button", "--out", str(tmp / "button.xlsm"), "--from", str(SAMPLE))
    return {
        "filled": tmp / "filled" / "barking_dagenham_2016-12.filled.xlsx",
        "filled_b": tmp / "filled" / "district_b_2016-12.filled.xlsx",
        "summary": tmp / "filled" / "summary.xlsx",
        "comparison": tmp / "filled" / "comparison.xlsx",
        "template": tmp / "blank.xlsx",
        "button": tmp / "button.xlsm",
    }


@pytest.mark.parametrize(
    "kind", ["filled", "filled_b", "summary", "comparison", "template", "button"]
)
def test_no_output_has_a_merged_cell(outputs: dict[str, Path], kind: str) -> None:
    path = outputs[kind]
    assert path.is_file(), path
    wb = openpyxl.load_workbook(path)
    merged = {ws.title: [str(r) for r in ws.merged_cells.ranges] for ws in wb.worksheets}
    assert len(wb.worksheets) >= 1
    assert {k: v for k, v in merged.items() if v} == {}


# ---------------------------------------------------------------------- clipped text


def _widths(ws: Worksheet) -> dict[int, float]:
    out: dict[int, float] = {}
    for dim in ws.column_dimensions.values():
        if dim.width and dim.min and dim.max:
            for c in range(dim.min, dim.max + 1):
                out[c] = dim.width
    return out


# Arial's advance widths (1/1000 em; Liberation Sans, which LibreOffice uses for it, has the
# same), from the Helvetica AFM metrics, printable ASCII from " " to "~"; regular, then bold.
_ASCII = "".join(chr(c) for c in range(32, 127))
_REGULAR = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
            *[556] * 10, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
            722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
            667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222,
            222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,
            334, 260, 334, 584]  # fmt: skip
_BOLD = [278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
         *[556] * 10, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722,
         278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667,
         611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278,
         556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389,
         280, 389, 584]  # fmt: skip
_WIDTHS = {False: dict(zip(_ASCII, _REGULAR, strict=True)),
           True: dict(zip(_ASCII, _BOLD, strict=True))}  # fmt: skip
_OTHER = 833  # a symbol or letter outside ASCII (✓, ⚠, é ...): taken as wide as an "m"


def _units(text: str, cell: object) -> float:
    """The text's width in Excel's column unit, the width of a digit (556) of the 10-point
    default font, at the cell's size and weight."""
    font = getattr(cell, "font", None)
    size = (font.sz if font is not None and font.sz else 10.0) / 10.0
    widths = _WIDTHS[bool(font is not None and font.b)]
    return sum(widths.get(ch, _OTHER) for ch in text) / 556 * size


def _clipped(ws: Worksheet, last_col: int) -> list[str]:
    widths = _widths(ws)
    width = lambda c: widths.get(c, 8.43)  # noqa: E731 - Excel's default column width
    bad = []
    for row in ws.iter_rows():
        for cell in row:
            v = cell.value
            if not isinstance(v, str) or not v or v.startswith("="):
                continue
            al = cell.alignment
            c = cell.column
            if al.horizontal == "centerContinuous":
                k = c + 1
                while (
                    k <= last_col
                    and ws.cell(cell.row, k).alignment.horizontal == "centerContinuous"
                    and ws.cell(cell.row, k).value is None
                ):  # noqa: E501
                    k += 1
                room = sum(width(j) for j in range(c, k))
                need = _units(v, cell)
            elif al.wrap_text and cell.hyperlink is None:
                lines = sum(
                    max(1, math.ceil(_units(p, cell) / width(c))) for p in v.splitlines() or [""]
                )
                height = ws.row_dimensions[cell.row].height or 15.0
                size = (cell.font.sz or 10.0) / 10.0
                if lines * 12.0 * size > height + 0.5:
                    bad.append(f"{ws.title}!{cell.coordinate} needs {lines} lines, row {height}pt")
                continue
            else:
                k = c + 1
                while k <= last_col and ws.cell(cell.row, k).value is None:
                    k += 1
                room = sum(width(j) for j in range(c, k))
                need = _units(v, cell)
            if need > room + 0.5:
                bad.append(f"{ws.title}!{cell.coordinate} {v[:40]!r}: {need:.0f} > {room:.0f}")
    return bad


@pytest.mark.parametrize("kind", ["filled", "filled_b"])
def test_no_text_is_cut_off_on_an_indicator_sheet(outputs: dict[str, Path], kind: str) -> None:
    wb = openpyxl.load_workbook(outputs[kind])
    bad: list[str] = []
    sheets = [
        ws for ws in wb.worksheets if ws.title not in ("Dashboard", "Data quality", "Settings")
    ]
    assert len(sheets) >= 3
    for ws in sheets:
        last = max(c.column for row in ws.iter_rows() for c in row if c.value is not None)
        bad += _clipped(ws, last)
    assert bad == []


@pytest.mark.parametrize("kind", ["filled", "filled_b"])
def test_no_text_is_cut_off_on_the_dashboard(outputs: dict[str, Path], kind: str) -> None:
    """Every title in full (plain wrapped text; the link is its own short cell), and the
    judgement texts wrapped in a row tall enough for them."""
    wb = openpyxl.load_workbook(outputs[kind])
    ws = wb["Dashboard"]
    titles = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1)]
    assert sum(1 for t in titles if isinstance(t, str) and len(t) > 60) >= 1  # a long one
    last = max(c.column for row in ws.iter_rows() for c in row if c.value is not None)
    assert _clipped(ws, last) == []


CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture(scope="module")
def corpus_outputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every layout of the test corpus (quarterly, annual, districts, stacked blocks ...) filled."""
    tmp = tmp_path_factory.mktemp("corpus")
    _run("fill", str(CORPUS), "--out", str(tmp / "filled"), "-q")
    return sorted((tmp / "filled").glob("*.filled.xlsx"))


def test_no_text_is_cut_off_on_any_corpus_layout(corpus_outputs: list[Path]) -> None:
    """The dashboard and every indicator sheet of each corpus layout: a quarterly "Q1 2015/16"
    in the dashboard, a two-period sheet's overview headings."""
    assert len(corpus_outputs) == len(list(CORPUS.glob("*.xlsx"))) >= 15
    bad: list[str] = []
    for path in corpus_outputs:
        for ws in openpyxl.load_workbook(path).worksheets:
            if ws.title in ("Data quality", "Settings"):
                continue
            used = [c.column for row in ws.iter_rows() for c in row if c.value is not None]
            bad += [f"{path.name}: {b}" for b in _clipped(ws, max(used, default=1))]
    assert bad == []


def test_the_check_finds_cut_text(tmp_path: Path) -> None:
    """A long label in a narrow column, a wrapped text in a row too short, and a long wrapped
    hyperlink (LibreOffice does not wrap it) are found."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Rolling 12 month period (for use below) (as supplied)"
    ws["B1"] = 5
    ws.column_dimensions[get_column_letter(1)].width = 20
    ws["A2"] = "word " * 40
    ws["A2"].alignment = openpyxl.styles.Alignment(wrap_text=True)
    ws["A3"] = "fits"
    ws["A4"] = "The % of offenders who complete an Alcohol Treatment Requirement"
    ws["A4"].alignment = openpyxl.styles.Alignment(wrap_text=True)
    ws["A4"].hyperlink = "#'TNO'!A1"
    ws["B4"] = 1
    ws.row_dimensions[4].height = 60
    path = tmp_path / "x.xlsx"
    wb.save(path)
    found = _clipped(openpyxl.load_workbook(path).active, 2)
    assert [b.split(" ")[0] for b in found] == ["Sheet!A1", "Sheet!A2", "Sheet!A4"]


@pytest.mark.parametrize(
    ("room", "own", "drafted"),
    [
        (60.0, "Performance Overview (from the return)", "Drafted overview (check before use)"),
        (37.0, "Overview (from the return)", "Drafted overview (check before use)"),
        (30.0, "Overview (from the return)", "Drafted (check before use)"),
        (18.0, "From the return", "Drafted (check)"),
        (5.0, "From the return", "Drafted (check)"),  # nothing fits: the shortest
    ],
)
def test_overview_headings_shorten_to_fit(room: float, own: str, drafted: str) -> None:
    """A sheet of few periods has little room over its overview: the longest heading that fits
    (one width unit a character, more cautious than Arial's own widths)."""
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font

    from csp_excel.writers.indicator.sheet import DRAFT_HEADINGS, OWN_HEADINGS, overview_heading

    assert overview_heading(OWN_HEADINGS, room) == own
    assert overview_heading(DRAFT_HEADINGS, room) == drafted
    bold = Cell(openpyxl.Workbook().active, value="x")
    bold.font = Font(b=True, sz=10)
    if room >= 15:  # what was chosen fits by the clipping check's own measure too
        assert _units(own, bold) <= room and _units(drafted, bold) <= room


def test_a_quarterly_dashboard_names_its_latest_quarter(corpus_outputs: list[Path]) -> None:
    """No month is known for a return of quarters: the dashboard says the quarter instead of
    "Reporting month: not known"."""
    by = {p.name: p for p in corpus_outputs}
    ws = openpyxl.load_workbook(by["ply_quarterly.filled.xlsx"])["Dashboard"]
    assert ws["A2"].value == "Latest quarter: Q1 2015/16"
    assert ws["B5"].value == "Q1 2015/16"
