"""Running bulk tasks in worker processes: fill / validate results and tidy rows, in input order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..core.model import Settings
from ..errors import UsageError
from ..service import FileResult
from .plan import plan
from .pool import execute
from .run_history import with_run_history
from .spill import Spill, SpilledItem
from .worker import BulkItem, Task, crashed, process, process_tidy


def run_bulk(
    files: list[Path],
    out_dir: Path | None = None,
    workers: int | None = None,
    force: bool = False,
    keep_layout: bool = False,
    mode: str = "fill",
    progress: Callable[[FileResult], None] | None = None,
    *,
    base: Path | None = None,
    settings: Settings | None = None,
    worker: Callable[[Task], BulkItem] = process,
) -> list[BulkItem]:
    """Fill (or validate) every file in worker processes; results in input order.

    `workers` defaults to the CPU count; 1 runs in this process (for debugging). `progress` is
    called in this process after each file. `worker` is replaceable for tests only. Each file's
    findings and indicator records go to a temporary store as the file finishes (`spill`): the
    items returned hold only names, status and counts, and load the rest when it is read.
    """
    if mode not in ("fill", "validate"):
        raise UsageError(f"unknown bulk mode {mode!r}")
    tasks = plan(files, out_dir, mode, force, keep_layout, base, settings)
    n = min(workers or os.cpu_count() or 1, max(1, len(tasks)))
    tasks = with_run_history(tasks, n)  # each return's earlier returns in the run
    store = Spill()
    results: list[BulkItem | None] = [None] * len(tasks)
    for i, item in execute(tasks, n, worker, crashed):
        if progress is not None:
            progress(item)
        results[i] = SpilledItem(item, store)
    return [
        r if r is not None else SpilledItem(crashed(t), store)
        for r, t in zip(results, tasks, strict=True)
    ]


def bulk_tidy(
    files: list[Path],
    workers: int | None = None,
    progress: Callable[[FileResult], None] | None = None,
    *,
    base: Path | None = None,
    settings: Settings | None = None,
    failures: list[FileResult] | None = None,
) -> Iterator[dict[str, Any]]:
    """Tidy rows (SPEC section 10) for every file, read in worker processes, in input order.

    Failed files yield no rows and are appended to `failures`; `progress` hears about every
    file. Rows of files finished early wait in memory only until the files before them are done.
    """
    tasks = plan(files, None, "tidy", False, False, base, settings)
    n = min(workers or os.cpu_count() or 1, max(1, len(tasks)))
    tasks = with_run_history(tasks, n)
    ready: dict[int, list[dict[str, Any]]] = {}
    nxt = 0
    for i, (item, rows) in execute(tasks, n, process_tidy, lambda t, d: (crashed(t, d), [])):
        if progress is not None:
            progress(item)
        if failures is not None and item.failed:
            failures.append(item)
        ready[i] = rows
        while nxt in ready:
            yield from ready.pop(nxt)
            nxt += 1
