"""How often the grid rows are resolved while `fill` runs over the bundled samples.

Analysis resolves each indicator's rows once and hands them to calc, the rules, the SPC-outlier
locator and the writers (issue #11); this counts the calls to `resolve_rows` during
`service.fill_file` of every samples/*.xlsx (a new workbook and a --keep-layout copy) and prints
"N calls for M indicators". Anything above one per indicator means a part resolves them again.

    .venv/bin/python benchmarks/row_resolution.py [--keep-layout] [FILES...]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# every module that may hold a reference to resolve_rows, loaded before it is wrapped
MODULES = (
    "csp_excel.service",
    "csp_excel.core.analysis",
    "csp_excel.writers.workbook",
    "csp_excel.writers.placement.package",
    "csp_excel.writers.indicator.layout",
)


@contextmanager
def counting_resolutions() -> Iterator[list[int]]:
    """Wrap `resolve_rows` wherever a csp_excel module refers to it; yields [count]."""
    for name in MODULES:
        importlib.import_module(name)
    from csp_excel.core import rows

    original: Callable[..., Any] = rows.resolve_rows
    count = [0]

    def counted(*args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return original(*args, **kwargs)

    holders = [m for n, m in list(sys.modules.items())
               if n.startswith("csp_excel") and getattr(m, "resolve_rows", None) is original]  # fmt: skip
    for m in holders:
        m.resolve_rows = counted  # type: ignore[attr-defined]
    try:
        yield count
    finally:
        for m in holders:
            m.resolve_rows = original  # type: ignore[attr-defined]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--keep-layout", action="store_true", help="fill a copy in the return's layout")
    args = ap.parse_args()
    files = args.files or sorted((ROOT / "samples").glob("*.xlsx"))
    from csp_excel import service

    indicators = 0
    with counting_resolutions() as count, tempfile.TemporaryDirectory() as tmp:
        for path in files:
            out = Path(tmp) / (path.stem + ".filled.xlsx")
            result = service.fill_file(path, out, force=True, keep_layout=args.keep_layout)
            indicators += len(result.results)
    per = count[0] / max(indicators, 1)
    print(f"{count[0]} calls for {indicators} indicators ({per:.1f} per indicator)")


if __name__ == "__main__":
    main()
