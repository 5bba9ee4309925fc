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
from dataclasses import dataclass, field
from pathlib import Path

from ..core.history_figures import Earlier, Figure, norm
from ..core.model import Settings
from ..filekind import not_a_file
from ..history_store import Entry, Store, file_sha256
from ..service_history import HistoryFolder, load_folder, read_entry, variant_of
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


def _entries(tasks: list[Task], workers: int, store: Store) -> _Run:
    """Every file that could be hashed: its sha256, reporting month and partnerships. Its
    figures stay in the store (fetched when a task that may borrow them is built), so the
    parent does not hold every return's figures at once; only those the store could not
    keep (an unwritable cache) stay in memory."""
    run = _Run(tasks, {}, {})
    missing: list[int] = []
    for i, t in enumerate(tasks):
        if not_a_file(Path(t.path)) is not None:
            continue  # a pipe or device is never opened (the fill says why it is skipped)
        try:
            run.shas[i] = file_sha256(Path(t.path))
        except OSError:
            continue  # the fill says why the file cannot be opened
        found = store.get(run.shas[i], variant_of(_reading(t.settings)))
        if found is None:
            missing.append(i)
        else:
            run.keep(i, found, stored=True)
    todo = [tasks[i] for i in missing]
    for j, entry in execute(todo, min(workers, max(1, len(todo))), figures_of, _unread):
        i = missing[j]
        stored = entry.error != "it could not be read" and store.put(  # a crash: not kept
            run.shas[i], variant_of(_reading(tasks[i].settings)), entry
        )
        run.keep(i, entry, stored)
    return run


def _partnerships(figures: tuple[Figure, ...]) -> frozenset[str]:
    return frozenset(p for p in (norm(f.partnership) for f in figures) if p)


@dataclass
class _Run:
    """What the parent knows of the run: each file's sha256, month and partnerships (its
    figures in the store, or in `held` when the store could not keep them), and the
    --history folder read once (its figures from the store)."""

    tasks: list[Task]
    shas: dict[int, str]
    entries: dict[int, Entry]  # figures left out: see figures_of_entry
    who: dict[int, frozenset[str]] = field(default_factory=dict)
    held: dict[int, tuple[Figure, ...]] = field(default_factory=dict)
    store: Store | None = None
    folder: HistoryFolder | None = None
    folder_who: dict[str, frozenset[str]] = field(default_factory=dict)

    def keep(self, i: int, entry: Entry, stored: bool) -> None:
        self.who[i] = _partnerships(entry.figures)
        self.entries[i] = Entry(entry.as_of, (), entry.error)
        if not stored:
            self.held[i] = entry.figures

    def figures(self, i: int) -> tuple[Figure, ...]:
        """Return i's figures: from memory, the store, or (if the store lost them) its file."""
        if i in self.held:
            return self.held[i]
        settings = _reading(self.tasks[i].settings)
        found = self.store.get(self.shas[i], variant_of(settings)) if self.store else None
        if found is None:
            found = figures_of(self.tasks[i])
        return found.figures


def _earlier_of(i: int, run: _Run) -> HistoryFolder | None:
    """The returns of the run that may lend to return `i` (module docstring), and the part of
    the --history folder of its partnership, or None."""
    own = run.entries.get(i)
    if own is None or own.error or own.as_of is None:
        return None
    who = run.who[i]
    out = HistoryFolder(Path(run.tasks[i].path).parent)
    for j, e in run.entries.items():
        if (j == i or e.error or e.as_of is None or e.as_of >= own.as_of
                or run.shas[j] == run.shas[i] or not who & run.who[j]):  # fmt: skip
            continue
        out.earlier.append(Earlier(run.tasks[j].label, e.as_of, run.figures(j)))
        out.shas[run.tasks[j].label] = run.shas[j]
    if run.folder is not None:  # as load_folder gives it, less what merge_history never uses
        f = run.folder
        mine = [e for e in f.earlier if who & run.folder_who[e.file]
                and (e.as_of is None or e.as_of <= own.as_of)]  # fmt: skip
        part = HistoryFolder(f.folder, mine, f.findings, {e.file: f.shas[e.file] for e in mine})
        out.preloaded[str(f.folder)] = part
    return out if out.earlier or out.preloaded else None


def _history_folder(tasks: list[Task]) -> Path | None:
    """The --history folder the run's settings give (absolute), when it is one."""
    named = tasks[0].settings.history_folder if tasks[0].settings else None
    folder = Path(named) if named else None
    return folder if folder is not None and folder.is_absolute() and folder.is_dir() else None


def with_run_history(tasks: list[Task], workers: int) -> list[Task]:
    """`tasks`, each carrying the earlier returns of its partnership in the run (and its part
    of the --history folder, read here once instead of once per return)."""
    if len(tasks) < 2:
        return tasks
    store = Store()
    try:
        run = _entries(tasks, workers, store)
        run.store = store
        folder = _history_folder(tasks)
        if folder is not None:
            run.folder = load_folder(folder, tasks[0].settings, store)
        if run.folder is not None:
            run.folder_who = {e.file: _partnerships(e.figures) for e in run.folder.earlier}
        return [dataclasses.replace(t, earlier=_earlier_of(i, run)) for i, t in enumerate(tasks)]
    finally:
        store.close()
