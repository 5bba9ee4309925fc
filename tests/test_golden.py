"""Every output kind equals its golden description (tests/golden/*.json), read back from the xlsx.

The goldens were generated from the code before the issue #11 refactor: a refactor that changes
no output passes; an intended change is recorded with `python tests/golden/regenerate.py`.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from golden.build import BUILDERS, CORPUS, GOLDEN_DIR, REGENERATE, describe, fill
from golden.compare import differences, dumps, read, report
from golden.describe import describe_workbook


def canonical(obj: dict[str, Any]) -> dict[str, Any]:
    """What the golden file holds after writing and reading back (JSON types only)."""
    return json.loads(dumps(obj))


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("golden")


@pytest.mark.parametrize("name", list(BUILDERS))
def test_output_equals_golden(name: str, work: Path) -> None:
    path = GOLDEN_DIR / f"{name}.json"
    assert path.exists(), f"no golden {path.name}; write it with {REGENERATE}"
    lines = differences(read(path), canonical(describe(name, work)))
    assert not lines, report(name, lines, REGENERATE)


def test_every_golden_file_has_a_builder() -> None:
    stored = {p.stem for p in GOLDEN_DIR.glob("*.json")}
    assert stored == set(BUILDERS)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small filled return (four side-by-side blocks) to change by hand."""
    out = tmp_path_factory.mktemp("mutate")
    return fill(CORPUS / "lei_side_by_side_districts.xlsx", out)


def resaved(src: Path, dst: Path, change: Any = None) -> dict[str, Any]:
    """The description of `src` saved again by openpyxl, after `change(workbook)` if given."""
    wb = openpyxl.load_workbook(src)
    if change is not None:
        change(wb)
    wb.save(dst)
    return canonical(describe_workbook(dst))


def first_number(wb: openpyxl.Workbook) -> tuple[str, str]:
    """(sheet, cell) of the first plain number on an indicator sheet."""
    for ws in wb.worksheets[1:]:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    return ws.title, cell.coordinate
    raise AssertionError("no number found")


def test_a_changed_number_format_is_reported(filled: Path, tmp_path: Path) -> None:
    sheet, coord = first_number(openpyxl.load_workbook(filled))

    def change(wb: openpyxl.Workbook) -> None:
        wb[sheet][coord].number_format = "0.000"

    lines = differences(
        resaved(filled, tmp_path / "a.xlsx"), resaved(filled, tmp_path / "b.xlsx", change)
    )
    assert len(lines) == 1, lines
    assert f"sheets/{sheet}/cells/{coord}" in lines[0] and "0.000" in lines[0]


def test_a_changed_cell_value_is_reported(filled: Path, tmp_path: Path) -> None:
    sheet, coord = first_number(openpyxl.load_workbook(filled))

    def change(wb: openpyxl.Workbook) -> None:
        wb[sheet][coord].value = 424242

    lines = differences(
        resaved(filled, tmp_path / "a.xlsx"), resaved(filled, tmp_path / "b.xlsx", change)
    )
    assert len(lines) == 1 and f"sheets/{sheet}/cells/{coord}" in lines[0] and "424242" in lines[0]


def test_a_changed_chart_series_is_reported(filled: Path, tmp_path: Path) -> None:
    changed = tmp_path / "chart.xlsx"
    with zipfile.ZipFile(filled) as src, zipfile.ZipFile(changed, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/charts/chart1.xml":
                text = data.decode()
                ref = text.split("<c:val><c:numRef><c:f>")[1].split("</c:f>")[0]
                data = text.replace(ref, ref + "X", 1).encode()
            dst.writestr(item, data)
    lines = differences(canonical(describe_workbook(filled)), canonical(describe_workbook(changed)))
    assert len(lines) == 1 and "/charts[0]/plots[" in lines[0] and "values/ref" in lines[0], lines


def test_a_changed_conditional_format_and_tidy_point_are_reported() -> None:
    golden = read(GOLDEN_DIR / "filled_sample.json")
    now = json.loads(json.dumps(golden))
    now["sheets"]["TNO"]["cond_formats"][0]["font"]["color"] = "FFFF0000"
    (line,) = differences(golden, now)
    assert line.startswith("sheets/TNO/cond_formats[0]/font/color:") and "FFFF0000" in line
    tidy = read(GOLDEN_DIR / "tidy_sample.json")
    key = next(k for k, v in tidy["series"].items() if "2016-04=" in v)
    now = json.loads(json.dumps(tidy))
    now["series"][key] = now["series"][key].replace("2016-04=", "2016-04=9", 1)
    (line,) = differences(tidy, now)
    assert "series points golden 2016-04=" in line and "now 2016-04=9" in line


def test_the_report_is_short_and_names_the_regenerate_command() -> None:
    golden = read(GOLDEN_DIR / "filled_side_by_side.json")
    now = json.loads(json.dumps(golden))
    for entry in next(iter(now["sheets"].values()))["cells"].values():
        entry[0] = "changed"
    lines = differences(golden, now)
    assert len(lines) == 21 and lines[-1].startswith("... and ")
    message = report("filled_side_by_side", lines, REGENERATE)
    assert REGENERATE in message and "golden" in message


def test_regenerate_rewrites_a_golden_identically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from golden import build, regenerate

    for path in GOLDEN_DIR.glob("bulk_summary.json"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(regenerate, "GOLDEN_DIR", tmp_path)
    assert regenerate.main(["bulk_summary"]) == 0
    assert (tmp_path / "bulk_summary.json").read_text() == (
        build.GOLDEN_DIR / "bulk_summary.json"
    ).read_text()
    assert regenerate.main(["no_such_golden"]) == 2
