"""Which files a bulk run takes, and where each one's output goes."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .bulk_worker import _Task
from .core.model import Settings
from .errors import UsageError
from .service import default_output

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
OWN_OUTPUTS = ("summary.xlsx", "comparison.xlsx")


def _is_candidate(path: Path) -> bool:
    name = path.name.lower()
    return (
        name.endswith(EXCEL_SUFFIXES)
        and not name.startswith(("~$", "."))
        and not name.endswith((".filled.xlsx", ".filled.xlsm"))
        and name not in OWN_OUTPUTS
    )


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders searched recursively for returns (*.xlsx / *.xlsm, any case).

    Skips Excel lock files (`~$x.xlsx`), our own outputs (`*.filled.xlsx`, summary.xlsx,
    comparison.xlsx, half-written `.x.tmp.xlsx`), hidden files and hidden folders. A path that
    does not exist is a usage error. Sorted; a file reached twice is listed once.
    """
    found: set[Path] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found.update(Path(root, n) for n in names if _is_candidate(Path(n)))
        elif p.is_file():
            found.add(p)  # a file named explicitly is taken as given
        else:
            raise UsageError(f"{p}: no such file or folder")
    by_real: dict[Path, Path] = {}
    for f in sorted(found):
        by_real.setdefault(f.resolve(), f)
    return sorted(by_real.values())


def _common_base(paths: Iterable[Path]) -> Path | None:
    folders = [str(p.resolve()) for p in paths]
    if not folders:
        return None
    try:
        return Path(os.path.commonpath(folders))
    except ValueError:  # different drives
        return None


def _relative(path: Path, base: Path | None) -> Path:
    if base is not None:
        try:
            return path.resolve().relative_to(base)
        except ValueError:
            pass
    return Path(path.name)


def plan(
    files: list[Path],
    out_dir: Path | None,
    mode: str,
    force: bool,
    keep_layout: bool,
    base: Path | None = None,
    settings: Settings | None = None,
) -> list[_Task]:
    """One task per file, with its output path: beside the input, or mirrored under out_dir.

    Two inputs can never share an output: the relative folder is kept under out_dir, and any
    remaining clash (x.xlsx beside x.xlsm, inputs on different drives) gets a numbered name.
    """
    files = [Path(f) for f in files]
    if base is None:
        base = _common_base(f.parent for f in files)
    tasks: list[_Task] = []
    taken: set[str] = set()
    for f in files:
        rel = _relative(f, base)
        output: Path | None = None
        if mode == "fill":
            folder = None if out_dir is None else out_dir / rel.parent
            output = default_output(f, folder, False, keep_layout)
            n = 2
            while str(output).lower() in taken:
                stem = output.name.split(".filled")[0]
                output = output.with_name(f"{stem}-{n}.filled{output.suffix}")
                n += 1
            taken.add(str(output).lower())
        tasks.append(
            _Task(
                str(f),
                str(output) if output else None,
                rel.as_posix(),
                mode,
                force,
                keep_layout,
                settings,
            )
        )
    return tasks
