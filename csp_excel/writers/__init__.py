"""Writers: the filled output workbook and the atomic-write helper (see docs/ARCHITECTURE.md).

The names load on first use (PEP 562), so importing one light writer module (`writers.atomic`,
`writers.own_reports`) does not pull in every writer and xlsxwriter."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csp_excel.writers.atomic import atomic_path
    from csp_excel.writers.workbook import write_filled

__all__ = ["atomic_path", "write_filled"]


def __getattr__(name: str) -> Any:
    if name == "atomic_path":
        from csp_excel.writers.atomic import atomic_path

        return atomic_path
    if name == "write_filled":
        from csp_excel.writers.workbook import write_filled

        return write_filled
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
