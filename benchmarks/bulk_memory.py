"""Parent memory of a bulk run against folder size (issue #13): does it stay flat?

    .venv/bin/python benchmarks/bulk_memory.py --sizes 100 300 [--mode fill] [--workers 2]

For each size, a fresh child process runs the bulk command's own path (`run_bulk` on the first N
of a cached folder of generated 30-indicator returns, then `write_reports` for summary.xlsx and
comparison.xlsx) and reports its peak resident memory (`ru_maxrss`, RUSAGE_SELF: the parent alone,
not its workers), also as it was before the reports were written. A fresh process per size, so one size's peak never hides another's.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def child(folder: Path, n: int, mode: str, workers: int) -> None:
    from csp_excel.bulk import run_bulk, write_reports

    files = sorted(folder.glob("*.xlsx"))[:n]
    out = Path(tempfile.mkdtemp(prefix="csp-bulkmem-"))
    start = time.perf_counter()
    items = run_bulk(files, out_dir=out, workers=workers, force=True, mode=mode)
    after_run = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    problems = write_reports(items, out, force=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    failed = sum(1 for i in items if i.failed)
    shutil.rmtree(out, ignore_errors=True)
    print(json.dumps({"files": n, "parent_peak_rss_mb": round(peak, 1),
                      "peak_before_reports_mb": round(after_run, 1), "failed": failed,
                      "report_problems": len(problems),
                      "seconds": round(time.perf_counter() - start, 1)}))  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 300])
    ap.add_argument("--mode", default="fill", choices=["fill", "validate"])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        child(args.folder, args.child, args.mode, args.workers)
        return
    from bulk import returns_folder

    folder = returns_folder(max(args.sizes), 30, args.seed)
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--child", str(n), "--folder", str(folder),
               "--mode", args.mode, "--workers", str(args.workers)]  # fmt: skip
        print(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
