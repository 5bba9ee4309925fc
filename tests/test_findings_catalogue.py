"""One tiny real workbook per finding code (SPEC section 10), through the whole pipeline.

Each case writes a small return that is clean except for one deliberate problem, runs it through
`service.analyse_file` (a few also through the CLI's `validate --json`), and checks the code,
severity, sheet and cell exactly, that nothing else is reported at warning or error level (apart
from the codes a case names as inevitable), and that the message reads as plain English.
A parametrized test fails if any code of the SPEC list has no case here.

Legacy .xls: a real BIFF8 workbook holding a whole indicator grid is built from scratch below
(`biff8_book`), so reading .xls through calamine is tested on a real return, not a stub.
"""

from __future__ import annotations

import json
import random
import re
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bad_files as B
import pytest
import wb_factory as W
from typer.testing import CliRunner

from csp_excel.cli import app
from csp_excel.core.model import Finding
from csp_excel.reader import workbook as reader_workbook
from csp_excel.service import FileResult, analyse_file

SPEC_CODES = (
    "FILE_UNREADABLE FILE_ENCRYPTED FILE_LEGACY_FORMAT FILE_TOO_LARGE NO_INDICATORS "
    "GRID_NOT_FOUND MONTHS_OUT_OF_ORDER PERIOD_MISMATCH NOT_A_NUMBER PLACEHOLDER NEGATIVE_COUNT "
    "PERCENT_OUT_OF_RANGE YTD_MISMATCH R12_MISMATCH RATE_MISMATCH NUMERATOR_EXCEEDS_DENOMINATOR "
    "PERCENT_MISMATCH VALUE_AFTER_REPORTING_MONTH MISSING_MONTH RAG_MISMATCH NARRATIVE_MISMATCH "
    "SPC_OUTLIER TARGET_INFERRED POLARITY_INFERRED DENOMINATOR_MISSING "
    "ROW_NOT_RECOGNISED NO_CURRENT_FIGURES SHEET_SKIPPED"
).split()

runner = CliRunner()

# ------------------------------------------------------------------ a clean count return
# Robbery-like figures. indicator_rows() puts the header on row 9 (Apr..Mar in B..M) and the grid
# from row 10: last year (10), Month (11), YTD (12), R12 (13), rate (14); Performance Overview
# in B16, 'RAG Rating: X' in A17. Settings: Residents 198,294 to May 2016, 201,979 from June.
LY = [48, 55, 51, 60, 47, 52, 49, 58, 53, 50, 46, 54]
TY = [37, 54, 54, 47, 39, 50, 42, 34, 40]
ROW = {"ly": 10, "month": 11, "ytd": 12, "r12": 13, "rate": 14}
QUIET = "Operation Neptune continues with partners."


def _pop(i: int) -> int:
    return 198294 if i < 2 else 201979


def count_grid(ty: Sequence[float | None] = TY, ly: Sequence[float] = LY) -> list[list[Any]]:
    """Last year, this year and every derived row computed exactly as a careful analyst would
    (YTD and R12 blank from a missing month on, rates rounded to 2 dp)."""
    ytd: list[Any] = []
    r12: list[Any] = []
    rate: list[Any] = []
    gap = False
    for i, v in enumerate(ty):
        gap = gap or v is None
        if gap:
            ytd.append(None), r12.append(None), rate.append(None)
            continue
        done = [x for x in ty[: i + 1] if x is not None]
        r = sum(done) + sum(ly[i + 1 :])
        ytd.append(sum(done))
        r12.append(r)
        rate.append(round(r / _pop(i) * 1000, 2))
    return [
        ["Actual 2015 - 2016", *ly],
        ["Month", *ty],
        ["Year to date", *ytd],
        ["Rolling 12 month fig for use below", *r12],
        ["Per 1,000 Res", *rate],
    ]


def count_book(
    path: Path,
    grid: list[list[Any]] | None = None,
    settings: bool = True,
    extra: dict[str, list[list[Any]]] | None = None,
    **texts: Any,
) -> Path:
    texts.setdefault("overview", QUIET)
    sheets: dict[str, list[list[Any]]] = {
        "Robbery": W.indicator_rows(grid=grid if grid is not None else count_grid(), **texts)
    }
    if settings:
        sheets["Settings"] = W.settings_rows()
    sheets.update(extra or {})
    return W.write_book(path, sheets)


def edited(changes: dict[tuple[str, str], Any], **kw: Any) -> Callable[[Path], Path]:
    """A clean count return with some cells retyped: {("ytd", "Aug"): 240, ...}."""

    def make(folder: Path) -> Path:
        grid = count_grid()
        for (row, month), value in changes.items():
            r = grid[list(ROW).index(row)]
            idx = 1 + W.MONTHS.index(month)
            while len(r) <= idx:
                r.append(None)
            r[idx] = value
        return count_book(folder / "return.xlsx", grid, **kw)

    return make


def with_ty(ty: list[float | None], **kw: Any) -> Callable[[Path], Path]:
    return lambda folder: count_book(folder / "return.xlsx", count_grid(ty), **kw)


def with_texts(**kw: Any) -> Callable[[Path], Path]:
    return lambda folder: count_book(folder / "return.xlsx", **kw)


# ------------------------------------------------------------------ a clean percentage return
# ATR-like: header row 9, terminations (10), successes (11), their YTDs (12, 13), % YTD (14).
TERM = [4, 3, 2, 3, 5, 1, 6, 3, 3]
SUCC = [3, 0, 1, 3, 5, 1, 4, 2, 2]


def pct_book(
    path: Path, succ: Sequence[float] = SUCC, pct_cells: dict[int, Any] | None = None
) -> Path:
    """The % row holds the exact fractions unless `pct_cells` retypes some (index -> value)."""
    yt = [sum(TERM[: i + 1]) for i in range(len(TERM))]
    ys = [sum(succ[: i + 1]) for i in range(len(succ))]
    pct: list[Any] = [s / t for s, t in zip(ys, yt, strict=True)]
    for i, v in (pct_cells or {}).items():
        pct[i] = v
    grid = [
        ["Terminations month", *TERM],
        ["Successful terminations", *succ],
        ["Total terminations YTD", *yt],
        ["Total successful terminations YTD", *ys],
        ["% Successful (YTD)", *pct],
    ]
    rows = W.indicator_rows(
        title="The % of offenders who complete an Alcohol Treatment Requirement successfully",
        target="24 individuals, 70% success rate",
        good="Good to be high",
        grid=grid,
        rag="RAG Rate: G",
        overview="Case conferences with probation continue.",
    )
    return W.write_book(path, {"ATR": rows, "Settings": W.settings_rows()})


# ------------------------------------------------------------------ a real BIFF8 (.xls) return


def _biff_bof(kind: int) -> bytes:
    return B._rec(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def biff8_stream(sheets: dict[str, Sequence[Sequence[Any]]], encrypted: bool = False) -> bytes:
    """A BIFF8 Workbook stream: globals (BOF, CODEPAGE, XFs, BOUNDSHEETs) then one substream per
    sheet with LABEL (text, UTF-16) and NUMBER cells. Dates are not supported (use text)."""
    rec = B._rec
    xf = rec(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    cell_xf = rec(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    filepass = rec(0x002F, struct.pack("<HHH", 1, 1, 1) + bytes(48)) if encrypted else b""
    head = _biff_bof(0x0005) + filepass + rec(0x0042, struct.pack("<H", 1200)) + xf * 16 + cell_xf
    eof = rec(0x000A)

    def boundsheet(offset: int, name: str) -> bytes:
        return rec(
            0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 1) + name.encode("utf-16-le")
        )

    bodies = []
    for rows in sheets.values():
        cells = b""
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, str):
                    assert len(v) < 256, "a BIFF8 LABEL holds at most 255 characters"
                    body = struct.pack("<HHHHB", r, c, 16, len(v), 1) + v.encode("utf-16-le")
                    cells += rec(0x0204, body)
                else:
                    cells += rec(0x0203, struct.pack("<HHHd", r, c, 16, float(v)))
        width = max((len(r) for r in rows), default=0)
        dims = rec(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        bodies.append(_biff_bof(0x0010) + dims + cells + eof)
    start = len(head) + sum(len(boundsheet(0, n)) for n in sheets) + len(eof)
    offsets = []
    for body in bodies:
        offsets.append(start)
        start += len(body)
    data = head + b"".join(boundsheet(o, n) for o, n in zip(offsets, sheets, strict=True))
    data += eof + b"".join(bodies)
    return data + bytes(max(0, 4096 - len(data)))  # >= 4096: normal sectors, no mini stream


def biff8_book(folder: Path, name: str = "old_return.xls", encrypted: bool = False) -> Path:
    """The clean count return (without Settings: rates need no denominator here) as a real .xls."""
    grid = count_grid()[:3]  # last year, Month, YTD
    rows = W.indicator_rows(grid=grid, overview=QUIET)
    sheets = {"Robbery": rows, "Notes": [["Prepared by the analyst", "£ figures; café ✓"]]}
    path = Path(folder) / name
    path.write_bytes(B._cfb({"Workbook": biff8_stream(sheets, encrypted)}))
    return path


def damaged_xls(folder: Path) -> Path:
    """An OLE2 file with a Workbook stream that starts like BIFF8 and then is noise."""
    noise = bytes(random.Random(3).getrandbits(8) for _ in range(5000))
    path = Path(folder) / "damaged.xls"
    path.write_bytes(B._cfb({"Workbook": _biff_bof(0x0005) + noise}))
    return path


def no_grid_sheet(folder: Path) -> Path:
    """Robbery is fine; Burglary has its texts and target but its month header row was deleted."""
    burglary = [r for r in W.indicator_rows(title="Burglary") if not (r and r[0] is None)]
    return count_book(folder / "return.xlsx", extra={"Burglary": burglary})


def cover_only(folder: Path) -> Path:
    return W.write_book(
        folder / "cover.xlsx", {"Cover": [["Monthly performance pack"], ["Contents"]]}
    )


# ------------------------------------------------------------------ the catalogue


@dataclass(frozen=True)
class Case:
    code: str
    make: Callable[[Path], Path]
    severity: str
    sheet: str | None
    cell: str | None
    words: tuple[str, ...] = ()  # must appear in the message (month, cell, figures)
    also: frozenset[str] = frozenset()  # other warning/error codes this problem always brings
    status: str = "findings"
    id: str = ""


def case(code: str, make: Callable[[Path], Path], severity: str, sheet: str | None,
         cell: str | None, *words: str, also: Sequence[str] = (), status: str = "",
         id: str = "") -> Any:  # fmt: skip
    status = status or ("ok" if severity == "info" else "findings")
    c = Case(code, make, severity, sheet, cell, words, frozenset(also), status, id or code)
    return pytest.param(c, id=c.id)


FAILED = "failed"
CASES = [
    case("FILE_UNREADABLE", B.random_bytes, "error", None, None, "noise.xlsx",
         "not an Excel workbook", status=FAILED, id="FILE_UNREADABLE-noise"),
    case("FILE_UNREADABLE", B.truncated_zip, "error", None, None, "damaged", status=FAILED,
         id="FILE_UNREADABLE-truncated"),
    case("FILE_UNREADABLE", B.csv_renamed, "error", None, None, "CSV", status=FAILED,
         id="FILE_UNREADABLE-csv"),
    case("FILE_UNREADABLE", damaged_xls, "error", None, None, "old-style .xls", "Save As .xlsx",
         status=FAILED, id="FILE_UNREADABLE-damaged-xls"),
    case("FILE_ENCRYPTED", B.encrypted_xlsx, "error", None, None, "password", status=FAILED),
    case("FILE_ENCRYPTED", lambda d: biff8_book(d, "locked.xls", encrypted=True), "error", None,
         None, "password", status=FAILED, id="FILE_ENCRYPTED-xls"),
    case("FILE_LEGACY_FORMAT", biff8_book, "warning", None, None, "old_return.xls", "was read",
         "Save As .xlsx"),
    case("FILE_LEGACY_FORMAT", lambda d: biff8_book(d, "renamed.xlsx"), "warning", None, None,
         "renamed.xlsx", "was read", id="FILE_LEGACY_FORMAT-named-xlsx"),
    case("FILE_TOO_LARGE", B.absurd_dimension, "error", None, None, "XFD1048576", status=FAILED),
    case("FILE_TOO_LARGE", B.zip_bomb, "error", None, None, "zip bomb", status=FAILED,
         id="FILE_TOO_LARGE-zip-bomb"),
    case("NO_INDICATORS", cover_only, "error", None, None, "cover.xlsx", status=FAILED),
    case("GRID_NOT_FOUND", no_grid_sheet, "warning", "Burglary", None, "Burglary"),
    case("MONTHS_OUT_OF_ORDER",
         with_texts(headers=[*W.month_headers()[:2], "Jul-16", "Jun-16", *W.month_headers()[4:]]),
         "error", "Robbery", "D9", "D9", "Jul-16", "E9"),
    case("PERIOD_MISMATCH", with_texts(headers=W.month_headers(2015)), "error", "Robbery", "B9",
         "2015/16", "2016/17"),
    case("NOT_A_NUMBER", edited({("ytd", "Jun"): "see note"}), "warning", "Robbery", "D12",
         "Jun-16", "see note"),
    case("PLACEHOLDER", edited({("rate", "Dec"): "TBC"}), "info", "Robbery", "J14", "TBC",
         "J14", "Dec-16"),
    case("NEGATIVE_COUNT", with_ty([*TY[:3], -5, *TY[4:]]), "warning", "Robbery", "E11",
         "Jul-16", "-5", also=["SPC_OUTLIER"]),
    case("PERCENT_OUT_OF_RANGE", lambda d: pct_book(d / "atr.xlsx", pct_cells={3: 58.3}),
         "warning", "ATR", "E14", "Jul-16", "58.3", "whole number"),
    case("YTD_MISMATCH", edited({("ytd", "Aug"): 241}), "error", "Robbery", "F12", "Aug-16",
         "241", "231"),
    case("R12_MISMATCH", edited({("r12", "Sep"): 599}), "warning", "Robbery", "G13", "Sep-16",
         "599"),
    case("RATE_MISMATCH", edited({("rate", "Oct"): 3.08}), "warning", "Robbery", "H14", "Oct-16",
         "3.08", "implies"),
    case("NUMERATOR_EXCEEDS_DENOMINATOR",
         lambda d: pct_book(d / "atr.xlsx", succ=[3, 0, 1, 5, 3, 1, 4, 2, 2]),
         "error", "ATR", "E11", "Jul-16", "5", "3", "E10"),
    case("PERCENT_MISMATCH", lambda d: pct_book(d / "atr.xlsx", pct_cells={3: "171.4%"}),
         "error", "ATR", "E14", "Jul-16", "upside down", also=["PERCENT_OUT_OF_RANGE"],
         id="PERCENT_MISMATCH-upside-down"),
    case("PERCENT_MISMATCH", lambda d: pct_book(d / "atr.xlsx", pct_cells={8: "75%"}),
         "error", "ATR", "J14", "Dec-16", "75%", "70.0%"),
    case("VALUE_AFTER_REPORTING_MONTH",
         edited({("ytd", "Jan"): 397, ("ytd", "Feb"): 397, ("ytd", "Mar"): 397}),
         "warning", "Robbery", "K12:M12", "Jan-17", "Dec-16", "carried forward"),
    case("MISSING_MONTH", with_ty([*TY[:4], None, *TY[5:]]), "warning", "Robbery", "F11",
         "Aug-16", also=["RAG_MISMATCH"]),  # no YTD at December: no rating, but typed G
    case("RAG_MISMATCH", with_texts(rag="RAG Rating: R"), "warning", "Robbery", "A17", "Green",
         "Red"),
    case("NARRATIVE_MISMATCH",
         with_texts(overview="Year To Date (YTD) shows a 16% decrease at December 2016 "
                    "(390 offences) when compared to December 2015 (473 offences)."),
         "warning", "Robbery", "B16", "390", "397", "December 2016"),
    case("SPC_OUTLIER", with_ty([*TY[:4], 3, *TY[5:]]), "warning", "Robbery", "F11", "Aug-16",
         "(3)"),
    case("TARGET_INFERRED", with_texts(), "info", "Robbery", "B7", "5% decrease"),
    case("POLARITY_INFERRED", with_texts(), "info", "Robbery", "B6", "lower is better"),
    case("DENOMINATOR_MISSING", with_texts(settings=False), "warning", "Robbery", "A14",
         "Residents", "Per 1,000 Res"),
    case("ROW_NOT_RECOGNISED",
         lambda d: count_book(d / "return.xlsx", [*count_grid(), ["Calls handled", 5, 6, 7]]),
         "info", "Robbery", "A15", "Calls handled", "Row label | Kind", "| actual"),
    case("NO_CURRENT_FIGURES", with_ty([None] * 9), "warning", "Robbery", "B11", "2016/17",
         also=["RAG_MISMATCH"]),
    case("SHEET_SKIPPED",
         lambda d: count_book(d / "return.xlsx", extra={"Chart data": [
             [None, "Qtr 1", "Qtr 2", "Qtr 3", "Qtr 4"], ["Sales", 120, 135, 150, 160]]}),
         "info", "Chart data", "A2", "A2", "recognised as figures"),
]  # fmt: skip

_NOT_PLAIN = re.compile(r"\bNone\b|\bnan\b|\binf\b|[\[\]{}]|<\w[\w.]* object|Traceback|\\n")


def plain_english(message: str) -> None:
    assert message.strip() and "\n" not in message, message
    assert not _NOT_PLAIN.search(message), f"Python leaked into the message: {message}"


def hits(result: FileResult, c: Case) -> list[Finding]:
    return [f for f in result.findings if f.code == c.code]


@pytest.mark.parametrize("code", SPEC_CODES)
def test_catalogue_covers_every_spec_code(code: str) -> None:
    assert code in {p.values[0].code for p in CASES}, f"no tiny workbook exercises {code}"


@pytest.mark.parametrize("c", CASES)
def test_finding_is_located_and_plain(tmp_path: Path, c: Case) -> None:
    result = analyse_file(c.make(tmp_path))
    found = hits(result, c)
    assert found, [f"{f.code} {f.location}" for f in result.findings]
    at = [f for f in found if (f.sheet, f.cell) == (c.sheet, c.cell)]
    assert len(at) == 1, [f"{f.code} {f.location}" for f in found]
    f = at[0]
    assert f.severity == c.severity
    plain_english(f.message)
    for w in c.words:
        assert w in f.message, (w, f.message)
    others = {x.code for x in result.findings if x.severity != "info"} - {c.code} - c.also
    assert not others, [f"{x.code} {x.location}: {x.message}" for x in result.findings]
    assert result.status == c.status
    if c.status == FAILED:
        # info notes (each sheet's SHEET_SKIPPED) may explain a failed file; nothing else
        assert [x for x in result.findings if x.severity != "info"] == [f]
        assert result.errors == 1


def test_clean_returns_have_no_warnings(tmp_path: Path) -> None:
    """The baselines every case edits: a case's finding is caused by its one edit only."""
    for make in (with_texts(), lambda d: pct_book(d / "atr.xlsx")):
        result = analyse_file(make(tmp_path))
        assert result.status == "ok", [f"{f.code} {f.location}" for f in result.findings]


# ------------------------------------------------------------------ legacy .xls is read


def test_legacy_xls_is_read_with_its_whole_grid(tmp_path: Path) -> None:
    result = analyse_file(biff8_book(tmp_path))
    assert result.status == "findings" and result.errors == 0
    assert [f.code for f in result.findings if f.severity != "info"] == ["FILE_LEGACY_FORMAT"]
    assert result.ret is not None
    [ind] = result.ret.indicators
    assert ind.sheet == "Robbery" and ind.title == "MOPAC 7: Robbery Overall"
    assert "Notes" in result.ret.other_sheets
    [comp] = result.computed
    assert comp.ytd[8] == sum(TY) and comp.ytd_last_year[8] == sum(LY[:9])
    assert comp.rag == "G"


def test_legacy_xls_through_the_cli_validates_and_fills(tmp_path: Path) -> None:
    xls = biff8_book(tmp_path)
    before = xls.read_bytes()
    res = runner.invoke(app, ["validate", str(xls), "--json"])
    assert res.exit_code == 0, res.output
    [entry] = json.loads(res.stdout)["files"]
    assert entry["status"] == "findings"
    assert entry["findings"][0]["code"] == "FILE_LEGACY_FORMAT"
    res = runner.invoke(app, ["fill", str(xls)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "old_return.filled.xlsx").is_file()
    assert xls.read_bytes() == before


# ------------------------------------------------------------------ the same through the CLI

CLI_CASES = [
    p
    for p in CASES
    if p.id
    in {
        "FILE_UNREADABLE-noise",
        "FILE_ENCRYPTED",
        "FILE_TOO_LARGE",
        "NO_INDICATORS",
        "FILE_UNREADABLE-damaged-xls",
        "YTD_MISMATCH",
        "RAG_MISMATCH",
        "PLACEHOLDER",
        "NUMERATOR_EXCEEDS_DENOMINATOR",
    }
]


@pytest.mark.parametrize("c", CLI_CASES)
def test_cli_validate_json_reports_the_same(tmp_path: Path, c: Case) -> None:
    path = c.make(tmp_path)
    res = runner.invoke(app, ["validate", str(path), "--json"])
    assert "Traceback" not in res.output
    [entry] = json.loads(res.stdout)["files"]
    assert entry["status"] == c.status
    matches = [
        f
        for f in entry["findings"]
        if (f["code"], f["sheet"], f["cell"]) == (c.code, c.sheet, c.cell)
    ]
    assert len(matches) == 1 and matches[0]["severity"] == c.severity
    assert set(matches[0]) == {"code", "severity", "sheet", "cell", "message", "expected", "found"}
    errors = any(f["severity"] == "error" for f in entry["findings"])
    assert res.exit_code == (1 if errors or c.status == FAILED else 0)
    if c.status == FAILED:
        assert len([f for f in entry["findings"] if f["severity"] != "info"]) == 1
        plain = runner.invoke(app, ["validate", str(path)])
        assert plain.exit_code == 1 and "Traceback" not in plain.output
        lines = plain.output.strip().splitlines()
        assert len(lines) == 1 and path.name in lines[0], plain.output


def test_unexpected_failure_is_one_line_and_debug_shows_the_detail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader bug (simulated: the sheet reader raises) fails the file, not the run."""
    path = with_texts()(tmp_path)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("grid walker fell over")

    monkeypatch.setattr(reader_workbook, "read_sheets", broken)
    res = runner.invoke(app, ["validate", str(path), "--json"])
    [entry] = json.loads(res.stdout)["files"]
    assert res.exit_code == 1 and entry["status"] == "failed"
    assert [f["code"] for f in entry["findings"]] == ["FILE_UNREADABLE"]
    plain = runner.invoke(app, ["validate", str(path)])
    assert plain.exit_code == 1 and "Traceback" not in plain.output
    assert len(plain.output.strip().splitlines()) == 1
    debug = runner.invoke(app, ["validate", str(path), "--debug"])
    assert debug.exit_code == 1
    assert "Traceback" in debug.stderr and "grid walker fell over" in debug.stderr
    assert "reader/workbook.py" in debug.stderr  # where it happened


def test_spc_outlier_names_the_month_as_other_findings_do(tmp_path: Path) -> None:
    result = analyse_file(with_ty([*TY[:4], 3, *TY[5:]])(tmp_path))
    [f] = [f for f in result.findings if f.code == "SPC_OUTLIER"]
    assert "Aug-16" in f.message and "2016-08" not in f.message
