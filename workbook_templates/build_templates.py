"""Regenerate the workbooks in this folder from the code (run after changing the writers).

    .venv/bin/python workbook_templates/build_templates.py [--fy 2025]

Writes, beside this script:
- blank_return.xlsx        a blank return in the layout csp-excel reads (Settings + one example
                           indicator sheet) for the chosen financial year;
- csp_return_button.xlsm   the same blank return with a Start sheet holding the Fill and Validate
                           buttons and an xlwings.conf sheet. Its VBA comes from the xlwings
                           installed in this Python (needs the optional package pyOpenVBA), so
                           it matches that xlwings version only: the version is printed and shown
                           on the Start sheet.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from csp_excel.service import make_button_workbook  # noqa: E402
from csp_excel.writers.template import write_blank_template  # noqa: E402

DEFAULT_FY = 2025
EXAMPLE = ["Total Notifiable Offences"]


def build(folder: Path = HERE, fy: int = DEFAULT_FY) -> list[Path]:
    blank = folder / "blank_return.xlsx"
    button = folder / "csp_return_button.xlsm"
    write_blank_template(blank, fy, EXAMPLE, force=True)
    make_button_workbook(button, source=blank, force=True)
    return [blank, button]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--fy", type=int, default=DEFAULT_FY, help="start year of the FY (2025 = 2025/26)"
    )
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    args = parser.parse_args(argv)
    import xlwings

    for path in build(args.out, args.fy):
        print(f"wrote {path}")
    print(f"VBA from xlwings {xlwings.__version__}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
