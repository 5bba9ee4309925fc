"""The time to fill one return with a 24-file history, cold (empty store) and warm.

Builds 24 monthly returns of one partnership (2014/15 and 2015/16, 30 indicators each, by
benchmarks/make_returns.py) and its December 2016 return, then times `service.fill_file`:
without history, with `--history` and an empty SQLite store (every file read), and again with the
store filled (no file read: only each file's sha256). Not part of the test suite; not asserted.

    .venv/bin/python benchmarks/history.py [--indicators 30] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _cut(full: Path, out: Path, fy: int, rep: int) -> None:
    """The return for month `rep`: the full year's workbook with the later months blanked, so
    the monthly returns agree on every figure (as most real ones do)."""
    import openpyxl
    from make_returns import month_label

    wb = openpyxl.load_workbook(full)
    for ws in wb.worksheets:
        if ws.title == "Settings":
            ws["B3"] = month_label(fy, rep)
            continue
        for row in ws.iter_rows(min_row=12, max_row=ws.max_row, min_col=3 + rep, max_col=13):
            for cell in row:
                if isinstance(cell.value, (int, float)) or (
                    isinstance(cell.value, str) and cell.value[:1].isdigit()
                ):
                    cell.value = None
    wb.save(out)


def build(folder: Path, n: int, disagree: bool = False) -> Path:
    """24 monthly returns (2014/15, 2015/16) of one partnership and its December 2016 return.
    `disagree`: each month generated afresh, so nearly every figure is a revision (worst case)."""
    from make_returns import make_return

    hist = folder / "history"
    hist.mkdir(parents=True)
    for fy in (2014, 2015):
        full = make_return(folder / f"full {fy}.xlsx", 0, n_indicators=n, fy=fy, rep=11)
        for rep in range(12):
            out = hist / f"return {fy}-{rep:02d}.xlsx"
            if disagree:
                make_return(out, 0, n_indicators=n, fy=fy, rep=rep)
            else:
                _cut(full, out, fy, rep)
    return make_return(folder / "return 2016-12.xlsx", 0, n_indicators=n, fy=2016, rep=8)


def timed(ret: Path, out: Path, history: Path | None) -> tuple[float, object]:
    from csp_excel import service
    from csp_excel.core.model import Settings

    settings = Settings(source="options", history_folder=str(history)) if history else None
    start = time.perf_counter()
    result = service.fill_file(ret, out, force=True, settings=settings)
    return time.perf_counter() - start, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--indicators", type=int, default=30)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--disagree", action="store_true", help="every month a revision")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["CSP_EXCEL_CACHE_DIR"] = str(folder / "cache")
        ret = build(folder, args.indicators, args.disagree)
        out = folder / "out.xlsx"
        base = min(timed(ret, out, None)[0] for _ in range(args.runs))
        cold = []
        for _ in range(args.runs):
            (folder / "cache" / "history.sqlite3").unlink(missing_ok=True)
            cold.append(timed(ret, out, folder / "history")[0])
        warm = [timed(ret, out, folder / "history")[0] for _ in range(args.runs)]
        _, result = timed(ret, out, folder / "history")
        codes = [f.code for f in result.findings]  # type: ignore[attr-defined]
        size = (folder / "cache" / "history.sqlite3").stat().st_size
        print(f"one return, {args.indicators} indicators, 24-file history (best of {args.runs}):")
        print(f"  no history        {base:6.2f} s")
        print(f"  history, cold     {min(cold):6.2f} s  (empty store: 24 files read)")
        print(f"  history, warm     {min(warm):6.2f} s  (store filled: sha256 only)")
        print(f"  store size        {size / 1024:6.0f} KiB")
        print(f"  findings: HISTORY {codes.count('HISTORY')}, REVISED {codes.count('REVISED')}")


if __name__ == "__main__":
    main()
