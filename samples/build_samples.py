"""Build the sample returns in samples/ from the published December 2016 figures.

Run: `.venv/bin/python samples/build_samples.py`. Writes, deterministically (fixed workbook
properties and zip timestamps, so reruns give identical bytes):

- barking_dagenham_2016-12.xlsx: the return "as the analyst should have sent it";
- barking_dagenham_2016-12_as_published.xlsx: the same with the published manual errors kept;
- district_b_2016-12.xlsx: an invented second partnership (Thameside), laid out differently.

Figures come from tests/published.py (the single source of truth the tests also use); the
deliberate differences between the two Barking and Dagenham files are listed in samples/README.md.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import _district_b  # noqa: E402
import _texts as T  # noqa: E402
import published as P  # noqa: E402

FIXED = datetime(2017, 1, 16, 9, 0, 0)
MAIN = HERE / "barking_dagenham_2016-12.xlsx"
AS_PUBLISHED = HERE / "barking_dagenham_2016-12_as_published.xlsx"
DISTRICT_B = HERE / "district_b_2016-12.xlsx"
MONTHS_BARE = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
PORTFOLIO = "Community Safety Partnership Call Over / Crime and Enforcement Portfolio"
PORTFOLIO2 = "Community Safety & Public Protection Services / Crime and Enforcement Portfolio"
INT_FMT, RATE_FMT, PCT_FMT = "#,##0", "0.00", "+0%;-0%;0%"

# How each count sheet is typed: header (text/date/bare), numbers (text/number), pct (text/number).
STYLE: dict[str, dict[str, str]] = {
    "TNO": dict(header="text", numbers="text", pct="text"),
    "Violence with injury": dict(header="text", numbers="number", pct="text"),
    "Robbery": dict(header="text", numbers="number", pct="number"),
    "Personal robbery": dict(header="text", numbers="number", pct="text", title="inline"),
    "Burglary": dict(header="date", numbers="number", pct="text"),
    "Residential burglary": dict(header="text", numbers="number", pct="text"),
    "Criminal damage": dict(header="text", numbers="number", pct="number"),
    "Theft from person": dict(header="bare", numbers="number", pct="text"),
    "Theft from MV": dict(header="text", numbers="number", pct="text", title="inline"),
    "Theft of MV": dict(header="text", numbers="number", pct="text", title="inline"),
    "Sexual offences": dict(header="text", numbers="number", pct="text", title="one-line"),
    "Domestic violence": dict(header="text", numbers="number", pct="text", title="inline"),
    "SYV": dict(header="text", numbers="number", pct="text"),
}


def month_header(style: str, fy: int = P.FY) -> list[Any]:
    """Twelve month labels: text 'Apr-16', a real date, or a bare 'Apr'."""
    out: list[Any] = []
    for i, m in enumerate(MONTHS_BARE):
        year = fy + (1 if i >= 9 else 0)
        if style == "date":
            out.append(datetime(year, i + 4 if i < 9 else i - 8, 1))
        elif style == "bare":
            out.append(m)
        else:
            out.append(f"{m}-{year % 100:02d}")
    return out


class Sheet:
    """Writes one indicator sheet top to bottom in the layout of the published summaries."""

    def __init__(self, ws: Any, width: int = 13) -> None:
        self.ws, self.r, self.width = ws, 1, width
        ws.column_dimensions["A"].width = 34
        for c in range(2, width + 2):
            ws.column_dimensions[get_column_letter(c)].width = 12

    def put(
        self, row: int, col: int, value: Any, fmt: str | None = None, bold: bool = False
    ) -> None:
        if value is None or value == "":
            return
        cell = self.ws.cell(row=row, column=col, value=value)
        if fmt:
            cell.number_format = fmt
        if bold:
            cell.font = Font(bold=True)
        if isinstance(value, str) and len(value) > 40:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    def merge(self, row: int, c1: int, c2: int) -> None:
        if c2 > c1:
            self.ws.merge_cells(start_row=row, start_column=c1, end_row=row, end_column=c2)

    def line(self, value: Any, bold: bool = False, merge: bool = False, right: Any = None) -> None:
        self.put(self.r, 1, value, bold=bold)
        if merge:
            self.merge(self.r, 1, self.width)
        if right is not None:
            self.put(self.r, self.width, right)
        self.r += 1

    def pair(self, l1: str, t1: str, l2: str | None = None, t2: str | None = None) -> None:
        """Label/value pairs: A-B (B:C merged) and D-E (E:M merged); one pair spans B:M."""
        self.put(self.r, 1, l1, bold=True)
        self.put(self.r, 2, t1)
        if l2 is None:
            self.merge(self.r, 2, self.width)
        else:
            self.merge(self.r, 2, 3)
            self.put(self.r, 4, l2, bold=True)
            self.put(self.r, 5, t2)
            self.merge(self.r, 5, self.width)
        self.r += 1

    def grid(self, header_label: str | None, header: list[Any], rows: list[tuple]) -> None:
        self.put(self.r, 1, header_label, bold=True)
        for j, h in enumerate(header):
            self.put(self.r, 2 + j, h, fmt="mmm-yy" if isinstance(h, datetime) else None, bold=True)
        self.r += 1
        for label, values, fmt in rows:
            self.put(self.r, 1, label)
            for j, v in enumerate(values):
                f = fmt if not isinstance(v, str) else None
                self.put(self.r, 2 + j, v, fmt=f)
            self.r += 1

    def blank(self, n: int = 1) -> None:
        self.r += n


def title_block(s: Sheet, name: str, title: str, source: str, style: str, portfolio: str) -> None:
    if style == "inline":  # portfolio and month on one line, title and source on the next
        s.line(portfolio, bold=True, right="December 2016")
        s.line(title, bold=True, right=f"Source: {source}")
    elif style == "one-line":  # portfolio and title in one cell, as some pages have
        s.line(f"{portfolio} {title}", bold=True, right="December 2016")
        s.line(None, right=f"Source: {source}")
    else:
        s.line(portfolio, bold=True, merge=name == "TNO")
        s.line(title, bold=True)
        s.blank()
        s.line("December 2016")
        s.line(f"Source: {source}")
    s.blank()


def text_block(s: Sheet, t: dict[str, str]) -> None:
    s.pair("Definition", t["definition"], "How this indicator works", t["how"])
    s.pair("What good looks like", t["good"], "Why this indicator is important", t["why"])
    s.pair(t.get("target_label", "2016/17 Target:"), t["target"])
    s.pair(
        t.get("history_label", "History with this indicator"),
        t["history"],
        "Any issues to consider",
        t.get("issues", ""),
    )
    s.blank()


def narrative_block(
    s: Sheet, overview: str, actions: str, rag: str, bench: str, rag_label: str = "RAG Rating:"
) -> None:
    s.blank(2)
    s.pair("Performance Overview", overview, "Actions to Sustain or Improve Performance", actions)
    s.line(f"{rag_label} {rag}", bold=True)
    s.pair("Benchmarking", bench)


def num(text: str) -> int | float:
    v = float(text.replace(",", ""))
    return int(v) if v.is_integer() else v


def fmt_int(v: float) -> str:
    return f"{int(v):,}"


def count_rows(name: str, published: bool) -> list[tuple]:
    """The grid rows of a count sheet: month, last year, then the published derived rows."""
    d, st = P.COUNT[name], STYLE[name]
    as_text = st["numbers"] == "text"
    labels = d["labels"]

    def ints(values: list[Any]) -> list[Any]:
        return [fmt_int(v) if as_text else v for v in values]

    def published_row(key: str) -> list[Any]:
        return list(d[key]) if as_text else [num(t) for t in d[key]]

    rows: list[tuple] = [
        (labels[0], published_row("actual"), INT_FMT),
        ("Actual 2015 - 2016", ints(P.LAST_YEAR[name]), INT_FMT),
        (labels[1], published_row("ytd"), INT_FMT),
    ]
    if d["pct"]:
        pct = list(d["pct"]) if st["pct"] == "text" else list(d["pct_n"])
        if not published:  # the analyst's corrected return: the 8 published slips put right
            for (sheet, i), (_, consistent) in P.PCT_EXCEPTIONS.items():
                if sheet == name:
                    pct[i] = f"{consistent:+.0%}" if st["pct"] == "text" else consistent
        if published and name == "TNO":  # empty future months shown as -100%
            pct += ["-100%", "-100%", "-100%"]
        rows.append((labels[2], pct, PCT_FMT))
    if published and name == "TNO":  # YTD carried forward into months not yet reported
        rows[2] = (labels[1], rows[2][1] + ["13,207"] * 3, INT_FMT)
    rows.append((labels[3], published_row("r12"), INT_FMT))
    if d.get("r12_change"):
        rows.append((d["r12_change_label"], list(d["r12_change"]), None))
    if d["rate"]:
        rows.append((labels[4], published_row("rate"), RATE_FMT))
    if d["rank"]:
        rank = list(d["rank"])
        if published and d.get("rank_after"):
            rank.append(d["rank_after"])
        rows.append((labels[5], rank, None))
    return rows


def count_sheet(wb: Workbook, name: str, published: bool) -> None:
    d, st, t = P.COUNT[name], STYLE[name], T.TEXTS[name]
    s = Sheet(wb.create_sheet(name))
    portfolio = t.get("portfolio", PORTFOLIO)
    title_block(
        s, name, d["title"], t.get("source", "IQuanta"), st.get("title", "stacked"), portfolio
    )
    text_block(s, t)
    header = month_header(st["header"])
    if published and name == "Theft of MV":  # a header copied from last year's page
        header = month_header("text", P.FY - 1)
    s.grid(t.get("header_label"), header, count_rows(name, published))
    rag = d["rag"] if published else P.EXPECTED_RAG[name]
    overview = T.published_overview(name) if published else T.main_overview(name)
    narrative_block(s, overview, t["actions"], rag, t["bench"], t.get("rag_label", "RAG Rating:"))


def pct_text(x: float, dp: int) -> str:
    return f"{x * 100:.{dp}f}%"


def percent_sheet(wb: Workbook, name: str, published: bool) -> None:
    d, t = P.PERCENT[name], T.TEXTS[name]
    s = Sheet(wb.create_sheet(name))
    title_block(s, name, d["title"], "Probation", "inline", PORTFOLIO2)
    text_block(s, t)
    den = d["denominator"]
    numer = d["numerator"] if published else P.MAIN_NUMERATOR[name]
    ytd_den = d["ytd_denominator"]
    ytd_num = d["ytd_numerator"] if published else [sum(numer[: i + 1]) for i in range(9)]
    dps = [1 if "." in p else 0 for p in d["pct"]]
    if published:
        pct: list[Any] = list(d["pct"])
        pfmt = None
    elif name == "ATR":  # exact values as a formula would leave them, shown as percentages
        pct = [n / m for n, m in zip(ytd_num, ytd_den, strict=True)]
        pfmt = "0%"
    else:
        pct = [pct_text(n / m, dp) for n, m, dp in zip(ytd_num, ytd_den, dps, strict=True)]
        pfmt = None
    lab = d["labels"]
    rows = [
        (lab[0], den, None),
        (lab[1], numer, None),
        (lab[2], ytd_den, None),
        (lab[3], ytd_num, None),
        (lab[4], pct, pfmt),
    ]
    s.grid(None, month_header("date" if name == "DRR" else "text"), rows)
    if pfmt:  # one decimal where the published page showed one
        for j, dp in enumerate(dps):
            if dp:
                s.ws.cell(row=s.r - 1, column=2 + j).number_format = "0.0%"
    rag = d["rag"] if published else P.EXPECTED_RAG[name]
    overview = T.published_overview(name) if published else T.main_overview(name)
    narrative_block(s, overview, t["actions"], rag, t["bench"], "RAG Rate:")


def fire_sheet(wb: Workbook, name: str, published: bool) -> None:
    d, t = P.FIRE[name], T.TEXTS[name]
    s = Sheet(wb.create_sheet(name))
    source = "Steve Norman, LFB" if name == "Arson" else "LFB"
    title_block(s, name, d["title"], source, "stacked", PORTFOLIO2)
    text_block(s, t)
    actual = d["actual"] if published else d["main_actual"]
    rows = [
        ("Monthly", actual, None),
        ("Actual 2015 - 2016", d["last_year"], None),
        ("Accumulative YTD", d["ytd"], None),
        ("Target", d["target_row"], None),
    ]
    s.grid("DATA", month_header("date" if name == "Arson" else "text"), rows)
    rag = d["rag"] if published else P.EXPECTED_RAG[name]
    overview = T.published_overview(name) if published else T.main_overview(name)
    narrative_block(s, overview, t["actions"], rag, t["bench"])


def marac_sheet(wb: Workbook, published: bool) -> None:
    m, t = P.MARAC, T.TEXTS["MARAC repeats"]
    s = Sheet(wb.create_sheet("MARAC repeats"))
    title_block(
        s,
        "MARAC repeats",
        "MARAC: Number of repeat referrals to MARAC",
        "MARAC",
        "inline",
        PORTFOLIO2,
    )
    text_block(s, t)
    ref_ytd = [sum(m["referrals"][: i + 1]) for i in range(9)]
    pct = [pct_text(a / b, 1) for a, b in zip(m["ytd"], ref_ytd, strict=True)]
    rows = [
        ("Repeat referrals (month)", m["repeats"], None),
        ("Repeat referrals YTD", m["ytd"], None),
        ("All referrals (month)", m["referrals"], None),
        ("All referrals YTD", ref_ytd, None),
        ("% repeat referrals (YTD)", pct, None),
    ]
    s.grid(None, month_header("text"), rows)
    overview = (
        T.published_overview("MARAC repeats") if published else T.main_overview("MARAC repeats")
    )
    narrative_block(s, overview, t["actions"], m["rag"], t["bench"])


def idap_sheet(wb: Workbook, published: bool) -> None:
    t = T.TEXTS["IDAP"]
    s = Sheet(wb.create_sheet("IDAP"))
    title = (
        "Total number of Barking and Dagenham Residents on the Programme - "
        "Integrated Domestic Abuse Programme (IDAP)"
    )
    title_block(s, "IDAP", title, "Probation", "inline", PORTFOLIO2)
    text_block(s, t)
    q = "Data collected quarterly"
    values = [q, q, 62, q, q, 58, "N/A", q, "TBC", q, q]  # Jun and Sep snapshots are invented
    s.grid("DATA", month_header("text"), [("Number currently on programme", values, None)])
    rag = "G" if published else "None"
    narrative_block(s, t["overview"], t["actions"], rag, "N/A")


def settings_sheet(wb: Workbook) -> None:
    ws = wb.create_sheet("Settings")
    ws.column_dimensions["A"].width = 24
    for c in "BCDEFGH":
        ws.column_dimensions[c].width = 18
    rows: list[list[Any]] = [
        ["Setting", "Value"],
        ["Partnership", "Barking and Dagenham"],
        ["Reporting month", datetime(2016, 12, 1)],
        ["RAG tolerance", 0.10],
        ["Static band", 0.01],
        [],
        ["Denominator", "Value", "Effective from"],
    ]
    for dname, entries in P.DENOMINATORS.items():
        for value, eff in entries:
            rows.append([dname, value, datetime(eff.year, eff.month, eff.day)])
    rows += [
        [],
        [
            "Sheet",
            "Polarity",
            "Target",
            "Denominator",
            "Per",
            "Kind",
            "Numerator row",
            "Denominator row",
        ],
    ]
    for name, d in P.COUNT.items():
        pol = "monitor" if P.EXPECTED_RAG[name] == "None" else "lower"
        den = d["denominator"] or ("Young people 1-19" if name == "SYV" else None)
        rows.append([name, pol, None, den, 1000 if den else None, "count"])
    rows += [
        [
            "ATR",
            "higher",
            "70%",
            None,
            None,
            "percentage",
            "Successful terminations",
            "Terminations month",
        ],
        [
            "DRR",
            "higher",
            "54%",
            None,
            None,
            "percentage",
            "Successful terminations",
            "Terminations (month)",
        ],
        [
            "MARAC repeats",
            "range",
            "28%-40%",
            None,
            None,
            "percentage",
            "Repeat referrals (month)",
            "All referrals (month)",
        ],
        ["Arson", "lower", "No more than 169", None, None, "count"],
        ["Outdoor rubbish fires", "lower", "No more than 257", None, None, "count"],
        ["IDAP", "monitor", None, None, None, "snapshot"],
    ]
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row, start=1):
            if v is None:
                continue
            cell = ws.cell(row=i, column=j, value=v)
            if isinstance(v, datetime):
                cell.number_format = "yyyy-mm-dd" if v.day != 1 else "mmm-yy"
            elif isinstance(v, float) and v < 1:
                cell.number_format = "0%"
            if row and row[0] in ("Setting", "Denominator", "Sheet"):
                cell.font = Font(bold=True)


def barking_dagenham(published: bool) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for name in P.COUNT:
        count_sheet(wb, name, published)
    for name in P.PERCENT:
        percent_sheet(wb, name, published)
    marac_sheet(wb, published)
    idap_sheet(wb, published)
    for name in P.FIRE:
        fire_sheet(wb, name, published)
    settings_sheet(wb)
    return wb


def fix_properties(wb: Workbook, title: str) -> None:
    p = wb.properties
    p.creator = p.lastModifiedBy = "csp-excel samples"
    p.title = title
    p.created = p.modified = FIXED


def deterministic_bytes(wb: Workbook) -> bytes:
    """Save, then rewrite the zip with fixed timestamps and a fixed dcterms:modified."""
    buf = io.BytesIO()
    wb.save(buf)
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zout.writestr(zi, data)
    return out.getvalue()


def build_all() -> dict[Path, bytes]:
    """Every sample file's bytes, by path."""
    out: dict[Path, bytes] = {}
    for path, published in ((MAIN, False), (AS_PUBLISHED, True)):
        wb = barking_dagenham(published)
        fix_properties(wb, "Barking and Dagenham CSP performance return, December 2016")
        out[path] = deterministic_bytes(wb)
    wb = _district_b.build()
    fix_properties(wb, "Thameside CSP performance return, December 2016")
    out[DISTRICT_B] = deterministic_bytes(wb)
    return out


def main() -> None:
    for path, data in build_all().items():
        path.write_bytes(data)
        print(f"wrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
