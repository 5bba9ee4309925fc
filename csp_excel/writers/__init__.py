"""Writers: the filled output workbook and the atomic-write helper (see docs/ARCHITECTURE.md)."""

from csp_excel.writers.atomic import atomic_path
from csp_excel.writers.workbook import write_filled

__all__ = ["atomic_path", "write_filled"]
