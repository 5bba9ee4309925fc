"""Write goldens as reviewable JSON and compare a fresh description with the stored one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from golden.describe import cell_order

COMPACT = 110


def dumps(obj: Any, indent: int = 0) -> str:
    """JSON with sorted keys (cells row by row); short containers on one line, one cell per line."""
    flat = json.dumps(obj, sort_keys=True, ensure_ascii=False)
    if not isinstance(obj, dict | list) or len(flat) + indent <= COMPACT:
        return flat
    pad = " " * (indent + 1)
    if isinstance(obj, list):
        items = [pad + dumps(v, indent + 1) for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    keys = sorted(obj, key=cell_order)
    items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {dumps(obj[k], indent + 1)}" for k in keys]
    return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"


def write(path: Path, description: dict[str, Any]) -> None:
    path.write_text(dumps(description) + "\n", encoding="utf-8")


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def flatten(obj: Any, prefix: str = "") -> dict[str, Any]:
    """Path -> leaf, where a cell (a list under 'cells') and a list of scalars are leaves."""
    if isinstance(obj, dict):
        out: dict[str, Any] = {}
        for k, v in obj.items():
            out.update(flatten(v, f"{prefix}/{k}" if prefix else str(k)))
        return out
    if isinstance(obj, list) and any(isinstance(v, dict | list) for v in obj):
        if "/cells/" in prefix:
            return {prefix: obj}
        out = {}
        for i, v in enumerate(obj):
            out.update(flatten(v, f"{prefix}[{i}]"))
        return out
    return {prefix: obj}


def show(value: Any, styles: dict[str, Any]) -> str:
    """A leaf for a person: a cell's style id is shown with what it means."""
    if isinstance(value, list):
        value = [styles.get(v, v) if isinstance(v, str) and v in styles else v for v in value]
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 160 else text[:157] + "..."


def series_change(a: str, b: str) -> str:
    """Two tidy series ('period=value; ...'): only the points that differ."""
    old, new = a.split("; "), b.split("; ")
    gone = [p for p in old if p not in new]
    added = [p for p in new if p not in old]
    return f"series points golden {'; '.join(gone) or '-'}, now {'; '.join(added) or '-'}"


def differences(golden: dict[str, Any], now: dict[str, Any], limit: int = 20) -> list[str]:
    """The first `limit` differing paths, each 'path: golden X, now Y', then how many in all."""
    styles = {**golden.get("styles", {}), **now.get("styles", {})}
    old, new = flatten(golden), flatten(now)
    lines = []
    for key in sorted(old.keys() | new.keys()):
        if key.startswith("styles/"):
            continue
        a, b = old.get(key, "<absent>"), new.get(key, "<absent>")
        if a != b and isinstance(a, str) and isinstance(b, str) and "; " in a + b:
            lines.append(f"{key}: {series_change(a, b)}")
        elif a != b:
            lines.append(f"{key}: golden {show(a, styles)}, now {show(b, styles)}")
    if len(lines) > limit:
        return [*lines[:limit], f"... and {len(lines) - limit} more differences"]
    return lines


def report(name: str, lines: list[str], command: str) -> str:
    """The message a failing golden test prints."""
    body = "\n  ".join(lines)
    return (
        f"golden '{name}' differs from the output of the current code:\n  {body}\n"
        f"If the change is intended, rewrite the goldens with: {command}  (and review the git diff)"
    )
