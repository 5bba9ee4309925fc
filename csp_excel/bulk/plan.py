"""Which files a bulk run takes, and where each one's output goes."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..core.model import Settings
from ..errors import UsageError
from ..service import default_output
from ..writers.summary import is_own_report
from .worker import Task

# .xls too: in a folder it is read as a single .xls is (or refused, with the reason)
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
OWN_OUTPUTS = ("summary.xlsx", "comparison.xlsx")


REPORT_NAME = re.compile(r"^(summary|comparison)( \(csp-excel(?: \d+)?\))?\.xlsx$", re.IGNORECASE)


def report_name(name: str, n: int) -> str:
    """The report's file name: summary.xlsx, else "summary (csp-excel).xlsx", "... 2)" ..."""
    stem, suffix = name.rsplit(".", 1)
    if n == 0:
        return name
    return f"{stem} (csp-excel{'' if n == 1 else f' {n}'}).{suffix}"


def _is_candidate(path: Path) -> bool:
    """A name worth reading. A summary.xlsx / comparison.xlsx is skipped only when csp-excel wrote
    it (a marked report), so a user's own return with that name is still read."""
    name = path.name.lower()
    if REPORT_NAME.match(path.name) and is_own_report(path):
        return False
    return (
        name.endswith(EXCEL_SUFFIXES)
        and not name.startswith(("~$", "."))
        and not name.endswith((".filled.xlsx", ".filled.xlsm"))
    )


def real_path(path: Path) -> Path:
    """The path with links resolved, for spotting a file reached twice; never raises."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return path.absolute()


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders searched recursively for returns (*.xlsx / *.xlsm / *.xls, any case).

    Skips Excel lock files (`~$x.xlsx`), our own outputs (`*.filled.xlsx`, summary.xlsx,
    comparison.xlsx, half-written `.x.tmp.xlsx`), hidden files and hidden folders. Nothing is
    opened here: a name that is a pipe, a device or a dangling link is listed like any other and
    skipped with its reason when its turn comes (`filekind.not_a_file`), so one odd entry never
    stops the run. A path that does not exist at all is a usage error. Sorted; a file reached
    twice is listed once.
    """
    found: set[Path] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found.update(Path(root, n) for n in names if _is_candidate(Path(root, n)))
        elif os.path.lexists(p):
            found.add(p)  # a file named explicitly is taken as given
        else:
            raise UsageError(f"{p}: no such file or folder")
    by_real: dict[Path, Path] = {}
    for f in sorted(found):
        by_real.setdefault(real_path(f), f)
    return sorted(by_real.values())


def common_base(paths: Iterable[Path]) -> Path | None:
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
            # the folder resolved, not the name: a link is labelled where it sits, not its target
            return (real_path(path.parent) / path.name).relative_to(base)
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
) -> list[Task]:
    """One task per file, with its output path: beside the input, or mirrored under out_dir.

    Two inputs can never share an output: the relative folder is kept under out_dir, and any
    remaining clash (x.xlsx beside x.xlsm, inputs on different drives) gets a numbered name.
    """
    files = [Path(f) for f in files]
    if base is None:
        base = common_base(f.parent for f in files)
    tasks: list[Task] = []
    # an output never lands on an input (e.g. an input named x.filled.xlsx given explicitly)
    taken: set[str] = {str(real_path(f)).lower() for f in files}
    for f in files:
        rel = _relative(f, base)
        output: Path | None = None
        if mode == "fill":
            folder = None if out_dir is None else out_dir / rel.parent
            output = default_output(f, folder, False, keep_layout)
            n = 2
            while str(output).lower() in taken or str(real_path(output)).lower() in taken:
                stem = output.name.split(".filled")[0]
                output = output.with_name(f"{stem}-{n}.filled{output.suffix}")
                n += 1
            taken.add(str(output).lower())
        tasks.append(
            Task(
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
