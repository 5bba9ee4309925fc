"""Workbook -> model: read a return's sheets, settings, grids and texts with located findings.

How a file is read (`workbook.read_return`), each step a module that returns what it found:

- safety: refuse what is unsafe before any parser runs (`check_file`); the zip checks in
  safety_zip, the OLE2 checks in safety_ole (compound: our own walk of the chains; biff: .xls
  encryption and size), the words a refusal says in safety_messages; extent holds the limits
  and extent_scan the streaming scan of every sheet's true size.
- sheets: every sheet's cells, once (calamine; openpyxl fallback; legacy: .xls in a child
  process; quiet: the engines' own output kept off the terminal).
- settings: the Settings sheet (settings_tables: its tables; settings_values: one cell's meaning).
- sheet_reading: one sheet -> its blocks -> indicators, or skipped with a located reason:
  - grid: each period grid (grid_header finds headers from grid_cells; grid_rows reads rows;
    grid_fy chooses the year; grid_years places rows in years; grid_block: one block's steps);
  - summary_table: years as columns (summary_polarity: which way is good);
  - indicator: one indicator from its texts (indicator_texts), title (indicator_title) and
    resolved target, polarity, kind and denominator (indicator_resolve); synonyms: row labels.
- workbook: every sheet in one state (read, skipped, failed), the findings in reading order.
"""

from .workbook import read_return

__all__ = ["read_return"]
