"""csp-excel: read, validate, compute and write Community Safety Partnership returns.

    import csp_excel
    result = csp_excel.validate("returns.xlsx")        # FileResult: status + located findings
    csp_excel.fill("returns.xlsx", "returns.filled.xlsx")
    df = csp_excel.to_frame("returns.xlsx")            # tidy pandas DataFrame (SPEC section 10)

Heavier modules are imported on first use so `import csp_excel` stays quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .core.model import Computed, Indicator, Return, Settings
    from .service import FileResult

__all__ = [
    "__version__",
    "read",
    "compute",
    "validate",
    "fill",
    "to_frame",
]


def read(path: str | Path, settings: Settings | None = None) -> Return:
    """Read a return into the model (raises FileRefused for files that are not returns)."""
    from .reader.workbook import read_return

    return read_return(Path(path), settings)


def compute(indicator: Indicator, settings: Settings) -> Computed:
    """Every derived figure of one indicator (pure)."""
    from .core.analysis import analyse_indicator

    return analyse_indicator(indicator, settings).computed


def validate(path: str | Path, settings: Settings | None = None) -> FileResult:
    """Read and check one return; never raises for a bad file (see FileResult.status)."""
    from .service import analyse_file

    return analyse_file(path, settings)


def fill(
    path: str | Path, out: str | Path | None = None, force: bool = False, keep_layout: bool = False
) -> FileResult:
    """Write the filled workbook (default: X.filled.xlsx beside the input)."""
    from .service import default_output, fill_file

    src = Path(path)
    target = default_output(
        src, Path(out) if out is not None else None, single=True, keep_layout=keep_layout
    )
    return fill_file(src, target, force=force, keep_layout=keep_layout)


def to_frame(path: str | Path, settings: Settings | None = None) -> pd.DataFrame:
    """The tidy export of one return as a pandas DataFrame (empty if the file failed)."""
    import pandas as pd

    from .service import analyse_file, tidy_rows_of
    from .writers.tidy import COLUMNS

    rows = list(tidy_rows_of(analyse_file(path, settings), Path(path).name))
    return pd.DataFrame(rows, columns=COLUMNS)
