"""Regenerate the finding-code table in README.md and docs/codes.md from csp_excel/core/codes.py.

Run from the repository root:  python tools/update_readme_codes.py
(tests/test_codes.py and tests/test_docs.py fail, naming this command, when a table and the
catalogue differ.)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from csp_excel.core.codes import markdown_table  # noqa: E402

START, END = (
    "<!-- codes:start (generated: python tools/update_readme_codes.py) -->",
    "<!-- codes:end -->",
)


def readme_with_table(text: str) -> str:
    """README text with the table between the markers replaced by the catalogue's."""
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{markdown_table()}{END}{tail}"


def main() -> None:
    for path in (ROOT / "README.md", ROOT / "docs" / "codes.md"):
        text = path.read_text(encoding="utf-8")
        new = readme_with_table(text)
        name = path.relative_to(ROOT).as_posix()
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"{name}: finding-code table updated")
        else:
            print(f"{name}: finding-code table already up to date")


if __name__ == "__main__":
    main()
