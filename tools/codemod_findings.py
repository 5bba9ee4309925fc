"""Codemod: every `Finding(...)` in csp_excel/ becomes `finding(...)` from core/codes.py.

    python tools/codemod_findings.py [--check] [--no-ruff] [ROOT]

`finding(code, sheet, cell, message, expected=None, found=None, severity=None)` takes the
severity from the catalogue, so the severity argument is dropped where it is the code's default,
kept as `severity="..."` where the code may take a second one, and kept as `severity=<expr>` where
it is an expression or the code is. A literal severity the catalogue does not allow for its code
is NOT converted: the call is listed and the exit status is 1, for a person to decide.

Idempotent (a converted file has no `Finding(` left), so it can be re-run after merging branches
that moved or edited the same files. Handles positional and keyword forms and multi-line calls;
edits the text in place (comments and layout kept), adds the import next to the one of `Finding`,
drops `Finding` from imports where it is no longer used, renames a local variable called
`finding` that would hide the function, then runs ruff (isort + format) over the changed files.
--check only reports what would change (exit 1 if anything would).
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

FIELDS = ("code", "severity", "sheet", "cell", "message", "expected", "found")
CATALOGUE_MODULE = Path("csp_excel/core/codes.py")
LOCAL_NAMES = ("one", "made", "new_finding")  # for a local `finding` variable, first free


@dataclass
class Report:
    converted: list[str] = field(default_factory=list)
    variable_code: list[str] = field(default_factory=list)
    variable_severity: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)


def _catalogue(root: Path) -> dict[str, tuple[str, ...]]:
    """code -> allowed severities (first is the default), read from the catalogue's source."""
    sys.path.insert(0, str(root))
    from csp_excel.core.codes import CODES  # noqa: PLC0415 - the tree being edited

    return {c.code: c.severities for c in CODES}


class _Edits:
    """Text edits by (line, col) ranges, applied from the end so offsets stay valid."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        for line in text.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))
        self.edits: list[tuple[int, int, str]] = []

    def pos(self, line: int, col: int) -> int:
        # ast columns are UTF-8 byte offsets
        start = self.starts[line - 1]
        raw = self.text[start : self.starts[line] if line < len(self.starts) else None]
        return start + len(raw.encode("utf-8")[:col].decode("utf-8"))

    def replace(self, a: int, b: int, new: str) -> None:
        self.edits.append((a, b, new))

    def apply(self) -> str:
        out = self.text
        for a, b, new in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            out = out[:a] + new + out[b:]
        return out


def _start(e: _Edits, n: ast.AST) -> int:
    return e.pos(n.lineno, n.col_offset)  # type: ignore[attr-defined]


def _end(e: _Edits, n: ast.AST) -> int:
    return e.pos(n.end_lineno, n.end_col_offset)  # type: ignore[attr-defined]


def _is_finding_call(n: ast.AST) -> TypeGuard[ast.Call]:
    return isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "Finding"


def _literal(n: ast.AST | None) -> str | None:
    return n.value if isinstance(n, ast.Constant) and isinstance(n.value, str) else None


def _convert_call(call: ast.Call, e: _Edits, cat: dict[str, tuple[str, ...]], where: str,
                  rep: Report) -> None:  # fmt: skip
    """Rename the call, drop its severity argument, and re-add it as a keyword if needed."""
    items: list[ast.AST] = [*call.args, *call.keywords]
    named: dict[str, ast.AST] = dict(zip(FIELDS, call.args, strict=False))
    named.update({k.arg: k.value for k in call.keywords if k.arg})
    code, sev_node = named.get("code"), named.get("severity")
    code_lit, sev_lit = _literal(code), _literal(sev_node)
    src = ast.get_source_segment(e.text, sev_node) if sev_node is not None else None
    keep: str | None = None
    if code_lit is not None and sev_lit is not None:
        allowed = cat.get(code_lit)
        if allowed is None or sev_lit not in allowed:
            why = "not in the catalogue" if allowed is None else f"is {'/'.join(allowed)}"
            rep.refused.append(f"{where}: {code_lit} {sev_lit!r} ({why})")
            return
        keep = None if sev_lit == allowed[0] else src
    elif sev_node is not None:
        keep = src
        if code_lit is None:
            rep.variable_code.append(f"{where}: code={ast.unparse(code) if code else '?'}")
        if sev_lit is None:
            rep.variable_severity.append(f"{where}: severity={src}")
    e.replace(_start(e, call.func), _end(e, call.func), "finding")
    _drop_arg_type_ignore(call, e)
    if sev_node is not None:
        owner = next(k for k in call.keywords if k.value is sev_node) if sev_node not in call.args \
            else sev_node  # fmt: skip
        i = items.index(owner)
        if i + 1 < len(items):
            e.replace(_start(e, owner), _start(e, items[i + 1]), "")
        else:  # the last argument: drop it with the comma before it
            e.replace(_end(e, items[i - 1]), _end(e, owner), "")
        if keep is not None:
            last = items[-1] if items[-1] is not owner else items[-2]
            e.replace(_end(e, last), _end(e, last), f", severity={keep}")
    rep.converted.append(where)


# a severity typed as str needed it; finding() takes str
IGNORE = re.compile(r"(\)*,?)([ \t]*# type: ignore\[arg-type\])[ \t]*$", re.M)


def _drop_arg_type_ignore(call: ast.Call, e: _Edits) -> None:
    """`Finding(..., severity, ...)  # type: ignore[arg-type]` at the call's end: not needed."""
    end = _end(e, call)
    m = IGNORE.match(e.text, end)
    if m is not None:
        e.replace(m.start(2), m.end(), "")


def _bound_names(fn: ast.AST) -> set[str]:
    names = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        names |= {a.arg for a in [*fn.args.args, *fn.args.kwonlyargs, *fn.args.posonlyargs]}
    return names


def _rename_local(fn: ast.AST, e: _Edits, where: str, rep: Report, done: set[int]) -> None:
    """A function with a local `finding` (which would hide the constructor): rename the local."""
    bound = _bound_names(fn)
    new = next(n for n in LOCAL_NAMES if n not in bound)
    for n in ast.walk(fn):
        if isinstance(n, ast.Name) and n.id == "finding" and id(n) not in done:
            done.add(id(n))
            e.replace(_start(e, n), _end(e, n), new)
    rep.renamed.append(f"{where}: local 'finding' -> '{new}'")


def _fix_imports(tree: ast.Module, e: _Edits, still_used: bool) -> None:
    """Add `from <pkg>.codes import finding` beside the import of Finding; drop Finding if unused."""
    for node in tree.body:
        if not (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.endswith("model")
            and any(a.name == "Finding" for a in node.names)
        ):
            continue  # fmt: skip
        module = "." * node.level + node.module[: -len("model")] + "codes"
        indent = " " * node.col_offset
        line_start = e.pos(node.lineno, 0)
        e.replace(line_start, line_start, f"{indent}from {module} import finding\n")
        if not still_used:
            rest = [ast.unparse(a) for a in node.names if a.name != "Finding"]
            new = f"from {'.' * node.level}{node.module} import {', '.join(rest)}" if rest else ""
            end = _end(e, node)
            if not rest and e.text[end : end + 1] == "\n":
                end += 1
            e.replace(_start(e, node), end, new)
        return
    raise SystemExit("no 'from ...model import Finding' found to put the new import beside")


def convert_file(path: Path, rel: str, cat: dict[str, tuple[str, ...]], rep: Report) -> str | None:
    """The new text of one file, or None when nothing changes."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    calls = [n for n in ast.walk(tree) if _is_finding_call(n)]
    if not calls:
        return None
    e = _Edits(text)
    before = len(rep.converted)
    for call in calls:
        _convert_call(call, e, cat, f"{rel}:{call.lineno}", rep)
    if len(rep.converted) == before:
        return None
    done: set[int] = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if "finding" in _bound_names(fn) and any(_is_finding_call(n) for n in ast.walk(fn)):
            _rename_local(fn, e, f"{rel}:{fn.lineno} {fn.name}()", rep, done)
    converted = {id(c) for c in calls if f"{rel}:{c.lineno}" in rep.converted[before:]}
    others = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "Finding"
              and not any(id(c) in converted and c.func is n for c in calls)]  # fmt: skip
    imported_from_codes = any(
        isinstance(n, ast.ImportFrom) and (n.module or "").endswith("codes")
        and any(a.name == "finding" for a in n.names) for n in tree.body
    )  # fmt: skip
    if not imported_from_codes:
        _fix_imports(tree, e, still_used=bool(others))
    return e.apply()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?", default=str(Path(__file__).resolve().parents[1]))
    ap.add_argument(
        "--check", action="store_true", help="report only; exit 1 if anything would change"
    )
    ap.add_argument("--no-ruff", action="store_true", help="do not run ruff over changed files")
    args = ap.parse_args(argv)
    root = Path(args.root).resolve()
    cat = _catalogue(root)
    rep = Report()
    changed: list[Path] = []
    for path in sorted((root / "csp_excel").rglob("*.py")):
        rel = str(path.relative_to(root))
        if Path(rel) == CATALOGUE_MODULE:
            continue
        new = convert_file(path, rel, cat, rep)
        if new is None:
            continue
        changed.append(path)
        if not args.check:
            path.write_text(new, encoding="utf-8")
    if changed and not args.check and not args.no_ruff:
        files = [str(p) for p in changed]
        ruff = [sys.executable, "-m", "ruff"]
        subprocess.run([*ruff, "check", "--select", "I,F401", "--fix", "-q", *files], check=False)
        subprocess.run([*ruff, "format", "-q", *files], check=False)
    _print(rep, changed, root)
    return 1 if rep.refused or (args.check and changed) else 0


def _print(rep: Report, changed: list[Path], root: Path) -> None:
    print(f"{len(rep.converted)} Finding(...) call(s) converted in {len(changed)} file(s).")
    for title, rows in (
        (
            "code passed as a variable (severity kept as given; check it is allowed)",
            rep.variable_code,
        ),
        ("severity passed as an expression (kept as severity=...)", rep.variable_severity),
        ("local variable renamed", rep.renamed),
        ("NOT converted: the severity is not one the catalogue allows for the code", rep.refused),
    ):
        if rows:
            print(f"\n{title}:")
            print("\n".join(f"  {r}" for r in rows))


if __name__ == "__main__":
    sys.exit(main())
