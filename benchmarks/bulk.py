"""Bulk conversion benchmark (SPEC section 9): is a folder of hundreds of returns a minute or two,
does it scale with cores, and does memory stay flat with folder size?

    .venv/bin/python benchmarks/bulk.py [--count 500] [--sample 50] [--workers N]

Generates `count` 30-indicator returns once (cached under the temp dir by size and seed), then
measures:
  - per-return time with 1 worker, in process (fill, and validate only), over a sample;
  - wall time for the whole folder with all cores, and parallel efficiency
    (t1 * N) / (cores * wall);
  - peak RSS per worker (reported by each worker per file), for 100 files and for all files;
  - writing summary.xlsx and comparison.xlsx for the whole folder;
  - the floor: the same sample read by openpyxl (read-only, every cell) and by python-calamine.
Prints a table and writes benchmarks/results.json. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from make_returns import make_folder  # noqa: E402

from csp_excel.bulk import run_bulk, write_reports  # noqa: E402


def returns_folder(count: int, indicators: int, seed: int) -> Path:
    """The cached folder of generated returns (made on first use)."""
    folder = (
        Path(tempfile.gettempdir()) / "csp-excel-bench" / f"returns-{count}x{indicators}-s{seed}"
    )
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        make_folder(folder, count, indicators, seed)
        marker.write_text(f"{time.perf_counter() - start:.1f}")
        print(f"generated {count} returns in {marker.read_text()} s -> {folder}")
    return folder


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.xlsx"))


def _fill_available() -> bool:
    try:
        import csp_excel.writers.workbook  # noqa: F401
    except ImportError:
        return False
    return True


def time_in_process(files: list[Path], mode: str, out: Path) -> float:
    """Seconds per return with one worker, in this process."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    results = run_bulk(files, out_dir=out, workers=1, force=True, mode=mode)
    wall = time.perf_counter() - start
    failed = [r for r in results if r.failed]
    if failed:
        print(f"  warning: {len(failed)} failed, e.g. {failed[0].findings[0].message}")
    return wall / len(files)


def time_pool(files: list[Path], mode: str, out: Path, workers: int) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    items = run_bulk(files, out_dir=out, workers=workers, force=True, mode=mode)
    wall = time.perf_counter() - start
    rss = [i.peak_rss_kb for i in items if i.peak_rss_kb]
    return {
        "files": len(files),
        "wall_s": round(wall, 2),
        "per_file_ms": round(wall / len(files) * 1000, 1),
        "failed": sum(1 for i in items if i.failed),
        "worker_peak_rss_mb_max": round(max(rss) / 1024, 1) if rss else None,
        "worker_peak_rss_mb_min": round(min(rss) / 1024, 1) if rss else None,
        "items": items,
    }


def floor_openpyxl(files: list[Path]) -> float:
    import openpyxl

    start = time.perf_counter()
    for f in files:
        wb = openpyxl.load_workbook(f, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                for _ in row:
                    pass
        wb.close()
    return (time.perf_counter() - start) / len(files)


def floor_calamine(files: list[Path]) -> float:
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    for f in files:
        wb = CalamineWorkbook.from_path(str(f))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()
    return (time.perf_counter() - start) / len(files)


def main() -> None:
    ap = argparse.ArgumentParser(description="csp-excel bulk benchmark")
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--small", type=int, default=100, help="the smaller folder for memory growth")
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--indicators", type=int, default=30)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, default=HERE / "results.json")
    args = ap.parse_args()

    folder = returns_folder(args.count, args.indicators, args.seed)
    files = _files(folder)
    sample = files[: args.sample]
    mode = "fill" if _fill_available() else "validate"
    if mode != "fill":
        print("note: csp_excel.writers.workbook is not there yet; timing validate mode only")
    cores = args.workers
    work = Path(tempfile.mkdtemp(prefix="csp-bench-out-"))
    try:
        print(f"{len(files)} returns x {args.indicators} indicators, {cores} workers, mode {mode}")
        t_validate = time_in_process(sample, "validate", work / "v1")
        t1 = time_in_process(sample, mode, work / "f1")
        small = time_pool(files[: args.small], mode, work / "small", cores)
        full = time_pool(files, mode, work / "full", cores)
        efficiency = (t1 * len(files)) / (cores * full["wall_s"])
        start = time.perf_counter()
        problems = write_reports(full["items"], work / "reports", force=True)
        t_reports = time.perf_counter() - start
        f_openpyxl = floor_openpyxl(sample)
        f_calamine = floor_calamine(sample)
        parent_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finally:
        shutil.rmtree(work, ignore_errors=True)

    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },  # fmt: skip
        "count": len(files),
        "indicators_per_return": args.indicators,
        "workers": cores,
        "mode": mode,
        "per_return_ms_1_worker": round(t1 * 1000, 1),
        "per_return_ms_validate_only": round(t_validate * 1000, 1),
        "wall_s_all_files": full["wall_s"],
        "parallel_efficiency": round(efficiency, 2),
        "failed_files": full["failed"],
        "worker_peak_rss_mb": {
            f"{small['files']}_files": small["worker_peak_rss_mb_max"],
            f"{full['files']}_files": full["worker_peak_rss_mb_max"],
            "smallest_reported": full["worker_peak_rss_mb_min"],
        },
        "parent_peak_rss_mb": round(parent_rss, 1),
        "summary_and_comparison_s": round(t_reports, 2),
        "report_problems": [p.findings[0].message for p in problems],
        "floor_ms_per_return": {
            "openpyxl_read_only": round(f_openpyxl * 1000, 1),
            "python_calamine": round(f_calamine * 1000, 1),
        },
        "wall_s_small_folder": small["wall_s"],
    }
    rows = [
        ("returns", f"{len(files)} x {args.indicators} indicators"),
        (f"per return, 1 worker ({mode})", f"{results['per_return_ms_1_worker']} ms"),
        ("per return, validate only", f"{results['per_return_ms_validate_only']} ms"),
        (f"all files, {cores} workers", f"{full['wall_s']} s ({full['per_file_ms']} ms/file)"),
        (f"{small['files']} files, {cores} workers", f"{small['wall_s']} s"),
        ("parallel efficiency", f"{results['parallel_efficiency']:.2f}"),
        (f"worker peak RSS, {small['files']} files", f"{small['worker_peak_rss_mb_max']} MB"),
        (f"worker peak RSS, {full['files']} files", f"{full['worker_peak_rss_mb_max']} MB"),
        ("parent peak RSS", f"{results['parent_peak_rss_mb']} MB"),
        ("summary + comparison", f"{results['summary_and_comparison_s']} s"),
        ("floor: openpyxl read-only", f"{results['floor_ms_per_return']['openpyxl_read_only']} ms"),
        ("floor: python-calamine", f"{results['floor_ms_per_return']['python_calamine']} ms"),
    ]
    width = max(len(k) for k, _ in rows)
    print()
    for k, v in rows:
        print(f"  {k:<{width}}  {v}")
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
