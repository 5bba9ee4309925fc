"""Build every golden output through the command line a user runs, and describe each one.

The outputs are made through `csp_excel.cli.app` (the public edge), so a refactor behind it is
free to move code: only what the user receives is compared.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from csp_excel.cli import app
from golden.describe import describe_workbook

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = Path(__file__).resolve().parent
SAMPLE = ROOT / "samples" / "barking_dagenham_2016-12.xlsx"
CORPUS = ROOT / "tests" / "corpus"
REGENERATE = "python tests/golden/regenerate.py"


def run(args: list[str], expect: Path) -> Path:
    """Run one CLI command; the output file must exist afterwards (whatever the exit code)."""
    result = CliRunner().invoke(app, [*args, "--quiet"])
    if not expect.exists():
        raise AssertionError(f"csp-excel {' '.join(args)} wrote no {expect.name}:\n{result.output}")
    return expect


def fill(src: Path, out: Path, *extra: str) -> Path:
    """`csp-excel fill SRC --out OUT [extra]` -> the filled workbook."""
    out.mkdir(parents=True, exist_ok=True)
    return run(["fill", str(src), "--out", str(out), *extra], out / f"{src.stem}.filled.xlsx")


def samples_folder(work: Path) -> Path:
    """A folder holding a copy of every sample return (the bulk input)."""
    folder = work / "samples_in"
    if not folder.exists():
        folder.mkdir(parents=True)
        for src in sorted((ROOT / "samples").glob("*.xlsx")):
            shutil.copy(src, folder / src.name)
    return folder


def bulk(work: Path, name: str) -> Path:
    """summary.xlsx or comparison.xlsx of one bulk fill over the samples (run once per work dir)."""
    out = work / "bulk_out"
    if not (out / "summary.xlsx").exists():
        out.mkdir(parents=True, exist_ok=True)
        run(["fill", str(samples_folder(work)), "--out", str(out), "-w", "1"], out / "summary.xlsx")
    return out / name


def tidy(work: Path) -> Path:
    """The tidy CSV export of the sample."""
    out = work / "tidy.csv"
    return run(["export", str(SAMPLE), "--out", str(out)], out)


def describe_csv(path: Path, root: str) -> dict[str, Any]:
    """The tidy export, one line per series: every column but period/value, then its points."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    point_cols = [i for i, c in enumerate(header) if c in ("period", "value")]
    key_cols = [i for i in range(len(header)) if i not in point_cols]
    groups: dict[str, str] = {}
    for row in body:
        key = " | ".join(row[i].replace(root, "<DIR>") for i in key_cols)
        point = "=".join(row[i] for i in point_cols)
        groups[key] = f"{groups[key]}; {point}" if key in groups else point
    order = hashlib.sha256("\n".join(",".join(r) for r in body).encode()).hexdigest()
    return {
        "kind": "csv",
        "header": header,
        "series_key": [header[i] for i in key_cols],
        "row_count": len(body),
        "rows_sha256": order,
        "series": groups,
    }


Builder = Callable[[Path], Path]
BUILDERS: dict[str, tuple[str, Builder]] = {
    "filled_sample": (
        "filled return (new workbook) of samples/barking_dagenham_2016-12.xlsx",
        lambda w: fill(SAMPLE, w / "filled"),
    ),
    "filled_side_by_side": (
        "filled return of a corpus return with four side-by-side blocks",
        lambda w: fill(CORPUS / "lei_side_by_side_districts.xlsx", w / "sbs"),
    ),
    "filled_annual": (
        "filled return of a corpus return of annual (years-as-columns) tables",
        lambda w: fill(CORPUS / "red_fy_year_tables.xlsx", w / "annual"),
    ),
    "keep_layout_sample": (
        "fill --keep-layout copy of the sample",
        lambda w: fill(SAMPLE, w / "keep", "--keep-layout"),
    ),
    "bulk_summary": (
        "summary.xlsx of a bulk fill over samples/",
        lambda w: bulk(w, "summary.xlsx"),
    ),
    "bulk_comparison": (
        "comparison.xlsx of the same bulk fill",
        lambda w: bulk(w, "comparison.xlsx"),
    ),
    "tidy_sample": ("tidy CSV export of the sample", tidy),
}


VOLATILE_HEADERS = {"Seconds"}  # run time of each file in summary.xlsx: differs run to run


def mask_volatile(body: dict[str, Any]) -> dict[str, Any]:
    """Replace the values under a volatile column header (row 1) by '<volatile>'."""
    for sheet in body.get("sheets", {}).values():
        cells = sheet["cells"]
        columns = {
            key[:-1]
            for key, entry in cells.items()
            if key.endswith("1") and key[:-1].isalpha() and entry[0] in VOLATILE_HEADERS
        }
        for key, entry in cells.items():
            letters = key.rstrip("0123456789")
            if letters in columns and key != letters + "1" and isinstance(entry[0], int | float):
                entry[0] = "<volatile>"
    return body


def describe(name: str, work: Path) -> dict[str, Any]:
    """Build the output `name` under `work` and return its canonical description."""
    what, builder = BUILDERS[name]
    path = builder(work)
    root = str(work)
    if path.suffix == ".csv":
        body = describe_csv(path, root)
    else:
        body = mask_volatile(describe_workbook(path, root))
    return {"golden": name, "what": what, "regenerate": REGENERATE, **body}
