"""csp-excel's Fill and Validate buttons for xlwings Lite (Python inside Excel: nothing to install).

Paste this whole file into the xlwings Lite editor's main.py tab, and requirements.txt (beside this
file) into its requirements.txt tab. Run a button from the add-in's task pane, or from the two
shapes on a sheet named Start (the README, "The button with nothing to install (xlwings Lite)").
In ordinary Python the @script decorators do nothing: these are plain functions.
"""

import xlwings as xw
from xlwings import script

from csp_excel import excel_lite


@script(button="[csp_fill]Start!B4", show_taskpane=True)
async def fill(book: xw.Book):
    """Fill the derived rows, RAG and DoT into this workbook's own indicator sheets."""
    await excel_lite.fill(book)


@script(button="[csp_validate]Start!B7", show_taskpane=True)
async def validate(book: xw.Book):
    """List every check's finding on a 'Data quality' sheet, with a link to each cell."""
    await excel_lite.validate(book)
