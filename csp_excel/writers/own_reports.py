"""Recognising csp-excel's own outputs, so a later run never takes a report for a return.

Every workbook we write carries a custom document property (REPORT_PROPERTY) naming its kind;
reports from before the marker are recognised by their sheets.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

REPORT_PROPERTY = "csp-excel report"  # custom document property marking our own reports
_MAX_PROPS_BYTES = 1 << 16


def is_own_report(path: Path) -> bool:
    """True for a summary/comparison workbook csp-excel wrote (never raises; reads two small zip
    members, and only from a regular file). Reports from before the marker are recognised by
    their sheets: exactly Files + Findings, or Overview with the comparison's heading."""
    import stat
    import zipfile

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with zipfile.ZipFile(path) as zf:
            if REPORT_PROPERTY.encode() in _head(zf, "docProps/custom.xml"):
                return True
            sheets = re.findall(rb'<sheet [^>]*name="([^"]*)"', _head(zf, "xl/workbook.xml"))
            if sheets == [b"Files", b"Findings"]:
                return True
            heading = b"Partnerships compared side by side"
            return sheets[:1] == [b"Overview"] and heading in _head(zf, "xl/sharedStrings.xml")
    except Exception:  # noqa: BLE001 - a damaged zip is simply not one of our reports
        return False


def own_output_kind(path: Path) -> str | None:
    """What csp-excel wrote this workbook as ("filled", "summary", "comparison"), from its
    custom document property; None for anything else (never raises, reads one small member)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            props = _head(zf, "docProps/custom.xml")
    except Exception:  # noqa: BLE001 - not a zip, or damaged: not one of ours
        return None
    m = re.search(
        re.escape(REPORT_PROPERTY.encode()) + rb'"[^>]*>\s*<vt:lpwstr>([^<]{1,40})<', props
    )
    return m.group(1).decode("utf-8", "replace") if m else None


def _head(zf: Any, member: str) -> bytes:
    """The first 64 KB of a zip member (b"" if absent): enough to recognise our own reports."""
    try:
        with zf.open(member) as fh:
            return bytes(fh.read(_MAX_PROPS_BYTES))
    except KeyError:
        return b""
