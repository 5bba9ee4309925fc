"""Workbook -> model: read a return's sheets, settings, grids and texts with located findings."""

from .workbook import read_return

__all__ = ["read_return"]
