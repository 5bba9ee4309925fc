"""Build the corpus of real layouts: returns modelled on the five reference reports.

Run: `.venv/bin/python tests/corpus/build_corpus.py` (writes tests/corpus/*.xlsx,
deterministically: a rebuild gives identical bytes; tests/test_corpus.py checks that).

Each `build_*` function (corpus_bd.py, corpus_layouts.py) writes one workbook in one layout class
and returns the `Case` that says what a correct reader must find in it. Figures come from
corpus_raw.py; derived rows typed into the returns (YTD, % change, R12, rate) are computed by the
builders from those raw figures, as an analyst would. README.md lists the layouts.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from corpus_bd import (  # noqa: E402
    build_bd_as_published,
    build_bd_dates_gaps,
    build_bd_long_headers,
    build_bd_no_settings,
    build_bd_offset,
    build_bd_overrides,
    build_bd_percentages,
    build_bd_stacked,
    build_bd_text_cells,
    build_bd_three_years,
)
from corpus_cases import Case  # noqa: E402
from corpus_layouts import (  # noqa: E402
    build_guide_baselines,
    build_lei_side_by_side,
    build_lei_stacked,
    build_ply_as_published,
    build_ply_cumulative,
    build_ply_monthly,
    build_ply_quarterly,
    build_red_fy_years,
    build_red_summary,
)
from corpus_xl import Figure, deterministic_bytes, new_workbook  # noqa: E402
from openpyxl import Workbook  # noqa: E402

BUILDERS: list[Callable[[Workbook, list[Figure]], Case]] = [
    build_bd_offset,
    build_bd_dates_gaps,
    build_bd_long_headers,
    build_bd_no_settings,
    build_bd_percentages,
    build_bd_text_cells,
    build_bd_stacked,
    build_bd_overrides,
    build_ply_monthly,
    build_ply_quarterly,
    build_ply_cumulative,
    build_lei_side_by_side,
    build_lei_stacked,
    build_red_summary,
    build_red_fy_years,
    build_guide_baselines,
    build_bd_as_published,
    build_ply_as_published,
    build_bd_three_years,
]


def build_all() -> list[tuple[Case, bytes]]:
    """Every corpus return: its expectations and its bytes."""
    out: list[tuple[Case, bytes]] = []
    for builder in BUILDERS:
        wb, figs = new_workbook(), []
        case = builder(wb, figs)
        case.figures = figs
        out.append((case, deterministic_bytes(wb, f"csp-excel corpus: {case.file}")))
    return out


def cases() -> list[Case]:
    return [c for c, _ in build_all()]


def main() -> None:
    for case, data in build_all():
        (HERE / case.file).write_bytes(data)
        print(f"wrote tests/corpus/{case.file}  ({case.layout.split(';')[0]})")


if __name__ == "__main__":
    main()
