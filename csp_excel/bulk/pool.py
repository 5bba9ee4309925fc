"""The worker processes of bulk conversion: a pool fed a few files at a time, crash isolation.

Files are handed to the pool a few at a time so memory stays flat with folder size. A worker
process that dies outright breaks the pool; the files in flight are then retried one at a time so
only the file that kills a worker on its own is lost.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..lifeline import worker_init
from .worker import Task

WINDOW_PER_WORKER = 3  # files in flight per worker: enough to keep cores busy, small enough for RAM


def _context() -> Any:
    """'spawn' everywhere: the same behaviour as Windows, and safe next to rich's refresh thread."""
    return multiprocessing.get_context("spawn")


def execute(
    tasks: list[Task],
    workers: int,
    fn: Callable[[Task], Any],
    on_crash: Callable[[Task, str | None], Any],
) -> Iterator[tuple[int, Any]]:
    """Yield (task index, result) as tasks finish, at most `workers * WINDOW` in flight.

    When a worker dies the pool breaks and every task in flight fails with it; those are then
    retried one at a time in a single-worker pool, so only a file that kills a worker on its own
    is lost (marked with `on_crash(task, None)`); the rest carry on in a fresh pool.
    """
    if workers <= 1:
        for i, task in enumerate(tasks):
            yield i, fn(task)
        return
    queue = list(range(len(tasks)))
    while queue:
        suspects: list[int] = []
        rest: list[int] = []
        yield from _pool_pass(tasks, queue, workers, fn, on_crash, suspects, rest)
        while suspects:  # one at a time: a file that still kills its worker alone is the culprit
            culprit: list[int] = []
            later: list[int] = []
            yield from _pool_pass(tasks, suspects, 1, fn, on_crash, culprit, later, window=1)
            for i in culprit:
                yield i, on_crash(tasks[i], None)
            suspects = later
        queue = rest


def _pool_pass(
    tasks: list[Task],
    order: list[int],
    workers: int,
    fn: Callable[[Task], Any],
    on_crash: Callable[[Task, str | None], Any],
    suspects: list[int],
    rest: list[int],
    window: int | None = None,
) -> Iterator[tuple[int, Any]]:
    """One pool's life: feed `order` through it until done or broken (then fill suspects/rest)."""
    todo = iter(order)
    window = window or max(1, workers) * WINDOW_PER_WORKER
    pending: dict[Future[Any], int] = {}
    broken = False
    ex = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=worker_init,  # workers die with this process and clean up their temp files
        initargs=(os.getpid(),),
    )
    try:
        while True:
            while not broken and len(pending) < window:
                nxt = next(todo, None)
                if nxt is None:
                    break
                try:
                    pending[ex.submit(fn, tasks[nxt])] = nxt
                except BrokenProcessPool:
                    suspects.append(nxt)
                    broken = True
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                i = pending.pop(fut)
                try:
                    result = fut.result()
                except BrokenProcessPool:
                    suspects.append(i)
                    broken = True
                    continue
                except Exception as e:  # noqa: BLE001 - e.g. a result that cannot be pickled
                    result = on_crash(tasks[i], f"{type(e).__name__}: {e}")
                yield i, result
        rest.extend(todo)
    except BaseException:
        ex.shutdown(wait=False, cancel_futures=True)
        raise
    ex.shutdown(wait=True)
