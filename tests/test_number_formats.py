"""One number-format vocabulary (writers/number_formats.py): no other writer spells a format."""

from __future__ import annotations

import re
from pathlib import Path

from csp_excel.writers import number_formats as nf
from csp_excel.writers import xl_formats

WRITERS = Path(__file__).resolve().parents[1] / "csp_excel" / "writers"
# a whole quoted string that is a number or date format: digits/#/,/./%/+/-/; with a 0 and one
# of . , % (so "0", "2024" or a "#000000" colour is not one), or a day-month-year date code
NUMBER = r"[-+#0-9.,%;]*[0#][-+#0-9.,%;]*"
DATE = r"(?:dd?|mm?m?m?|yy(?:yy)?)(?:[/\-. ](?:dd?|mm?m?m?|yy(?:yy)?))+"
LITERAL = re.compile(rf"""(?<![\w{{])(["'])({NUMBER}|{DATE})\1""")


def format_literals(text: str) -> list[str]:
    """Quoted number/date format strings in `text` (not f-string placeholders such as {x:.0%})."""
    out = []
    for m in LITERAL.finditer(text):
        body = m.group(2)
        if re.fullmatch(DATE, body) or ("0" in body and re.search(r"[.,%]", body)):
            out.append(m.group(0))
    return out


def test_no_writer_but_number_formats_spells_a_format() -> None:
    found = {
        str(p.relative_to(WRITERS)): format_literals(p.read_text(encoding="utf-8"))
        for p in sorted(WRITERS.rglob("*.py"))
        if p != WRITERS / "number_formats.py"
    }
    found = {k: v for k, v in found.items() if v}
    assert not found, f"number formats belong in csp_excel/writers/number_formats.py: {found}"


def test_the_check_finds_a_format() -> None:
    """The scan must be able to fail: each form a format takes is caught, prose and code are not."""
    text = (
        'a = "#,##0"\nb = {"pct": "0.0%"}\nc = \'+0%;-0%;0%\'\nd = "dd/mm/yyyy"\n'
        'e = "+#,##0;-#,##0;0"\nf = f"{lo:.0%} to {hi:.0%}"\ng = "2024"\nh = "0"\n'
        'i = "100% maximum"\nj = "#C00000"\nk = "#000000"\nl = "mmm-yy"\n'
    )
    assert format_literals(text) == [
        '"#,##0"',
        '"0.0%"',
        "'+0%;-0%;0%'",
        '"dd/mm/yyyy"',
        '"+#,##0;-#,##0;0"',
        '"mmm-yy"',
    ]


def test_the_names_keep_their_formats() -> None:
    """The values the golden workbooks were written with; xl_formats re-exports the same names."""
    assert (nf.FMT_COUNT, nf.FMT_PCT, nf.FMT_CHANGE) == ("#,##0", "0.0%", "+0.0%;-0.0%;0.0%")
    assert nf.FMT_CHANGE_WHOLE == "+0%;-0%;0%" != nf.FMT_CHANGE  # two styles, on purpose
    assert xl_formats.FMT_PCT is nf.FMT_PCT and xl_formats.FMT_DATE is nf.FMT_DATE
    assert nf.EXCEL_BUILTIN[3] == nf.FMT_COUNT and nf.EXCEL_BUILTIN[9] == nf.FMT_PCT_WHOLE
