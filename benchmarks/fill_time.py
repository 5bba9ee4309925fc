"""Fill time per return (read, compute, write the filled workbook), issue #13.

Generates `--count` returns of `--indicators` indicators (benchmarks/make_returns.py) once, then
runs `service.fill_file` over them `--repeat` times and prints the median CPU time and wall time
per return. CPU time is quoted because shared machines make wall time noisy. `--write-only` times
the writer alone (`writers.workbook.build_workbook` on an already analysed return).

    .venv/bin/python benchmarks/fill_time.py --count 5 --indicators 30 --repeat 7

To compare with an older checkout, run the same script with `PYTHONPATH=/path/to/old/checkout`
(the returns are cached under the temp dir by size and seed, so both see the same files).
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


def _folder(count: int, indicators: int, seed: int) -> list[Path]:
    folder = Path(tempfile.gettempdir()) / "csp-excel-bench" / f"fill-{count}x{indicators}-s{seed}"
    marker = folder / ".complete"
    if not marker.exists():
        make_folder(folder, count, seed=seed, n_indicators=indicators)
        marker.write_text("ok")
    return sorted(folder.glob("*.xlsx"))


def _one_pass(files: list[Path], out: Path, write_only: bool) -> tuple[float, float]:
    """(CPU, wall) seconds per return for one pass over `files`."""
    from csp_excel.writers.workbook import build_workbook

    analysed = [service.analyse_file(f) for f in files] if write_only else []
    c0, w0 = time.process_time(), time.perf_counter()
    for k, f in enumerate(files):
        target = out / f"{f.stem} filled.xlsx"
        if write_only:
            r = analysed[k]
            assert r.ret is not None
            build_workbook(r.ret, r.results, r.findings, target)
        else:
            res = service.fill_file(f, target, force=True)
            assert not res.failed, res.findings
    return (time.process_time() - c0) / len(files), (time.perf_counter() - w0) / len(files)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=5)
    ap.add_argument("--indicators", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--write-only", action="store_true", help="time the writer alone")
    args = ap.parse_args()
    files = _folder(args.count, args.indicators, args.seed)
    out = Path(tempfile.mkdtemp(prefix="csp-fill-"))
    _one_pass(files[:2], out, args.write_only)  # warm imports and caches
    runs = [_one_pass(files, out, args.write_only) for _ in range(args.repeat)]
    cpu, wall = [r[0] for r in runs], [r[1] for r in runs]
    what = "write" if args.write_only else "fill"
    print(
        f"{len(files)} returns x {args.indicators} indicators: {what} per return "
        f"CPU {statistics.median(cpu) * 1000:.1f} ms (min {min(cpu) * 1000:.1f}), "
        f"wall {statistics.median(wall) * 1000:.1f} ms ({Path(service.__file__).parent})"
    )


if __name__ == "__main__":
    main()
