"""The tidy ("long") export of SPEC section 10: one row per figure, for Power BI and pandas.

Columns `file, partnership, sheet, indicator, fy, period, measure, value` are a contract other
teams' models read; change them only by adding. Percentages and changes are fractions, never
rounded. Text copied from a return is neutralised so a spreadsheet cannot run it as a formula.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..core.annual import tidy_fy, tidy_period
from ..core.model import GridRow, Return
from ..core.periods import fy_label
from ..core.result import IndicatorResult
from ..core.rows import Rows
from ..core.text import neutralise_formula
from ..core.titles import shared_title

safe_text = neutralise_formula  # the name tests and callers use for the export

COLUMNS = ["file", "partnership", "sheet", "indicator", "fy", "period", "measure", "value"]
# added after the contract's columns (--history): the file an input figure came from (the
# return's own, or the earlier return it was borrowed from) and whether returns disagreed on it
HISTORY_COLUMNS = ["source_file", "revised"]
ALL_COLUMNS = COLUMNS + HISTORY_COLUMNS

# measure name -> Computed attribute holding a per-period series
SERIES_MEASURES = [
    ("actual", "actual"),
    ("actual_last_year", "actual_last_year"),
    ("numerator", "numerator"),
    ("denominator", "denominator"),
    ("ytd", "ytd"),
    ("ytd_last_year", "ytd_last_year"),
    ("pct_change_ytd", "pct_change"),
    ("r12", "r12"),
    ("r12_change", "r12_change"),
    ("rate", "rate"),
    ("pct_ytd", "pct_ytd"),
    ("target", "target"),
    ("variance", "variance"),
]


def _clean(value: float | None) -> float | int | None:
    """A figure as written: blank when not computable, a whole number as an integer (a count of
    1383 is `1383`, not `1383.0`), anything else unrounded."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


_INPUT_ROWS = ("actual", "actual_last_year", "numerator", "denominator")


def _provenance(rows: Rows, measure: str, i: int, own: str) -> dict[str, Any]:
    """source_file and revised of one figure: an input figure may come from an earlier return."""
    row: GridRow | None = getattr(rows, measure) if measure in _INPUT_ROWS else None
    if row is None:
        return {"source_file": own, "revised": False}
    sources = row.extra.get("sources") or []
    flags = row.extra.get("revised") or []
    src = sources[i] if i < len(sources) and sources[i] else own
    return {"source_file": safe_text(src), "revised": bool(i < len(flags) and flags[i])}


def tidy_rows(
    ret: Return, results: Sequence[IndicatorResult], file_label: str
) -> Iterator[dict[str, Any]]:
    """Every figure of one return as tidy rows (blanks where not computable)."""
    partnership = safe_text(ret.partnership)
    for result in results:
        ind, comp = result.indicator, result.computed
        base = {
            "file": safe_text(file_label),
            # a district's block (side by side on one sheet) is that district's figures
            "partnership": safe_text(ind.district) if ind.district else partnership,
            "sheet": safe_text(comp.sheet),
            "indicator": safe_text(shared_title(ind)),
            "fy": fy_label(comp.fy),
        }
        for measure, attr in SERIES_MEASURES:
            series = getattr(comp, attr)
            if series is None:
                continue
            for i, value in enumerate(series):
                yield {
                    **base,
                    "fy": tidy_fy(comp, i),  # annual figures: each column its own year
                    "period": tidy_period(comp, i),
                    "measure": measure,
                    "value": _clean(value),
                    **_provenance(result.rows, measure, i, base["file"]),
                }
        # whole-year history columns ('12/13', '13/14' before the months), as the return names them
        history = ind.grid.annual_history if ind.grid else {}
        own = {"source_file": base["file"], "revised": False}
        for label, value in history.items():
            yield {**base, "fy": safe_text(label), "period": safe_text(label),
                   "measure": "annual_total", "value": _clean(value), **own}  # fmt: skip
        if comp.report_index is None:
            continue
        ri = comp.report_index
        at = {**base, "fy": tidy_fy(comp, ri), "period": tidy_period(comp, ri)}
        yield {**at, "measure": "forecast", "value": _clean(comp.forecast), **own}
        yield {**at, "measure": "rag", "value": comp.rag, **own}
        yield {**at, "measure": "dot", "value": comp.dot, **own}
        spc = comp.spc
        yield {**at, "measure": "spc_variation", "value": spc.variation if spc else None, **own}
        yield {**at, "measure": "spc_assurance", "value": spc.assurance if spc else None, **own}


def write_tidy(rows: Iterable[dict[str, Any]], out: Path, force: bool = True) -> int:
    """Write rows to `out` (.csv or .parquet) through a temp file; returns the row count.

    Parquet keeps `value` as text (it mixes numbers and RAG letters) and adds `value_num`,
    the same figure as a number, so Power BI gets a numeric column without parsing.
    """
    from .atomic import atomic_path

    suffix = out.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ValueError(f"{out.name}: the export must end in .csv or .parquet")
    count = 0
    with atomic_path(out, force=force) as tmp:
        if suffix == ".csv":
            with open(tmp, "w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=ALL_COLUMNS, extrasaction="ignore")
                writer.writeheader()
                for row in rows:
                    writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
                    count += 1
        else:
            count = _write_parquet(rows, tmp)
    return count


def _write_parquet(rows: Iterable[dict[str, Any]], path: Path, batch: int = 50_000) -> int:
    """Stream rows into a parquet file in batches, so memory stays flat for a whole folder."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [(name, pa.string()) for name in COLUMNS[:-1]]
        + [("value", pa.string()), ("value_num", pa.float64())]
        + [("source_file", pa.string()), ("revised", pa.bool_())]
    )
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        buffer: list[dict[str, Any]] = []
        for row in rows:
            buffer.append(row)
            if len(buffer) >= batch:
                writer.write_table(_table(buffer, schema))
                count += len(buffer)
                buffer = []
        if buffer or count == 0:
            writer.write_table(_table(buffer, schema))
            count += len(buffer)
    return count


def _table(rows: list[dict[str, Any]], schema: Any) -> Any:
    import pyarrow as pa

    columns: dict[str, list[Any]] = {name: [r.get(name) for r in rows] for name in COLUMNS[:-1]}
    values = [r.get("value") for r in rows]
    columns["value"] = [None if v is None else str(v) for v in values]
    columns["value_num"] = [
        float(v) if isinstance(v, (int, float)) and _is_number(v) else None for v in values
    ]
    columns["source_file"] = [r.get("source_file") for r in rows]
    columns["revised"] = [bool(r.get("revised")) for r in rows]
    return pa.table(columns, schema=schema)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)
