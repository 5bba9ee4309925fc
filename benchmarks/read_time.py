"""Validate time per return (reading, computing, checking; nothing written).

Generates `--count` returns of `--indicators` indicators (benchmarks/make_returns.py), then runs
`service.analyse_file` over them `--repeat` times and prints the median CPU time and wall time per
return. CPU time is quoted because shared machines make wall time noisy.

    .venv/bin/python benchmarks/read_time.py --count 10 --indicators 30
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_returns import make_folder  # noqa: E402

from csp_excel import service  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--indicators", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="csp-read-"))
    make_folder(folder, args.count, seed=args.seed, n_indicators=args.indicators)
    files = sorted(folder.glob("*.xlsx"))
    for f in files[:2]:
        service.analyse_file(f)  # warm caches and imports
    cpu, wall = [], []
    for _ in range(args.repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        for f in files:
            service.analyse_file(f)
        cpu.append((time.process_time() - c0) / len(files))
        wall.append((time.perf_counter() - w0) / len(files))
    print(
        f"{len(files)} returns x {args.indicators} indicators: validate per return "
        f"CPU {statistics.median(cpu) * 1000:.1f} ms (min {min(cpu) * 1000:.1f}), "
        f"wall {statistics.median(wall) * 1000:.1f} ms ({Path(service.__file__).parent})"
    )


if __name__ == "__main__":
    main()
