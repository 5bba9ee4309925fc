"""Which indicators of different returns are the same one, for comparison.xlsx.

Indicators are matched across files by their normalised sheet name, or by title when a title is
unambiguous within each file (so "Robbery" and "ROBBERY " line up, and a renamed sheet with the
same title still joins), never so that two indicators of one return fall together.

Groups are references (which file, which of its indicators), read once and loaded one group at a
time by the writer (`load_group`): a bulk run's records stay on disk (bulk/spill), so the
comparison of 300 files holds one indicator's records at a time, not all 9,000 (issue #13).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..results import FileResult

Entry = tuple[FileResult, Any]  # a file and one of its indicator records


def norm(text: str | None) -> str:
    """'MOPAC 7: Robbery  Overall' -> 'mopac 7 robbery overall'; '&' reads as 'and'."""
    t = (text or "").lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", t).split())


class _Groups:
    """Union-find over 's:<sheet>' and 't:<title>' keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, k: str) -> str:
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


@dataclass
class GroupRef:
    """One indicator across files: the files' positions and the record's position in each."""

    files: array[int] = field(default_factory=lambda: array("l"))
    records: array[int] = field(default_factory=lambda: array("l"))

    def __len__(self) -> int:
        return len(self.files)


def record_of(item: FileResult, j: int) -> Any:
    """The j-th indicator record of a file (only that one, where the file can read one)."""
    one = getattr(item, "indicator_record", None)
    return one(j) if callable(one) else (getattr(item, "indicators", None) or [])[j]


def load_group(items: Sequence[FileResult], ref: GroupRef) -> list[Entry]:
    """The (file, record) pairs of one group, in the files' order."""
    return [(items[n], record_of(items[n], j)) for n, j in zip(ref.files, ref.records, strict=True)]


def group_refs(items: Sequence[FileResult]) -> list[GroupRef]:
    """Every indicator grouped across files, groups in first-seen order; each file's records
    are read once, and only their keys are kept."""
    uf = _Groups()
    keys: dict[str, str] = {}  # one string per distinct key, shared by every file that has it
    files, records, s_keys = array("l"), array("l"), []
    owners: dict[str, set[tuple[int, str]]] = {}  # root -> (file, sheet key) it holds
    for n, item in enumerate(items):
        inds = getattr(item, "indicators", None) or []
        title_count: dict[str, int] = {}
        for ind in inds:
            t = norm(ind.get("title"))
            title_count[t] = title_count.get(t, 0) + 1
        for j, ind in enumerate(inds):
            s_key = "s:" + norm(ind.get("match") or ind.get("sheet"))  # blocks: own key
            s_key = keys.setdefault(s_key, s_key)
            root = uf.find(s_key)
            owners.setdefault(root, set()).add((n, s_key))
            t = norm(ind.get("title"))
            if t and title_count.get(t) == 1:
                _join(uf, owners, s_key, "t:" + t)
            files.append(n)
            records.append(j)
            s_keys.append(s_key)
    groups: dict[str, GroupRef] = {}
    for n, j, s_key in zip(files, records, s_keys, strict=True):
        ref = groups.setdefault(uf.find(s_key), GroupRef())
        ref.files.append(n)
        ref.records.append(j)
    return list(groups.values())


def group_indicators(items: Sequence[FileResult]) -> list[list[Entry]]:
    """Every indicator summary grouped across files, groups in first-seen order (all loaded)."""
    return [load_group(items, ref) for ref in group_refs(items)]


def _join(uf: _Groups, owners: dict[str, set[tuple[int, str]]], a: str, b: str) -> None:
    """Union a and b unless that would put two different indicators of one return together."""
    ra, rb = uf.find(a), uf.find(b)
    if ra == rb:
        return
    held_a, held_b = owners.get(ra, set()), owners.get(rb, set())
    files_a: dict[int, set[str]] = {}
    for f, k in held_a:
        files_a.setdefault(f, set()).add(k)
    if any(f in files_a and k not in files_a[f] for f, k in held_b):
        return
    uf.union(ra, rb)
    owners[uf.find(ra)] = held_a | held_b
