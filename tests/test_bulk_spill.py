"""A bulk run keeps each file's findings and records on disk, not in the parent (issue #13).

The outputs must not change: the --json document of a folder is the one built from every file
analysed on its own (the pre-spill way), byte for byte, and every reader of a spilled item sees
the findings and records the worker sent, in input order.
"""

from __future__ import annotations

import json
import pickle
import shutil
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csp_excel.bulk import BulkItem, Task, run_bulk
from csp_excel.bulk.spill import Spill, SpilledItem
from csp_excel.cli import app
from csp_excel.cli_output import print_json, print_json_list
from csp_excel.core.codes import finding
from csp_excel.service import analyse_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.xlsx"))
FINDINGS_PER_FILE = 200


def many_findings(task: Task) -> BulkItem:
    """Module level (a worker entry): one file with many long findings and a few records."""
    name = Path(task.path).name
    found = [
        finding("MISSING_MONTH", f"Sheet {n}", f"C{n}", f"{name}: month {n} is empty " + "x" * 200)
        for n in range(FINDINGS_PER_FILE)
    ]
    records = [{"sheet": f"S{n}", "title": f"Indicator {n}", "rate": n / 7} for n in range(30)]
    return BulkItem(file=task.path, status="findings", findings=found, label=task.label,
                    partnership=name, reporting_month="December 2016",
                    indicators=list(records))  # fmt: skip


def _touch(path: Path) -> Path:
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize(
    "rows",
    [[], [{"a": 1}], [{"file": "é/ü.xlsx", "findings": [{"x": None, "y": [1, 2.5]}]}, {}, []]],
)
def test_streamed_json_is_the_same_document(
    rows: list[object], capsys: pytest.CaptureFixture[str]
) -> None:
    print_json({"files": rows})
    whole = capsys.readouterr().out
    print_json_list("files", iter(rows))
    assert capsys.readouterr().out == whole
    json.loads(whole)  # and it is one JSON document


def test_folder_json_identical_to_files_analysed_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "returns"
    folder.mkdir()
    for src in SAMPLES:
        shutil.copy(src, folder / src.name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "returns", "--json", "-w", "1"])
    files = sorted(Path("returns").glob("*.xlsx"))
    before = {"files": [analyse_file(f).to_dict() for f in files]}
    assert len(before["files"]) == len(SAMPLES) >= 2
    assert sum(len(f["findings"]) for f in before["files"]) > 0
    assert result.stdout == json.dumps(before, indent=2, ensure_ascii=False) + "\n"


def test_spilled_items_read_back_in_input_order(tmp_path: Path) -> None:
    names = [f"f{i}.xlsx" for i in range(6)]
    files = [_touch(tmp_path / n) for n in names]
    items = run_bulk(files, workers=2, mode="validate", worker=many_findings)
    assert [Path(i.file).name for i in items] == names
    for item, name in zip(items, names, strict=True):
        assert isinstance(item, SpilledItem)
        assert "findings" not in vars(item) and "indicators" not in vars(item)
        assert len(item.findings) == FINDINGS_PER_FILE
        assert item.findings[3].message.startswith(f"{name}: month 3 is empty")
        assert item.warnings == FINDINGS_PER_FILE and item.errors == 0
        assert [r["title"] for r in item.indicators][:2] == ["Indicator 0", "Indicator 1"]
        plain = pickle.loads(pickle.dumps(item))  # what leaves the parent is a whole item
        assert type(plain) is BulkItem and plain.findings == item.findings


def test_assigning_a_heavy_part_stores_it() -> None:
    store = Spill()
    one = finding("MISSING_MONTH", "S", "C3", "month empty")
    item = SpilledItem(BulkItem(file="a.xlsx", status="findings", findings=[one]), store)
    err = finding("OUTPUT_FAILED", None, None, "could not write")
    item.findings = [*item.findings, err]
    assert [f.code for f in item.findings] == ["MISSING_MONTH", "OUTPUT_FAILED"]
    assert (item.errors, item.warnings) == (1, 1)
    item.indicators = [{"sheet": "S"}]
    assert item.indicators == [{"sheet": "S"}] and len(item.findings) == 2


def test_parent_keeps_no_findings_in_memory(tmp_path: Path) -> None:
    """After the run, what the parent still holds is a small part of what the files sent."""
    files = [_touch(tmp_path / f"f{i:03}.xlsx") for i in range(60)]
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        items = run_bulk(files, workers=1, mode="validate", worker=many_findings)
        kept = tracemalloc.get_traced_memory()[0] - base
        sample = many_findings(Task(str(files[0]), None, "f000.xlsx", "validate"))
        one_file = tracemalloc.get_traced_memory()[0] - base - kept
    finally:
        tracemalloc.stop()
    assert len(items) == 60 and sample.warnings == FINDINGS_PER_FILE
    # every file's findings in memory would be 60 x one_file; spilled, a few files' worth at most
    assert kept < 3 * one_file, (kept, one_file)


def test_records_read_back_share_their_labels() -> None:
    """Hundreds of partnerships in one comparison hold each repeated label once."""
    from csp_excel.summary_record import IndicatorSummary

    def record(partnership: str) -> IndicatorSummary:
        title = "".join(["Total notifiable ", "offences"])  # a new string object each time
        return IndicatorSummary(
            sheet="TNO", title=title, block=None, district=None, match="TNO", fy="2016/17",
            period="Dec-16", frequency="monthly", kind="count", polarity="lower", per=1000.0,
            denominator="Residents", ytd=10.0, r12=12.0, rate=1.5, pct_change=None,
            pct_ytd=None, rag="G", dot=None, partnership=partnership,
        )  # fmt: skip

    a, b = (pickle.loads(pickle.dumps(record(p))) for p in ("North", "South"))
    assert a.title == b.title == "Total notifiable offences"
    assert a.title is b.title
    assert (a.partnership, b.partnership, a.rate) == ("North", "South", 1.5)


def test_one_record_reads_back_alone() -> None:
    store = Spill()
    records = [{"sheet": f"S{n}", "rate": n / 3} for n in range(5)]
    item = SpilledItem(BulkItem(file="a.xlsx", status="ok", indicators=records), store)
    other = SpilledItem(BulkItem(file="b.xlsx", status="ok", indicators=[]), store)
    assert item.indicator_count == 5 and other.indicator_count == 0
    assert [item.indicator_record(j) for j in range(5)] == records == item.indicators
    assert other.indicators == []
    item.indicators = records[:2]  # stored again: the new records, counted again
    assert item.indicator_count == 2 and item.indicator_record(1) == records[1]
    assert (
        BulkItem(file="c.xlsx", status="ok", indicators=records).indicator_record(4) == records[4]
    )


def _sheets(book: Path) -> dict[str, list[tuple[object, ...]]]:
    import openpyxl

    wb = openpyxl.load_workbook(book)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def _charts(book: Path) -> list[bytes]:
    import zipfile

    with zipfile.ZipFile(book) as z:
        return [z.read(n) for n in sorted(z.namelist()) if n.startswith("xl/charts/")]


def test_comparison_of_spilled_items_is_the_one_of_items_in_memory(tmp_path: Path) -> None:
    """comparison.xlsx reads spilled records one indicator at a time; nothing it shows moves."""
    from csp_excel.writers.comparison import write_comparison

    rags = ["G", "A", "R", "None"]
    plain = [
        BulkItem(
            file=f"p{n}.xlsx",
            status="ok",
            partnership=f"Place {n}",
            reporting_month="December 2016",
            indicators=[
                {
                    "sheet": f"S{k}",
                    "title": f"Indicator {k}",
                    "rate": (n * 7 + k) % 11,
                    "r12": n + k,
                    "rag": rags[(n + k) % 4],
                    "partnership": f"Place {n}",
                    "polarity": "lower",
                    "per": 1000.0,
                    "rate_count": float(n + k + 1),
                    "rate_population": 1000.0 * (n + 2),
                }
                for k in range(4)
                if (n, k) != (2, 3)
            ],
        )
        for n in range(7)
    ]
    store = Spill()
    spilled = [SpilledItem(i, store) for i in plain]
    write_comparison(plain, tmp_path / "a.xlsx")
    write_comparison(spilled, tmp_path / "b.xlsx")
    a, b = _sheets(tmp_path / "a.xlsx"), _sheets(tmp_path / "b.xlsx")
    assert list(a) == ["Overview", "Funnel plots", "S0", "S1", "S2", "S3"]
    assert a == b
    assert len(a["S3"]) == len(a["S0"]) - 1  # the file without S3 is not in its sheet
    assert _charts(tmp_path / "a.xlsx") == _charts(tmp_path / "b.xlsx")
    assert len(_charts(tmp_path / "a.xlsx")) == 8  # a bar chart and a funnel per indicator
