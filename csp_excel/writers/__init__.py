"""Writers: the filled output workbook and the atomic-write helper (see docs/ARCHITECTURE.md).

`write_filled` and `atomic_path` are imported on first use: the Excel Lite button imports
`writers.placement` under Pyodide, where xlsxwriter and file output are not needed.
"""

from __future__ import annotations

from typing import Any

__all__ = ["atomic_path", "write_filled"]


def __getattr__(name: str) -> Any:
    if name == "atomic_path":
        from csp_excel.writers.atomic import atomic_path

        return atomic_path
    if name == "write_filled":
        from csp_excel.writers.workbook import write_filled

        return write_filled
    raise AttributeError(f"module 'csp_excel.writers' has no attribute {name!r}")
