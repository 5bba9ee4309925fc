"""The embedded store of earlier returns' figures: one SQLite file, keyed by each file's sha256.

Why: a history folder of a few hundred returns must not be re-read on every run. The figures of
each file (as `history_figures.Figure` records) are kept under the sha256 of its bytes, so a
changed file has a new key and is read again, and a renamed or copied one is not.

Where: the user's cache folder (`CSP_EXCEL_CACHE_DIR`, else `%LOCALAPPDATA%/csp-excel`, else
`$XDG_CACHE_HOME/csp-excel`, else `~/.cache/csp-excel`), never the history folder: that folder may
be read-only or shared on a network drive, and a stray file in it would be scanned as a return.
One store serves every folder (the key is the content, not the path).

Never trusted: each entry carries the sha256 of its own payload, checked on every read (a bad
entry is read again from the file); a store SQLite cannot open or query is deleted and rebuilt;
a store that cannot be written at all leaves the run working without it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from .core.history_figures import Figure

SCHEMA = 1  # bump when Figure or the payload changes: older entries are then never matched
FILE_NAME = "history.sqlite3"


def cache_dir() -> Path:
    """Where the store lives (see the module docstring)."""
    env = os.environ.get("CSP_EXCEL_CACHE_DIR")
    if env:
        return Path(env)
    local = os.environ.get("LOCALAPPDATA")
    if local:
        return Path(local) / "csp-excel"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "csp-excel"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class Entry:
    """What the store keeps for one file: the month it reports, its figures, or why it failed."""

    as_of: int | None
    figures: tuple[Figure, ...]
    error: str | None = None


def _payload(e: Entry) -> str:
    return json.dumps({"as_of": e.as_of, "error": e.error,
                       "figures": [astuple(f) for f in e.figures]}, separators=(",", ":"))  # fmt: skip


def _entry(payload: str) -> Entry:
    d: dict[str, Any] = json.loads(payload)
    return Entry(d["as_of"], tuple(Figure(*f) for f in d["figures"]), d["error"])


@dataclass
class Stats:
    hits: int = 0
    misses: int = 0
    rebuilt: int = 0  # the store was unreadable and made anew
    bad_entries: int = 0  # entries whose checksum failed (read again from the file)


class Store:
    """The SQLite store; every failure degrades to 'not cached', never to a wrong figure."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_dir() / FILE_NAME
        self.stats = Stats()
        self.db: sqlite3.Connection | None = None
        try:
            self.db = self._open()
        except (sqlite3.Error, OSError):
            self.stats.rebuilt += 1
            self._drop()
            try:
                self.db = self._open()
            except (sqlite3.Error, OSError):
                self.db = None  # no store: every file is read (still correct, only slower)

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS entries (sha256 TEXT, variant TEXT, "
                       "payload TEXT, digest TEXT, PRIMARY KEY (sha256, variant))")  # fmt: skip
            ok = db.execute("PRAGMA quick_check").fetchone()
            if not ok or ok[0] != "ok":
                raise sqlite3.DatabaseError("the history store failed its check")
            db.commit()
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _drop(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            except OSError:
                pass

    def get(self, sha: str, variant: str) -> Entry | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT payload, digest FROM entries WHERE sha256=? AND "
                                  "variant=?", (sha, variant)).fetchone()  # fmt: skip
            if row is None:
                self.stats.misses += 1
                return None
            payload, digest = row
            if hashlib.sha256(payload.encode()).hexdigest() != digest:
                raise ValueError("checksum")
            entry = _entry(payload)
        except (sqlite3.Error, ValueError, TypeError, KeyError):
            self.stats.bad_entries += 1
            return None
        self.stats.hits += 1
        return entry

    def put(self, sha: str, variant: str, entry: Entry) -> bool:
        """Keep `entry`; False when it could not be kept (no store, busy or read-only)."""
        if self.db is None:
            return False
        payload = _payload(entry)
        digest = hashlib.sha256(payload.encode()).hexdigest()
        try:
            self.db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)",
                            (sha, variant, payload, digest))  # fmt: skip
            self.db.commit()
        except sqlite3.Error:
            return False  # a busy or read-only store: the figures were read, only not kept
        return True

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
