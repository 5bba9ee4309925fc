"""Text from a return never becomes a formula, a reference, a link target or a header code.

One return is built with hostile text in every text slot (titles, labels, narratives, Settings,
denominator names, sheet names where Excel allows the characters). Every output kind is produced
through the command line, and every XML part of every output zip is scanned: no cell formula,
chart reference, defined name or hyperlink target may hold input text (a reference to one of the
workbook's own sheets by its quoted name is allowed, since that is not input text being run), and
no header/footer holds an input `&` code. CSV cells that could run are neutralised.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import wb_factory as W
from typer.testing import CliRunner

from csp_excel.cli import app

LONG = "Long title " + "x" * 40_000
# (text, marker): the marker is a fragment that never occurs in our own formulas or references.
PAYLOADS = [
    ("=cmd|' /C calc'!A0", "cmd|"),
    ("@SUM(1)+Q7777", "Q7777"),
    ("+1+Q7778", "Q7778"),
    ("-1-Q7779", "Q7779"),
    ("EvilSheet!A1", "EvilSheet!"),
    ("'xq'!A1:B2", "xq'!"),
    ('=HYPERLINK("http://evil.example/","x")', "evil.example"),
    ("&[File]&[Path]&Z", "&[File]"),
    ("ctl\t\r\n text _x0007_ \u202e", "ctl"),
]
MARKERS = [m for _, m in PAYLOADS if m != "ctl"] + ["Q7780", "Q7781", "Q7782"]
# Sheet names may hold any of these (no []:*?/\ and no leading/trailing quote, <= 31 chars).
SHEET_NAMES = ["=cmd|' C calc'!A0", "EvilSheet!A1", "@SUM(1)+Q7780", "+1+Q7781", "-1-Q7782"]


def _payload_return(path: Path) -> Path:
    sheets: dict[str, list[list[object]]] = {}
    texts = [p for p, _ in PAYLOADS]
    for i, name in enumerate(SHEET_NAMES):
        t = texts[i % len(texts)]
        rows = W.indicator_rows(
            title=t if i else "=cmd|' /C calc'!A0",
            good=texts[(i + 1) % len(texts)],
            overview=texts[(i + 2) % len(texts)] + " " + LONG[:200],
            rag="RAG Rating: G",
        )
        rows[4][1] = texts[(i + 3) % len(texts)]  # definition
        rows[4][4] = texts[(i + 4) % len(texts)]
        rows[7][4] = LONG  # "Any issues to consider": text over 32,767 characters
        rows[-1][1] = texts[(i + 5) % len(texts)]  # benchmarking
        sheets[name] = rows
    sheets["Settings"] = W.settings_rows(
        partnership="&[File]&[Path] =cmd|' /C calc'!A0",
        denominators=[
            ["EvilSheet!A1", 198294, None],
            ['=HYPERLINK("http://evil.example/")', 7, None],
        ],
    )
    return W.write_book(path, sheets)


def _sheet_refs(zf: zipfile.ZipFile) -> list[str]:
    """Every way the workbook's own sheets can be named in a reference: 'quoted'! and plain!."""
    root = ET.fromstring(zf.read("xl/workbook.xml"))
    refs: list[str] = []
    for el in root.iter():
        if el.tag.endswith("}sheet"):
            name = el.get("name") or ""
            refs += ["'" + name.replace("'", "''") + "'!", name + "!"]
    return sorted(refs, key=len, reverse=True)


def _strip_own(text: str, refs: list[str]) -> str:
    for r in refs:
        text = text.replace(r, "§!")
    return text


_STRING = re.compile(r'"(?:[^"]|"")*"')


def _formula_code(text: str, refs: list[str]) -> str:
    """A formula with its own-sheet references and its literal text arguments taken out.

    A well-formed "..." literal is data that Excel never runs, except the first argument of
    HYPERLINK, which is a link target and so is kept. A badly escaped quote in input text would
    end the literal early and leave the rest of the text in the code, where the markers show.
    """
    text = _strip_own(text, refs)
    out, pos = [], 0
    for m in _STRING.finditer(text):
        out.append(text[pos : m.start()])
        keep = re.search(r"HYPERLINK\(\s*$", text[: m.start()], re.IGNORECASE)
        out.append(m.group(0) if keep else '""')
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _scan_zip(path: Path) -> list[str]:
    """Problems in one output: input text in a formula, reference, name, link or header code."""
    problems: list[str] = []
    with zipfile.ZipFile(path) as zf:
        refs = _sheet_refs(zf)
        for part in zf.namelist():
            if not (part.endswith(".xml") or part.endswith(".rels") or part.endswith(".vml")):
                continue
            data = zf.read(part)
            try:
                root = ET.fromstring(data)
            except ET.ParseError as e:
                problems.append(f"{path.name}:{part}: not well-formed XML ({e})")
                continue
            for el in root.iter():
                tag = _local(el.tag)
                checks: list[str] = []
                if tag in ("f", "definedName", "formula1", "formula2", "formula"):
                    checks.append(el.text or "")
                if tag == "hyperlink":
                    checks += [el.get("location") or ""]
                if tag == "Relationship" and "hyperlink" in (el.get("Type") or ""):
                    checks.append(el.get("Target") or "")
                for text in checks:
                    rest = _formula_code(text, refs) if tag != "Relationship" else text
                    hit = [m for m in MARKERS if m in rest]
                    if hit:
                        problems.append(
                            f"{path.name}:{part}: <{tag}> holds input text {text[:80]!r}"
                        )
                if tag in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader",
                           "firstFooter"):  # fmt: skip
                    codes = (el.text or "").replace("&&", "")
                    if "&[" in codes:
                        problems.append(
                            f"{path.name}:{part}: header/footer code from input {codes[:80]!r}"
                        )
    return problems


RISKY_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("inj")
    src = _payload_return(base / "hostile.xlsx")
    folder = base / "folder"
    folder.mkdir()
    for n in ("a", "b"):
        _payload_return(folder / f"{n}.xlsx")
    runner = CliRunner()
    out: dict[str, Path] = {}
    jobs = [
        ("filled", ["fill", str(src), "--out", str(base / "filled.xlsx")]),
        ("keep", ["fill", str(src), "--keep-layout", "--out", str(base / "keep.xlsx")]),
        ("folder", ["fill", str(folder), "--out", str(base / "folder_out"), "--workers", "1"]),
        ("button", ["button", "--from", str(src), "--out", str(base / "button.xlsm")]),
        ("csv", ["export", str(src), "--out", str(base / "all.csv")]),
        ("parquet", ["export", str(src), "--out", str(base / "all.parquet")]),
    ]
    for key, args in jobs:
        res = runner.invoke(app, args)
        assert "Traceback" not in res.output, (key, res.output)
        assert res.exit_code in (0, 1), (key, res.exit_code, res.output)
    out["filled"] = base / "filled.xlsx"
    out["keep"] = base / "keep.xlsx"
    out["summary"] = base / "folder_out" / "summary.xlsx"
    out["comparison"] = base / "folder_out" / "comparison.xlsx"
    out["folder_filled"] = base / "folder_out" / "a.filled.xlsx"
    out["button"] = base / "button.xlsm"
    out["csv"] = base / "all.csv"
    out["parquet"] = base / "all.parquet"
    return out


@pytest.mark.parametrize(
    "kind", ["filled", "keep", "summary", "comparison", "folder_filled", "button"]
)
def test_no_input_text_becomes_a_formula_or_reference(outputs: dict[str, Path], kind: str) -> None:
    path = outputs[kind]
    assert path.is_file(), f"{kind} output missing"
    assert _scan_zip(path) == []


def test_payload_really_reaches_the_outputs(outputs: dict[str, Path]) -> None:
    """The scan is not vacuous: the hostile title is in the filled workbook and its charts."""
    with zipfile.ZipFile(outputs["filled"]) as zf:
        names = zf.namelist()
        charts = [n for n in names if n.startswith("xl/charts/chart")]
        assert charts, "the filled workbook has charts"
        blob = b"".join(zf.read(n) for n in charts)
        assert b"cmd|" in blob  # the title is there, as literal text
        shared = zf.read("xl/sharedStrings.xml")
        assert b"evil.example" in shared and b"EvilSheet!A1" in shared


def test_chart_text_that_looks_like_a_reference_stays_text(tmp_path: Path) -> None:
    from xlsxwriter import Workbook

    from csp_excel.writers import literal

    out = tmp_path / "c.xlsx"
    wb = Workbook(str(out))
    ws = wb.add_worksheet("Data")
    ws.write_column(0, 0, [1, 2, 3])
    chart = wb.add_chart({"type": "line"})
    literal.add_series(chart, {"values": ["Data", 0, 0, 2, 0], "name": "Sheet1!A1"})
    literal.set_title(chart, "=cmd|' /C calc'!A0", name_font={"bold": True})
    literal.set_axis(chart, "x", {"name": "'x'!A1:B2"})
    literal.set_axis(chart, "y", {"name": "Ok plain"})
    ws.insert_chart(0, 2, chart)
    wb.close()
    with zipfile.ZipFile(out) as zf:
        xml = zf.read("xl/charts/chart1.xml").decode()
    assert re.findall(r"<c:f>(.*?)</c:f>", xml) == ["Data!$A$1:$A$3"]
    for text in ("Sheet1!A1", "=cmd|&apos; /C calc&apos;!A0", "&apos;x&apos;!A1:B2", "Ok plain"):
        assert text in xml.replace("'", "&apos;"), text


def test_csv_export_cells_are_neutralised(outputs: dict[str, Path]) -> None:
    with open(outputs["csv"], newline="", encoding="utf-8-sig") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert any("cmd|" in c for c in cells), "the hostile text reached the export"
    risky = [c for c in cells if c.startswith(RISKY_START) and not _is_number(c)]
    assert risky == []


def test_parquet_export_written(outputs: dict[str, Path]) -> None:
    import pyarrow.parquet as pq

    table = pq.read_table(outputs["parquet"])
    assert table.num_rows > 0


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
