"""Rewrite every golden from the current code:  python tests/golden/regenerate.py [name ...]

Run it only when an output change is intended, then review `git diff tests/golden/`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for `import golden`
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for csp_excel

from golden.build import BUILDERS, GOLDEN_DIR, describe  # noqa: E402
from golden.compare import write  # noqa: E402


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in BUILDERS]
    if unknown:
        print(f"unknown golden(s): {', '.join(unknown)}; known: {', '.join(BUILDERS)}")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        for name in names or list(BUILDERS):
            path = GOLDEN_DIR / f"{name}.json"
            write(path, describe(name, Path(tmp)))
            print(
                f"wrote {path.relative_to(GOLDEN_DIR.parents[1])} ({path.stat().st_size:,} bytes)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
