"""A folder run is its own history: each return borrows from the earlier returns of its
partnership in the same run, with no extra option (issue #14).

Why here: the parent knows every file of the run, so each file is hashed once and its figures
taken from the history store, or read once in a worker and kept there; a worker filling a
return is then handed the figures it may borrow instead of re-reading (or re-hashing) the folder.
Only a strictly earlier reporting month of the same partnership lends: two returns of one month
(e.g. two copies of a return) never borrow from each other, and a later one never lends.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..core.history_figures import Earlier, norm
from ..core.model import Settings
from ..filekind import not_a_file
from ..history_store import Entry, Store, file_sha256
from ..service_history import HistoryFolder, read_entry, variant_of
from .pool import execute
from .worker import Task


def _reading(settings: Settings | None) -> Settings | None:
    """The settings a run's return is read with for its figures: as the fill reads it, without
    a history folder (the figures are the file's own)."""
    return dataclasses.replace(settings, history_folder=None) if settings else None


def figures_of(task: Task) -> Entry:
    """Worker entry: one return of the run as figures (never raises)."""
    return read_entry(Path(task.path), _reading(task.settings))


def _unread(task: Task, detail: str | None) -> Entry:
    return Entry(None, (), "it could not be read")


def _entries(tasks: list[Task], workers: int,
             store: Store) -> tuple[dict[int, str], dict[int, Entry]]:  # fmt: skip
    """(task index -> sha256, task index -> figures) for every file that could be hashed."""
    shas: dict[int, str] = {}
    entries: dict[int, Entry] = {}
    missing: list[int] = []
    for i, t in enumerate(tasks):
        if not_a_file(Path(t.path)) is not None:
            continue  # a pipe or device is never opened (the fill says why it is skipped)
        try:
            shas[i] = file_sha256(Path(t.path))
        except OSError:
            continue  # the fill says why the file cannot be opened
        found = store.get(shas[i], variant_of(_reading(t.settings)))
        if found is None:
            missing.append(i)
        else:
            entries[i] = found
    todo = [tasks[i] for i in missing]
    for j, entry in execute(todo, min(workers, max(1, len(todo))), figures_of, _unread):
        i = missing[j]
        entries[i] = entry
        if entry.error != "it could not be read":  # a crash is not remembered
            store.put(shas[i], variant_of(_reading(tasks[i].settings)), entry)
    return shas, entries


def _partnerships(entry: Entry) -> set[str]:
    return {p for p in (norm(f.partnership) for f in entry.figures) if p}


def _earlier_of(i: int, tasks: list[Task], shas: dict[int, str],
                entries: dict[int, Entry]) -> HistoryFolder | None:  # fmt: skip
    """The returns of the run that may lend to return `i` (module docstring), or None."""
    own = entries.get(i)
    if own is None or own.error or own.as_of is None:
        return None
    who = _partnerships(own)
    out = HistoryFolder(Path(tasks[i].path).parent)
    for j, e in entries.items():
        if (j == i or e.error or e.as_of is None or e.as_of >= own.as_of
                or shas[j] == shas[i] or not who & _partnerships(e)):  # fmt: skip
            continue
        out.earlier.append(Earlier(tasks[j].label, e.as_of, e.figures))
        out.shas[tasks[j].label] = shas[j]
    return out if out.earlier else None


def with_run_history(tasks: list[Task], workers: int) -> list[Task]:
    """`tasks`, each carrying the earlier returns of its partnership in the run."""
    if len(tasks) < 2:
        return tasks
    store = Store()
    try:
        shas, entries = _entries(tasks, workers, store)
    finally:
        store.close()
    return [dataclasses.replace(t, earlier=_earlier_of(i, tasks, shas, entries))
            for i, t in enumerate(tasks)]  # fmt: skip
