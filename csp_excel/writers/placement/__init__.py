"""Layout-preserving fill: our figures in the user's own sheet, nothing else changed.

`place` holds the rules (where each figure goes) over a small `Sheet` interface; `package` patches
a copy of the user's own file (`fill_copy`, with `sheet_scan` / `sheet_xml` / `styles_xml` /
`package_parts` / `xml_stream`); `XlwingsSheet` writes into the open workbook for the Excel button.
The patcher is imported only when a copy is written, so the button does not load it.
"""

from .place import (
    ADDED_NOTE,
    RAG_LABEL,
    Sheet,
    XlwingsSheet,
    a1,
    fill_copy,
    place_indicator,
    place_sheet,
)

__all__ = [
    "ADDED_NOTE",
    "RAG_LABEL",
    "Sheet",
    "XlwingsSheet",
    "a1",
    "fill_copy",
    "place_indicator",
    "place_sheet",
]
