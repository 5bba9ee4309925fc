"""A bulk run's finished files kept on disk, not in the parent's memory (issue #13).

Why: `--json`, the summary's Findings sheet and comparison.xlsx need every file's findings and
per-indicator records, and holding them all made the parent grow by ~9 MB per 100 files. Each
finished file's findings and records are written (pickled) to one temporary file as the file
arrives; the parent keeps only a `SpilledItem` per file: its name, status, counts and where its
heavy parts lie. Reading `item.findings` / `item.indicators` loads them back for that moment
only (never cached), so every reader streams, in the input order it iterates in. Each indicator
record is pickled on its own, so comparison.xlsx can read one indicator of every file at a time
(`indicator_record`) without loading the file's other indicators.

The store is an anonymous temporary file (`tempfile.TemporaryFile`, mode 0600): on POSIX it has
no name from the start and on Windows it is deleted when its handle closes, so it is gone at the
end of the run, on Ctrl-C and even after a SIGKILL, with nothing for lifeline to clean.
"""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections.abc import Iterable
from dataclasses import fields
from typing import IO, Any

from ..core.model import Finding
from ..summary_record import IndicatorSummary
from .worker import BulkItem

HEAVY = ("findings", "indicators")  # what goes to disk; everything else is a few short fields


class Spill:
    """An append-only store of pickled parts in an anonymous temporary file."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="csp-excel-bulk-")
        self._end = 0

    def put(self, value: Any) -> tuple[int, int]:
        """Append `value`; its (offset, length) to read it back."""
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(self._end)
        self._file.write(data)
        slot = (self._end, len(data))
        self._end += len(data)
        return slot

    def put_each(self, values: Iterable[Any]) -> array[int]:
        """Append each value on its own; the offsets around them (one more than values), 8
        bytes a value, so a file's 30 records cost about 300 bytes of the parent's memory."""
        marks = array("q", [self._end])
        for value in values:
            self.put(value)
            marks.append(self._end)
        return marks

    def get(self, slot: tuple[int, int]) -> Any:
        offset, length = slot
        self._file.seek(offset)
        return pickle.loads(self._file.read(length))  # noqa: S301 - our own bytes, this run's

    def get_one(self, marks: array[int], j: int) -> Any:
        """The j-th value of a `put_each`."""
        if not 0 <= j < len(marks) - 1:
            raise IndexError(j)
        return self.get((marks[j], marks[j + 1] - marks[j]))

    def get_each(self, marks: array[int]) -> list[Any]:
        """Every value of a `put_each`, read in one go."""
        self._file.seek(marks[0])
        data = self._file.read(marks[-1] - marks[0])
        base = marks[0]
        return [
            pickle.loads(data[a - base : b - base])  # noqa: S301 - our own bytes, this run's
            for a, b in zip(marks, marks[1:], strict=False)
        ]

    def close(self) -> None:
        self._file.close()


class SpilledItem(BulkItem):
    """A `BulkItem` whose findings and indicator records live in a `Spill`.

    Reads like the item it replaces (`findings`, `indicators`, `errors`, ...); assigning either
    heavy part writes it to the store again. Pickling gives back a plain `BulkItem`."""

    def __init__(self, item: BulkItem, store: Spill) -> None:  # noqa: D107
        # the dataclass's own __init__ is not run: the head is copied, the heavy parts stored
        for f in fields(BulkItem):
            if f.name not in HEAVY:
                object.__setattr__(self, f.name, getattr(item, f.name))
        self._store = store
        self._slot = store.put(list(item.findings))
        self._marks = store.put_each(item.indicators)
        self._counts = (item.errors, item.warnings)

    def _replace(self, findings: list[Finding] | None = None, indicators: Any = None) -> None:
        if indicators is not None:
            self._marks = self._store.put_each(list(indicators))
        if findings is not None:
            findings = list(findings)
            self._slot = self._store.put(findings)
            self._counts = (
                sum(1 for f in findings if f.severity == "error"),
                sum(1 for f in findings if f.severity == "warning"),
            )

    @property  # type: ignore[override]
    def findings(self) -> list[Finding]:
        findings: list[Finding] = self._store.get(self._slot)
        return findings

    @findings.setter
    def findings(self, value: list[Finding]) -> None:
        self._replace(findings=value)

    @property  # type: ignore[override]
    def indicators(self) -> list[IndicatorSummary | dict[str, Any]]:
        return self._store.get_each(self._marks)

    @indicators.setter
    def indicators(self, value: list[IndicatorSummary | dict[str, Any]]) -> None:
        self._replace(indicators=value)

    def indicator_record(self, j: int) -> IndicatorSummary | dict[str, Any]:
        record: IndicatorSummary | dict[str, Any] = self._store.get_one(self._marks, j)
        return record

    @property
    def indicator_count(self) -> int:
        return len(self._marks) - 1

    @property
    def errors(self) -> int:
        return self._counts[0]

    @property
    def warnings(self) -> int:
        return self._counts[1]

    def plain(self) -> BulkItem:
        """The whole item in memory again (for a caller that keeps or sends it)."""
        head = {f.name: getattr(self, f.name) for f in fields(BulkItem) if f.name not in HEAVY}
        return BulkItem(**head, findings=self.findings, indicators=self.indicators)

    def __reduce__(self) -> Any:
        return self.plain().__reduce__()
