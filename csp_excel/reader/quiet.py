"""Keep the parsing engines' own output off the user's terminal.

Why: a Rust panic inside python-calamine is caught (it arrives as an exception) but Rust's panic
hook has already written 'thread panicked at ...' and a backtrace straight to file descriptor 2,
below Python's sys.stderr; openpyxl warns through `warnings`. Users are Excel people: that text
is noise at best and alarming at worst. Both are captured here and go to the debug log.
"""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

_log = logging.getLogger(__name__)
_KEEP = 4000  # characters of captured output kept for the debug log


@contextmanager
def engine_output_captured() -> Iterator[None]:
    """Within the block, fd 2 writes go to a temporary file and Python warnings are silenced."""
    try:
        saved = os.dup(2)
    except OSError:  # no fd 2 (a GUI host): nothing can reach a terminal anyway
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
        return
    with tempfile.TemporaryFile() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        os.dup2(tmp.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            text = tmp.read(_KEEP).decode("utf-8", "replace")
            if text.strip():
                _log.debug("engine output (not shown to the user): %s", text)
