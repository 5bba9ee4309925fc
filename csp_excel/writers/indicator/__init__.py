"""One indicator's sheet of the filled workbook: its grid, formulas, summary and charts.

- `sheet`: `write_indicator_sheet`, the order of the blocks; it returns one `SheetInfo`,
  assembled from what each block placed;
- `layout`: the row plan (a table of row specs) and `SheetLayout`, where the grid is, built once;
- `grid`: the period headings and the planned rows;
- `cells` / `formulas` / `targets` / `judgements`: the formula text of each cell;
- `summary` / `summary_rows`: the summary block beside the grid;
- `charts` / `spc_chart` / `spc_table`: the charts and the SPC points table.
The dashboard, quality and workbook writers use only the names exported here.
"""

from csp_excel.writers.indicator.judgements import display_dot
from csp_excel.writers.indicator.layout import SheetInfo
from csp_excel.writers.indicator.sheet import write_indicator_sheet
from csp_excel.writers.indicator.summary import forecast_text

__all__ = ["SheetInfo", "display_dot", "forecast_text", "write_indicator_sheet"]
