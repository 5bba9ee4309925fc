"""The time of a folder fill whose returns are each other's history (issue #14, no --history).

Builds the 24 monthly returns of benchmarks/history.py (one partnership, 2014/15 and 2015/16, 30
indicators each) in one folder and times `csp-excel fill FOLDER --out OUT --workers W` in a fresh
process: cold (empty history store: each file read for its figures, then filled) and warm (the
store holds every file's figures: each file hashed once, then filled). Not part of the test
suite; not asserted.

    .venv/bin/python benchmarks/history_folder.py [--indicators 30] [--workers 2] [--runs 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def fill(folder: Path, out: Path, workers: int, env: dict[str, str]) -> tuple[float, str]:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "csp_excel", "fill", str(folder), "--out", str(out),
           "--workers", str(workers)]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    from history import build

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--indicators", type=int, default=30)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        build(base, args.indicators)
        folder, out, cache = base / "history", base / "out", base / "cache"
        env = {**os.environ, "CSP_EXCEL_CACHE_DIR": str(cache),
               "PYTHONPATH": str(ROOT)}  # fmt: skip
        cold, warm, said = [], [], ""
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(fill(folder, out, args.workers, env)[0])
            seconds, stdout = fill(folder, out, args.workers, env)
            warm.append(seconds)
            said = next((ln for ln in stdout.splitlines() if "earlier returns" in ln), "")
        n = len(list(folder.glob("*.xlsx")))
        print(f"fill FOLDER of {n} returns, {args.indicators} indicators, "
              f"{args.workers} workers (best of {args.runs}):")  # fmt: skip
        print(f"  cold  {min(cold):6.2f} s  (empty store)")
        print(f"  warm  {min(warm):6.2f} s  (store filled)")
        print(f"  the run said: {said}")


if __name__ == "__main__":
    main()
