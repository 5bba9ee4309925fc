"""A history folder of earlier returns: found, read (or taken from the store), merged in.

Why here and not in core: scanning a folder, reading workbooks and the SQLite store are I/O; the
merge itself is `core.history.merge_history` (pure). A file that cannot be read is reported as a
`HISTORY` finding and left out, never a reason to stop: the return is still filled.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .core.codes import finding
from .core.history import HistoryMerge, merge_history
from .core.history_figures import Earlier, as_of, return_figures
from .core.model import Finding, Return, Settings
from .errors import FileRefused
from .history_store import Entry, Store, file_sha256

_SUFFIXES = (".xlsx", ".xlsm", ".xls")


@dataclass
class HistoryFolder:
    """An earlier-returns folder as figures, and what went wrong reading it."""

    folder: Path
    earlier: list[Earlier] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    shas: dict[str, str] = field(default_factory=dict)  # file label -> sha256
    # a bulk run's --history folder, read once by the parent (folder -> its part for a return)
    preloaded: dict[str, HistoryFolder] = field(default_factory=dict)


def history_files(folder: Path) -> list[Path]:
    """Workbooks under `folder` (recursively), without lock files, hidden files or our outputs."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for n in names:
            low = n.lower()
            if (low.endswith(_SUFFIXES) and not low.startswith(("~$", "."))
                    and ".filled." not in low):  # fmt: skip
                found.append(Path(root, n))
    return sorted(found)


def variant_of(settings: Settings | None) -> str:
    """Part of the store key: the settings a file was read with can change its figures."""
    return hashlib.sha256(repr(settings).encode()).hexdigest()[:16]


def read_entry(path: Path, settings: Settings | None) -> Entry:
    """One earlier return as figures, or why it could not be read (never raises)."""
    from .reader.workbook import read_return
    from .writers.summary import own_output_kind

    if own_output_kind(path) is not None:
        return Entry(None, (), "it was written by csp-excel, not a return")
    try:
        ret = read_return(path, settings)
    except FileRefused as e:
        return Entry(None, (), e.message.rstrip("."))
    except Exception:  # noqa: BLE001 - one odd earlier file must not stop the return
        return Entry(None, (), "csp-excel met a problem it did not expect reading it")
    figures = return_figures(ret)
    return Entry(as_of(ret, figures), figures)


def load_folder(folder: Path, settings: Settings | None = None,
                store: Store | None = None) -> HistoryFolder:  # fmt: skip
    """Every earlier return in `folder` as figures, from the store where its bytes are known.

    Earlier returns are read without the return's reporting month or partnership (those are
    the return's, not theirs); the rest of a --settings file (row names, kinds) still applies."""
    hist_settings = (
        replace(settings, reporting_month=None, partnership=None, history_folder=None)
        if settings
        else None
    )
    variant = variant_of(hist_settings)
    own_store = store is None
    store = store or Store()
    out = HistoryFolder(folder)
    try:
        for path in history_files(folder):
            label = path.relative_to(folder).as_posix()
            try:
                sha = file_sha256(path)
            except OSError as e:
                out.findings.append(_unread(label, e.strerror or "it could not be opened"))
                continue
            entry = store.get(sha, variant)
            if entry is None:
                entry = read_entry(path, hist_settings)
                store.put(sha, variant, entry)
            out.shas[label] = sha
            if entry.error:
                out.findings.append(_unread(label, entry.error))
            else:
                out.earlier.append(Earlier(label, entry.as_of, entry.figures))
    finally:
        if own_store:
            store.close()
    return out


def _unread(label: str, why: str) -> Finding:
    return finding("HISTORY", None, None,
                   f"The earlier return '{label}' was not used: {why}.")  # fmt: skip


def history_folder_of(path: Path, ret: Return) -> Path | None:
    """The 'History folder' setting (--history gives an absolute one), relative to the return."""
    named = ret.settings.history_folder
    if not named:
        return None
    p = Path(named).expanduser()
    return p if p.is_absolute() else path.parent / p


def with_history(path: Path, ret: Return, folder: Path | None, settings: Settings | None = None,
                 loaded: HistoryFolder | None = None,
                 run: HistoryFolder | None = None) -> HistoryMerge:  # fmt: skip
    """The return with months from `folder` and from `run` (the earlier returns of its
    partnership in the same folder run, chosen by the bulk run); the return's own file (by
    content) is left out, and a file in both is taken once."""
    extra: list[Finding] = []
    if folder is not None and not folder.is_dir():
        extra.append(finding("HISTORY", None, None,
                             f"The history folder '{folder}' was not found, so no earlier figures "
                             "were used."))  # fmt: skip
        folder = None
    earlier = list(run.earlier) if run is not None else []
    if folder is not None:
        if loaded is None and run is not None:
            loaded = run.preloaded.get(str(folder))
        loaded = loaded or load_folder(folder, settings)
        try:
            own = file_sha256(path)
        except OSError:
            own = ""
        taken = {own, *(run.shas.values() if run is not None else ())}
        earlier += [e for e in loaded.earlier if loaded.shas.get(e.file) not in taken]
        extra += loaded.findings
    merged = merge_history(ret, path.name, earlier)
    merged.ret = replace(merged.ret, findings=[*merged.ret.findings[: len(ret.findings)], *extra,
                                               *merged.ret.findings[len(ret.findings):]])  # fmt: skip
    merged.findings = [*extra, *merged.findings]
    return merged


def history_matches(path: Path, ret: Return, settings: Settings | None = None) -> dict[str, Any]:
    """`inspect`: the history folder, and which earlier return's indicator each indicator was
    matched to and by which rule (empty when the return has no history folder)."""
    folder = history_folder_of(path, ret)
    if folder is None:
        return {}
    merged = with_history(path, ret, folder, settings)
    return {
        "folder": str(folder),
        "indicators": {
            ind.key: [
                {"file": m.file, "indicator": m.key, "rule": m.rule}
                for m in merged.matches.get(ind.key, [])
            ]  # fmt: skip
            for ind in ret.indicators
        },
        "notes": [f.message for f in merged.findings if f.sheet is None],
    }


def history_lines(doc: dict[str, Any]) -> list[str]:
    """The lines `inspect` prints for `history_matches`."""
    if not doc:
        return []
    lines = [f"History folder: {doc['folder']}"]
    for key, found in doc["indicators"].items():
        if not found:
            lines.append(f"  {key}: no earlier return matched")
            continue
        said = ", ".join(f"'{m['file']}' ({m['rule']}: {m['indicator']})" for m in found)
        lines.append(f"  {key}: matched in {said}")
    return lines + [f"  {n}" for n in doc["notes"]]
