"""Layout-preserving fill: our figures in the user's own sheet, nothing else changed.

- `place`: the rules (which figure goes where), over the small `interface.Sheet`;
- `added`: where the rows the grid lacks go (under the grid, never shifting the user's cells);
- `package`: the copy of the user's own file, patched (`fill_copy`, with `sheet_scan`,
  `sheet_xml`, `styles_xml`, `package_parts`, `xml_stream`);
- `xlwings`: `XlwingsSheet`, the open workbook, for the Excel button.
The patcher is imported only when a copy is written, so the button does not load it.
"""

from .interface import ADDED_NOTE, RAG_LABEL, Sheet, safe_text
from .place import place_indicator, place_sheet, results_by_sheet
from .xlwings import XlwingsSheet

__all__ = [
    "ADDED_NOTE",
    "RAG_LABEL",
    "Sheet",
    "XlwingsSheet",
    "place_indicator",
    "place_sheet",
    "results_by_sheet",
    "safe_text",
]
