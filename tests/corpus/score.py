"""Print the corpus score: figures right / total, sheet states, targets, silent blanks.

Run: `.venv/bin/python tests/corpus/score.py [-v]` (rebuilds the corpus in a temporary folder
first, so it always scores what build_corpus.py writes). `-v` lists every problem: the to-do list.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from build_corpus import build_all  # noqa: E402
from corpus_eval import Report, evaluate  # noqa: E402


def score(verbose: bool = False) -> list[Report]:
    reports: list[Report] = []
    with tempfile.TemporaryDirectory() as tmp:
        for case, data in build_all():
            path = Path(tmp) / case.file
            path.write_bytes(data)
            start = time.perf_counter()
            rep = evaluate(case, path)
            ms = (time.perf_counter() - start) * 1000
            reports.append(rep)
            print(f"{case.file:38} {rep.status:9} figures {rep.right:4}/{rep.total:<4} "
                  f"sheets {rep.states_right}/{rep.states_total} "
                  f"targets {rep.targets_right}/{rep.targets_total} "
                  f"findings {rep.findings_right}/{rep.findings_total} "
                  f"silent {len(rep.silent):3}  {ms:5.0f} ms")  # fmt: skip
            if verbose:
                for p in rep.problems:
                    print(f"    - {p}")
                if rep.silent:
                    shown = ", ".join(rep.silent[:8])
                    more = f" (+{len(rep.silent) - 8} more)" if len(rep.silent) > 8 else ""
                    print(f"    - silent blanks: {shown}{more}")
    right, total = sum(r.right for r in reports), sum(r.total for r in reports)
    st_r, st_t = sum(r.states_right for r in reports), sum(r.states_total for r in reports)
    tg_r, tg_t = sum(r.targets_right for r in reports), sum(r.targets_total for r in reports)
    fd_r, fd_t = sum(r.findings_right for r in reports), sum(r.findings_total for r in reports)
    silent = sum(len(r.silent) for r in reports)
    print(f"\nTOTAL figures right {right} / {total} ({right / max(total, 1):.1%}); "
          f"sheet states {st_r} / {st_t}; targets+polarity {tg_r} / {tg_t}; "
          f"expected findings {fd_r} / {fd_t}; "
          f"silent blanks {silent}")  # fmt: skip
    return reports


if __name__ == "__main__":
    score(verbose="-v" in sys.argv)
