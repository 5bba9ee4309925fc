"""One colour vocabulary (writers/palette.py): no other module may spell a colour in hex."""

from __future__ import annotations

import re
from pathlib import Path

from csp_excel.writers import palette

PKG = Path(__file__).resolve().parents[1] / "csp_excel"
# a quoted "#RRGGBB", "RRGGBB" or "AARRGGBB" (xlsxwriter, openpyxl, the package patcher)
HEX = re.compile(r"""(["'])#?(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})\1""")


def hex_literals(text: str) -> list[str]:
    """Quoted colour-like hex strings ("#..." always; without "#", not when all decimal digits)."""
    out = []
    for m in HEX.finditer(text):
        body = m.group(0)[1:-1]
        if body.startswith("#") or not body.isdigit():
            out.append(m.group(0))
    return out


def test_no_module_but_the_palette_spells_a_colour() -> None:
    found = {
        str(p.relative_to(PKG)): hex_literals(p.read_text(encoding="utf-8"))
        for p in sorted(PKG.rglob("*.py"))
        if p != PKG / "writers" / "palette.py"
    }
    found = {k: v for k, v in found.items() if v}
    assert not found, f"colours belong in csp_excel/writers/palette.py: {found}"


def test_the_check_finds_a_colour() -> None:
    """The scan must be able to fail: each form a colour takes is caught."""
    text = 'a = "#C00000"\nb = {"R": "FF0000"}\nc = \'FFC00000\'\nd = "#,##0"\ne = "202020"\nf = "#000000"'
    assert hex_literals(text) == ['"#C00000"', '"FF0000"', "'FFC00000'", '"#000000"']


def test_rag_is_one_table_everywhere() -> None:
    """The keep-layout and xlwings RAG colours are the dashboard's, not a table of their own."""
    assert palette.RAG_COLOURS == {"R": "C00000", "A": "FFC000", "G": "00B050", "None": "BFBFBF"}
    assert palette.RAG_FILLS["R"] == (palette.RED, palette.WHITE)
    assert palette.rgb_tuple(palette.RED) == (192, 0, 0)
