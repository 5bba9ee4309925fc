"""Which indicators of different returns are the same one, for comparison.xlsx.

Indicators are matched across files by their normalised sheet name, or by title when a title is
unambiguous within each file (so "Robbery" and "ROBBERY " line up, and a renamed sheet with the
same title still joins), never so that two indicators of one return fall together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..results import FileResult


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


def group_indicators(items: Sequence[FileResult]) -> list[list[tuple[FileResult, dict[str, Any]]]]:
    """Every indicator summary grouped across files, groups in first-seen order."""
    uf = _Groups()
    entries: list[tuple[FileResult, dict[str, Any], str]] = []
    owners: dict[str, set[tuple[int, str]]] = {}  # root -> (file, sheet key) it holds
    for n, item in enumerate(items):
        inds = getattr(item, "indicators", None) or []
        title_count: dict[str, int] = {}
        for ind in inds:
            t = norm(ind.get("title"))
            title_count[t] = title_count.get(t, 0) + 1
        for ind in inds:
            s_key = "s:" + norm(ind.get("match") or ind.get("sheet"))  # blocks: own key
            root = uf.find(s_key)
            owners.setdefault(root, set()).add((n, s_key))
            t = norm(ind.get("title"))
            if t and title_count.get(t) == 1:
                _join(uf, owners, s_key, "t:" + t)
            entries.append((item, ind, s_key))
    groups: dict[str, list[tuple[FileResult, dict[str, Any]]]] = {}
    for item, ind, s_key in entries:
        groups.setdefault(uf.find(s_key), []).append((item, ind))
    return list(groups.values())


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
