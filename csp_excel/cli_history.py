"""The --history option: earlier returns of the same partnership (SPEC section 10, History).

Why a module of its own: the option is shared by fill, validate, export and inspect, and it only
adds a 'History folder' to the fallback settings, so everything downstream (service, bulk
workers, the Excel button's Settings sheet) reads it the same way.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer

from .cli_output import usage_error
from .core.model import Settings

HistoryOpt = Annotated[
    Path | None,
    typer.Option(
        "--history",
        metavar="FOLDER",
        help="A folder of earlier returns of the same partnership: they supply the months a "
        "return lacks, and revised figures are reported.",
    ),
]


def with_history_option(fallback: Settings | None, folder: Path | None) -> Settings | None:
    """The fallback settings with the history folder (absolute, so bulk workers agree)."""
    if folder is None:
        return fallback
    if not folder.is_dir():
        raise usage_error(f"--history {folder}: no such folder.")
    base = dataclasses.replace(fallback) if fallback else Settings(source="options")
    base.history_folder = str(folder.resolve())
    return base
