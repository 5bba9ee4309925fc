"""Hostile and near-limit inputs through the real CLI: wall time and peak memory of each.

Issue #10/#16 budgets: any input is refused or read in under 10 s and under 500 MB. Every case
runs `csp-excel validate --json FILE` (and `fill` for the cases named in FILL) in a fresh child;
peak memory is the child's own maximum resident set (os.wait4), which includes the legacy .xls
worker it waits for. A 4 GB address-space limit keeps a runaway from taking the machine down.

    .venv/bin/python benchmarks/hostile.py                  # all cases, table + JSON
    .venv/bin/python benchmarks/hostile.py --only xls       # cases whose name contains 'xls'
    .venv/bin/python benchmarks/hostile.py --src /tmp/old   # another checkout ("before")
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

import bad_files as B  # noqa: E402

from csp_excel.core.refs import col_letter  # noqa: E402
from csp_excel.reader.extent import MAX_SHEETS, MAX_TOTAL_CELLS, MAX_XML_ELEMENTS  # noqa: E402

BUDGET_SECONDS, BUDGET_MB = 10.0, 500
RUNAWAY_BYTES = 4 * 1024**3


def dense_sheet(rows: int, cols: int) -> str:
    """Worksheet XML with a number in every cell of rows x cols."""
    letters = [col_letter(c) for c in range(1, cols + 1)]
    body = [B._SHEET_HEAD, "<sheetData>"]
    for r in range(1, rows + 1):
        cells = "".join(
            f'<c r="{letters[c]}{r}"><v>{(r * 7 + c) % 1000}</v></c>' for c in range(cols)
        )
        body.append(f'<row r="{r}">{cells}</row>')
    body.append("</sheetData></worksheet>")
    return "".join(body)


def dense_at_cap(folder: Path) -> Path:
    """One sheet, 20 columns, every cell a number, exactly MAX_TOTAL_CELLS cells."""
    return B.minimal_xlsx(folder, {"Data": dense_sheet(MAX_TOTAL_CELLS // 20, 20)}, "dense.xlsx")


def forty_dense_sheets(folder: Path) -> Path:
    """40 sheets whose cells together are just under the cap (the 40-sheet case of #10)."""
    per = MAX_TOTAL_CELLS // 40 // 20
    xml = dense_sheet(per, 20)
    return B.minimal_xlsx(folder, {f"S{i}": xml for i in range(40)}, "forty.xlsx")


def wide_at_cap(folder: Path) -> Path:
    """Full-width rows (A..XFD) down to the cap."""
    rows = MAX_TOTAL_CELLS // 16384
    return B.minimal_xlsx(folder, {"Wide": dense_sheet(rows, 16384)}, "wide.xlsx")


def max_indicator_sheets(folder: Path) -> Path:
    """MAX_SHEETS - 1 real indicator sheets plus Settings (the 5,000-sheet case, at the cap)."""
    from make_returns import make_return

    return make_return(folder / "many_indicators.xlsx", 1, n_indicators=MAX_SHEETS - 1)


def _filler(items: int, distinct_attributes: bool = False) -> str:
    """Empty elements (100 tag names) each with one random attribute, `items` elements plus
    attributes in all: little to compress, so not caught as a zip bomb. With
    `distinct_attributes` every attribute name is new (expat keeps each in its tables)."""
    import random

    rng = random.Random(5)
    out = []
    for _ in range(items // 2):
        key = f"a{rng.getrandbits(32):08x}" if distinct_attributes else "v"
        out.append(f'<e{rng.randrange(100)} {key}="{rng.getrandbits(24):06x}"/>')
    return "".join(out)


def distinct_attribute_names(folder: Path) -> Path:
    """Just under the item budget, every attribute name different."""
    xml = (
        f'{B._SHEET_HEAD}<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
        f"<extLst><ext>{_filler(MAX_XML_ELEMENTS - 40, True)}</ext></extLst></worksheet>"
    )
    return B.minimal_xlsx(folder, {"S": xml}, "attributes.xlsx")


def elements_at_cap(folder: Path) -> Path:
    """One cell and just under MAX_XML_ELEMENTS empty elements in the sheet's extension list."""
    xml = (
        f'{B._SHEET_HEAD}<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
        f"<extLst><ext>{_filler(MAX_XML_ELEMENTS - 40)}</ext></extLst></worksheet>"
    )
    return B.minimal_xlsx(folder, {"S": xml}, "elements.xlsx")


def elements_over_cap(folder: Path) -> Path:
    xml = (
        f"{B._SHEET_HEAD}<sheetData/><extLst><ext>{_filler(MAX_XML_ELEMENTS + 10)}</ext>"
        "</extLst></worksheet>"
    )
    return B.minimal_xlsx(folder, {"S": xml}, "elements_over.xlsx")


def big_shared_strings(folder: Path, mb: int = 200) -> Path:
    """A few cells pointing at a huge sharedStrings part (under the unzipped-size limit)."""
    path = B.minimal_xlsx(folder, name="strings.xlsx")
    text = "x" * (1024 * 1024)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        body = "".join(f"<si><t>{text}</t></si>" for _ in range(mb))
        z.writestr(
            "xl/sharedStrings.xml",
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{body}</sst>',
        )
    return path


def xls_dims_at_cap(folder: Path) -> Path:
    """A legacy .xls whose DIMENSIONS claim 65,536 rows by 15 columns (just under the cap)."""
    return B.legacy_xls(folder, dims=(65536, MAX_TOTAL_CELLS // 65536))


def xls_catalogue_return(folder: Path) -> Path:
    """A real BIFF8 return with a whole indicator grid (as in test_findings_catalogue)."""
    import test_findings_catalogue as T

    return T.biff8_book(folder)


CASES: dict[str, Callable[[Path], Path]] = {
    "sample_district_b": lambda d: HERE.parent / "samples" / "district_b_2016-12.xlsx",
    "dense_at_cap": dense_at_cap,
    "forty_dense_sheets": forty_dense_sheets,
    "wide_at_cap": wide_at_cap,
    "max_indicator_sheets": max_indicator_sheets,
    "elements_at_cap": elements_at_cap,
    "elements_over_cap": elements_over_cap,
    "distinct_attribute_names": distinct_attribute_names,
    "big_shared_strings": big_shared_strings,
    "zip_bomb": B.zip_bomb,
    "far_cell": B.far_cell,
    "far_cell_hidden": B.far_cell_hidden,
    "far_cell_single_quotes": B.far_cell_single_quotes,
    "far_cell_spaces": B.far_cell_spaces,
    "far_cell_leading_zeros": B.far_cell_leading_zeros,
    "far_cell_prefixed": B.far_cell_prefixed,
    "implied_positions": B.implied_positions,
    "row_number_too_long": B.row_number_too_long,
    "huge_merge": B.huge_merge,
    "many_sheets_under_cap": B.many_sheets_under_cap,
    "too_many_sheets": B.too_many_sheets,
    "shared_strings_claim": B.shared_strings_claim,
    "xlsb": B.xlsb_like,
    "xls_ok": B.legacy_xls,
    "xls_catalogue_return": xls_catalogue_return,
    "xls_dims_at_cap": xls_dims_at_cap,
    "xls_fat_loop": B.xls_fat_loop,
    "xls_stream_loop": B.xls_stream_loop,
    "xls_shared_sectors": B.xls_shared_sectors,
    "xls_chain_past_end": B.xls_chain_past_end,
    "xls_absurd_size": B.xls_absurd_size,
    "xls_directory_loop": B.xls_directory_loop,
    "xls_fat_sector_past_end": B.xls_fat_sector_past_end,
}
FILL = {"sample_district_b", "max_indicator_sheets", "xls_catalogue_return", "xls_fat_loop"}


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (RUNAWAY_BYTES, RUNAWAY_BYTES))


def measure(args: list[str], src: Path, cwd: Path) -> dict[str, object]:
    """Run `python -m csp_excel ARGS`; wall seconds, peak MB (wait4), exit code, output checks."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "csp_excel", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
        preexec_fn=_limit,  # noqa: PLW1509 - the benchmark's own child, no threads here
    )
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    text = (out + err).decode("utf-8", "replace")
    return {
        "exit": proc.returncode,
        "seconds": round(seconds, 2),
        "peak_mb_children_so_far": round(usage.ru_maxrss / 1024),
        "traceback": "Traceback" in text or "panicked" in text or "RUST_BACKTRACE" in text,
        "stdout": out.decode("utf-8", "replace"),
    }


def run_case(name: str, src: Path, folder: Path) -> list[dict[str, object]]:
    """Each command in a fresh wrapper process, so ru_maxrss is that command's alone."""
    sub = folder / name
    sub.mkdir(parents=True, exist_ok=True)
    path = CASES[name](sub)
    rows = []
    commands = [["validate", "--json", str(path)]]
    if name in FILL:
        commands.append(["fill", "--force", "--out", str(sub / "out"), str(path)])
    for args in commands:
        wrapper = subprocess.run(
            [sys.executable, __file__, "--one", json.dumps(args), "--src", str(src)],
            capture_output=True,
            cwd=sub,
            check=False,
        )
        try:
            got = json.loads(wrapper.stdout.decode().strip().splitlines()[-1])
        except (ValueError, IndexError):
            got = {"exit": None, "error": wrapper.stderr.decode()[-500:]}
        stdout = str(got.pop("stdout", ""))
        if args[0] == "validate":
            try:
                json.loads(stdout)
                got["json"] = True
            except ValueError:
                got["json"] = False
        got.update(case=name, command=args[0], file_kb=round(path.stat().st_size / 1024))
        rows.append(got)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="run the cases whose name contains this")
    ap.add_argument("--src", default=str(HERE.parent), help="checkout to run (PYTHONPATH)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--json-out", default="", help="write the results to this JSON file")
    a = ap.parse_args()
    if a.one:
        got = measure(json.loads(a.one), Path(a.src), Path.cwd())
        got["peak_mb"] = got.pop("peak_mb_children_so_far")
        print(json.dumps(got))
        return
    results = []
    with tempfile.TemporaryDirectory(prefix="csp-hostile-") as tmp:
        for name in CASES:
            if a.only and a.only not in name:
                continue
            for row in run_case(name, Path(a.src), Path(tmp)):
                ok = (
                    row.get("exit") in (0, 1, 2)
                    and not row.get("traceback")
                    and float(row.get("seconds") or 99) < BUDGET_SECONDS
                    and int(row.get("peak_mb") or 9999) < BUDGET_MB
                )
                row["within_budget"] = ok
                results.append(row)
                print(
                    f"{row['case']:<24} {row['command']:<9} exit={row.get('exit')} "
                    f"{row.get('seconds')} s {row.get('peak_mb')} MB json={row.get('json', '-')} "
                    f"tb={row.get('traceback')} {'OK' if ok else 'OVER BUDGET'}",
                    flush=True,
                )
    if a.json_out:
        Path(a.json_out).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
