"""Generate realistic CSP monthly returns for benchmarks and bulk tests.

Each return mimics the seed one-page summaries (SPEC section 3): a title block, label/value text,
a 12-month grid (Actual last year / Month / Year to date / % change / Rolling 12 / rate / rank,
or numerator / denominator / % for percentage indicators), a narrative block with a typed RAG,
and a Settings sheet (SPEC section 10). Numbers vary by partnership from a seeded RNG, with some
of the usual manual quirks (numbers stored as text, YTD carried forward, a typo'd YTD) so a folder
produces a realistic mix of clean files and findings.

    python benchmarks/make_returns.py OUT_DIR --count 500 --indicators 30 --seed 1
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import xlsxwriter

MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
DECREASE = (
    "We are looking for a decrease in this figure, and would normally compare with the same "
    "period in the previous year, as crime is (broadly) seasonal."
)
INCREASE = "Good to be high: an increase in this figure is considered a good thing."
MONITOR = "For monitoring: no judgement is made on this figure."

BOROUGHS = [
    "Ashford", "Barnsley", "Bexley", "Bolton", "Brent", "Broxtowe", "Camden", "Charnwood",
    "Crawley", "Croydon", "Dacorum", "Ealing", "Enfield", "Exeter", "Fenland", "Gedling",
    "Halton", "Harlow", "Haringey", "Havering", "Hounslow", "Ipswich", "Kirklees", "Lambeth",
    "Lewisham", "Luton", "Maldon", "Medway", "Merton", "Newham", "Oldham", "Pendle", "Preston",
    "Reading", "Redbridge", "Rochdale", "Rugby", "Salford", "Sefton", "Slough", "Stockport",
    "Sutton", "Swindon", "Tameside", "Thurrock", "Torbay", "Walsall", "Watford", "Wigan",
    "Woking",
]  # fmt: skip


@dataclass(frozen=True)
class Spec:
    """One indicator's shape: base monthly level per 200,000 residents and how it is judged."""

    sheet: str
    title: str
    base: float
    kind: str = "count"  # count | percentage
    denominator: str | None = "Residents"  # Residents | Households | None
    good: str = DECREASE
    target: str = "Reduction on last years figures"


INDICATORS = [
    Spec("TNO", "Total Notifiable Offences (TNO's)", 1450),
    Spec("Violence with injury", "MOPAC 7: Violence with injury", 180),
    Spec("Robbery", "MOPAC 7: Robbery Overall", 45, target="5% decrease from previous year"),
    Spec("Personal Robbery", "MOPAC 7: Personal Robbery", 40, target="5% decrease from previous year"),
    Spec("Burglary", "MOPAC 7: Burglary overall", 105),
    Spec("Residential Burglary", "MOPAC 7: Residential Burglary", 65, denominator="Households"),
    Spec("Criminal Damage", "MOPAC 7: Criminal Damage", 150),
    Spec("Theft from the person", "MOPAC 7: Theft from the person", 30),
    Spec("Theft of motor vehicle", "MOPAC 7: Theft of Motor Vehicle", 55),
    Spec("Theft from motor vehicle", "MOPAC 7: Theft from Motor Vehicle", 95),
    Spec("Domestic Abuse", "Domestic Abuse Offences", 160, good=MONITOR, target="For monitoring"),
    Spec("DA Arrests", "Domestic Abuse Arrest Rate", 0.62, kind="percentage", denominator=None,
         good=INCREASE, target="70%"),
    Spec("Hate Crime", "Hate Crime", 22, good=MONITOR, target="For monitoring"),
    Spec("ASB Calls", "Anti-Social Behaviour Calls to Police", 620, target="10% decrease from previous year"),
    Spec("ASB Repeat Callers", "ASB Repeat Callers", 35, denominator=None, target="No more than 400"),
    Spec("Arson", "Fire Service: Arson Incidents (all deliberate fires)", 21, denominator=None,
         target="No more than 257"),
    Spec("Vehicle Arson", "Fire Service: Vehicle Arson (deliberate and unknown)", 12, denominator=None,
         target="No more than 169"),
    Spec("Victim Support Referrals", "Victim Support: Total Referrals Received", 240, denominator=None,
         good=INCREASE, target="More than 2500"),
    Spec("Victim Support Re-referrals", "Victim Support: Total Re-referrals Received", 18,
         denominator=None),
    Spec("MARAC Repeats", "MARAC Repeat Referral Rate", 0.32, kind="percentage", denominator=None,
         good=MONITOR, target="To achieve a repeat referral rate between 28% - 40%"),
    Spec("Youth Offending", "First Time Entrants into the Criminal Justice System", 9,
         denominator="Young people 1-19"),
    Spec("Drug Treatment", "Drug treatment: Successful completions", 0.41, kind="percentage",
         denominator=None, good=INCREASE, target="45%"),
    Spec("Alcohol Treatment", "Alcohol treatment: Successful completions", 0.38, kind="percentage",
         denominator=None, good=INCREASE, target="40%"),
    Spec("IOM Reoffending", "IOM cohort: Successful terminations", 0.70, kind="percentage",
         denominator=None, good=INCREASE, target="24 individuals, 70% success rate"),
    Spec("Victim Satisfaction", "Victim Satisfaction: Overall % satisfied", 0.78, kind="percentage",
         denominator=None, good=INCREASE, target="80%"),
    Spec("Sexual Offences", "Sexual Offences", 28, good=MONITOR, target="For monitoring"),
    Spec("Knife Crime", "Knife Crime", 24),
    Spec("Gun Crime", "Gun Crime (lethal barrelled discharges)", 3),
    Spec("Shoplifting", "Shoplifting", 90, target="5% decrease from previous year"),
    Spec("Drug Offences", "Drug Possession Offences", 85, good=INCREASE,
         target="Increase on last years figures"),
]  # fmt: skip


def month_label(fy: int, i: int) -> str:
    year = fy if i < 9 else fy + 1
    return f"{MONTHS[i]}-{year % 100:02d}"


def _num(rng: random.Random, value: float, as_text_p: float) -> float | str:
    """A count, sometimes stored as text with a thousands separator like the seed returns."""
    if value >= 1000 and rng.random() < as_text_p:
        return f"{value:,.0f}"
    return value


def _pct_text(change: float | None) -> str | None:
    if change is None:
        return None
    if round(change * 100) == 0:
        return "No change"
    return f"{change * 100:+.0f}%"


class _Book:
    """Thin xlsxwriter wrapper: write cells by type, input text always as text."""

    def __init__(self, path: Path) -> None:
        self.wb = xlsxwriter.Workbook(
            str(path),
            {
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "in_memory": True,
            },
        )
        self.bold = self.wb.add_format({"bold": True})
        self.pct = self.wb.add_format({"num_format": "0.0%"})
        self.date = self.wb.add_format({"num_format": "yyyy-mm-dd"})

    def row(self, ws, r: int, values: list, fmt=None) -> None:  # type: ignore[no-untyped-def]
        for c, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, str):
                ws.write_string(r, c, v, fmt)
            elif isinstance(v, datetime):
                ws.write_datetime(r, c, v, self.date)
            else:
                ws.write_number(r, c, v, fmt)


def _settings(book: _Book, partnership: str, fy: int, rep: int, pop: int, hh: int, yp: int) -> None:
    ws = book.wb.add_worksheet("Settings")
    ws.set_column(0, 0, 22)
    ws.set_column(1, 2, 16)
    book.row(ws, 0, ["Setting", "Value"], book.bold)
    book.row(ws, 1, ["Partnership", partnership])
    book.row(ws, 2, ["Reporting month", month_label(fy, rep)])
    book.row(ws, 3, ["RAG tolerance", "10%"])
    book.row(ws, 4, ["Static band", "1%"])
    book.row(ws, 6, ["Denominator", "Value", "Effective from"], book.bold)
    book.row(ws, 7, ["Residents", round(pop * 0.982), datetime(fy - 1, 6, 30)])
    book.row(ws, 8, ["Residents", pop, datetime(fy, 6, 30)])
    book.row(ws, 9, ["Households", hh, datetime(fy - 1, 6, 30)])
    book.row(ws, 10, ["Young people 1-19", yp, datetime(2011, 3, 27)])
    book.row(ws, 12, ["Sheet", "Denominator", "Per"], book.bold)
    r = 13
    for spec in INDICATORS:
        if spec.denominator:
            book.row(ws, r, [spec.sheet, spec.denominator, 1000])
            r += 1


def _count_rows(spec: Spec, rng: random.Random, scale: float, fy: int, rep: int,
                dens: dict[str, list[float]], quirk: float) -> tuple[list[list], str]:  # fmt: skip
    """Grid rows for a count indicator and the typed RAG letter."""
    level = spec.base * scale * rng.uniform(0.7, 1.3)
    trend = rng.uniform(-0.25, 0.25)
    seasonal = [1 + 0.12 * rng.uniform(-1, 1) for _ in range(12)]
    prev2 = [max(0, round(level * s * rng.uniform(0.85, 1.15))) for s in seasonal]
    last = [max(0, round(level * s * rng.uniform(0.85, 1.15))) for s in seasonal]
    this = [max(0, round(level * (1 + trend) * s * rng.uniform(0.85, 1.15))) for s in seasonal]
    this = this[: rep + 1]
    n = rep + 1
    ytd, ytd_ly, r12, pct, rate = [], [], [], [], []
    for m in range(n):
        ytd.append(sum(this[: m + 1]))
        ytd_ly.append(sum(last[: m + 1]))
        r12.append(sum(last[m + 1 :]) + sum(this[: m + 1]))
        pct.append(_pct_text(ytd[m] / ytd_ly[m] - 1) if ytd_ly[m] else None)
        if spec.denominator:
            rate.append(round(r12[m] / dens[spec.denominator][m] * 1000, 2))
    ytd_cells: list = [_num(rng, v, 0.5) for v in ytd]
    if rng.random() < quirk:  # YTD carried forward into the next month, as seen in the seeds
        ytd_cells.append(ytd[-1])
    if rng.random() < quirk / 2:  # a keying slip in the YTD row
        i = rng.randrange(n)
        ytd_cells[i] = ytd[i] + rng.choice([-10, 10, 100])
    rows: list[list] = [
        [f"Actual {fy - 1} - {fy}", *[_num(rng, v, 0.3) for v in last]],
        ["Month", *[_num(rng, v, 0.5) for v in this]],
        ["Year to date", *ytd_cells],
        ["% change from previous year", *pct],
        ["Rolling 12 month fig for use below", *[_num(rng, v, 0.5) for v in r12]],
    ]
    if spec.denominator:
        label = {"Households": "Per 1,000 HH", "Residents": "Per 1,000 Res"}.get(
            spec.denominator, "Rate per 1,000 Population"
        )
        rows.append([label, *rate])
    if spec.target.startswith("No more than") or spec.target.startswith("More than"):
        annual = float(spec.target.split()[-1])
        rows.append(["Target", *[round(annual * (m + 1) / 12) for m in range(12)]])
    rows.append(["Rank (MET / MSG)", *[f"{rng.randint(1, 15)}of15/ {rng.randint(1, 32)}of32"] * n])
    change = ytd[-1] / ytd_ly[-1] - 1 if ytd_ly[-1] else 0.0
    if spec.good == MONITOR:
        rag = "None"
    else:
        better = change < 0 if spec.good == DECREASE else change > 0
        rag = "G" if better else ("A" if abs(change) < 0.1 else "R")
    if rng.random() < quirk:
        rag = rng.choice(["R", "A", "G"])
    _ = prev2  # previous-but-one year drives nothing here; kept so the RNG stream stays stable
    return rows, rag


def _pct_rows(spec: Spec, rng: random.Random, scale: float, rep: int) -> tuple[list[list], str]:
    """Numerator / denominator / % (YTD) rows for a percentage indicator."""
    n = rep + 1
    dens = [max(1, round(rng.uniform(8, 30) * scale)) for _ in range(n)]
    p = min(0.98, max(0.05, spec.base + rng.uniform(-0.15, 0.15)))
    nums = [min(d, round(d * p * rng.uniform(0.8, 1.2))) for d in dens]
    pct = [sum(nums[: m + 1]) / sum(dens[: m + 1]) for m in range(n)]
    rows = [
        ["Terminations (month)", *dens],
        ["Successful terminations", *nums],
        ["% Successful (YTD)", *[round(v, 3) for v in pct]],
    ]
    return rows, rng.choice(["R", "A", "G"]) if spec.good != MONITOR else "None"


def make_return(path: Path, index: int, seed: int = 0, n_indicators: int = 30, fy: int = 2016,
                rep: int = 8, quirk: float = 0.15) -> Path:  # fmt: skip
    """Write one return for partnership number `index` (its numbers depend on seed and index)."""
    rng = random.Random(seed * 1_000_003 + index)
    partnership = BOROUGHS[index % len(BOROUGHS)]
    if index >= len(BOROUGHS):
        partnership += f" {index // len(BOROUGHS) + 1}"
    pop = rng.randint(90_000, 350_000)
    hh, yp = round(pop / rng.uniform(2.3, 3.0)), round(pop * rng.uniform(0.2, 0.3))
    scale = pop / 200_000
    dens = {
        "Residents": [round(pop * 0.982) if m < 2 else pop for m in range(12)],
        "Households": [hh] * 12,
        "Young people 1-19": [yp] * 12,
    }
    book = _Book(path)
    wrap = book.wb.add_format({"text_wrap": True, "valign": "top"})
    title_fmt = book.wb.add_format({"bold": True, "font_size": 14})
    specs = [INDICATORS[i % len(INDICATORS)] for i in range(n_indicators)]
    used: set[str] = set()
    report_month = datetime(fy if rep < 9 else fy + 1, (rep + 3) % 12 + 1, 1)
    for spec in specs:
        name = spec.sheet
        k = 2
        while name.lower() in used:
            name, k = f"{spec.sheet} {k}", k + 1
        used.add(name.lower())
        ws = book.wb.add_worksheet(name)
        ws.set_column(0, 0, 34)
        ws.set_column(1, 12, 10)
        book.row(
            ws, 0, ["Community Safety Partnership Call Over / Crime and Enforcement Portfolio"]
        )
        book.row(ws, 1, [spec.title], title_fmt)
        book.row(ws, 2, [report_month.strftime("%B %Y")])
        book.row(ws, 3, ["Source: IQuanta"])
        book.row(ws, 5, ["Definition", f"The number of {spec.sheet.lower()} recorded in {partnership}.",
                         None, None, "How this indicator works", "Counted monthly from source data."])  # fmt: skip
        book.row(ws, 6, ["What good looks like", spec.good, None, None,
                         "Why this indicator is important", "A partnership priority."])  # fmt: skip
        book.row(ws, 7, [f"{fy}/{(fy + 1) % 100:02d} Target:", spec.target])
        book.row(ws, 8, ["History with this indicator", f"{fy - 1}/{fy % 100:02d}: see last year."])
        book.row(ws, 10, ["DATA", *[month_label(fy, i) for i in range(12)]], book.bold)
        if spec.kind == "percentage":
            rows, rag = _pct_rows(spec, rng, scale, rep)
        else:
            rows, rag = _count_rows(spec, rng, scale, fy, rep, dens, quirk)
        r = 11
        for values in rows:
            fmt = book.pct if values[0].startswith("%") and spec.kind == "percentage" else None
            book.row(ws, r, values, fmt)
            r += 1
        r += 1
        ws.set_row(r, 45)
        book.row(
            ws, r, ["Performance Overview", f"{partnership} figures at {report_month:%B %Y}."], wrap
        )
        book.row(ws, r + 1, [f"RAG Rating: {rag}"])
        book.row(ws, r + 2, ["Benchmarking", f"Currently {rng.randint(1, 15)} of 15 in our MSG."])
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
    _settings(book, partnership, fy, rep, pop, hh, yp)
    book.wb.close()
    return path


def make_folder(folder: Path, count: int, n_indicators: int = 30, seed: int = 0,
                prefix: str = "return") -> list[Path]:  # fmt: skip
    """Write `count` returns into `folder` (created) and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    width = max(3, len(str(count)))
    return [
        make_return(
            folder / f"{prefix}_{i:0{width}d}.xlsx", i, seed=seed, n_indicators=n_indicators
        )
        for i in range(count)
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--indicators", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    paths = make_folder(args.out, args.count, args.indicators, args.seed)
    print(f"wrote {len(paths)} returns to {args.out}")


if __name__ == "__main__":
    main()
