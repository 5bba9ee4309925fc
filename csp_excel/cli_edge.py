"""The one edge where every exception becomes a plain message and an exit code.

Commands handle what they expect; anything that still escapes a command (a full disk, a
read-only folder, a bug) is caught here, in the command group's `invoke`, so no traceback ever
reaches an Excel user. Exit 2 (usage or I/O problem, SPEC section 10); 130 on Ctrl-C. With
--debug (or CSP_EXCEL_DEBUG=1) the full exception chain is printed as well.
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.exceptions import Abort, Exit, TyperException

try:  # typer >= 0.20 carries its own copy of click
    from typer._click.exceptions import ClickException, UsageError
except ImportError:  # pragma: no cover - older typer depends on click
    from click.exceptions import ClickException, UsageError  # type: ignore[no-redef]

from .errors import CspExcelError, FileRefused, os_error_in, os_reason

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class _State:
    debug = False


state = _State()  # commands with a --debug option set `state.debug`


def plain_error(e: BaseException) -> str:
    """One plain sentence for any exception; technical detail is left for --debug."""
    if isinstance(e, FileRefused):
        return e.message
    if isinstance(e, CspExcelError):
        return str(e)
    what = os_reason(e)
    if what is not None:
        err = os_error_in(e)
        where = err.filename if err is not None and err.filename is not None else None
        return f"Could not use {where}: {what}." if where else f"Could not finish: {what}."
    if isinstance(e, MemoryError):
        return "csp-excel ran out of memory; try fewer --workers or a smaller folder."
    return (
        f"csp-excel met a problem it did not expect ({type(e).__name__}). "
        "Run again with --debug for the details, and please report it."
    )


def _debugging() -> bool:
    return state.debug or os.environ.get("CSP_EXCEL_DEBUG", "") not in ("", "0")


def print_error_line(message: str) -> None:
    """The one way an error reaches the terminal: a red `Error:` and one plain line on stderr."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    console.print(f"[red]Error:[/red] {escape(message)}")


def _print_error(e: BaseException) -> None:
    print_error_line(plain_error(e))
    if _debugging():
        sys.stderr.write("".join(traceback.format_exception(e)))


def quiet_unraisable(unraisable: Any) -> None:
    """sys.unraisablehook that stays silent unless debugging: e.g. a zip file a library left
    open when the disk filled up complains again when it is garbage-collected."""
    if _debugging():
        sys.__unraisablehook__(unraisable)


def usage_line(e: ClickException) -> str:
    """A bad option or argument as one plain line, with where to read more (no Usage box)."""
    message = " ".join(e.format_message().split())
    ctx = getattr(e, "ctx", None)
    more = f" See '{ctx.command_path} --help'." if isinstance(e, UsageError) and ctx else ""
    ends = message.endswith((".", "?", "!"))  # "Did you mean 'fill'?" keeps its question mark
    return f"{message if ends else message + '.'}{more}"


def plain_flag(option: TyperOption | None) -> TyperOption | None:
    """An on/off option shows no '<bool>' in --help: the help text says what it does."""
    if option is not None and option.is_flag and option.metavar is None:
        option.metavar = ""
    return option


def plain_argument(arg: TyperArgument) -> None:
    """An argument shows as PATHS... or RETURN in --help: no '{paths}', no '<list[Path]>'."""
    name = (arg.metavar or arg.name or "ARG").upper()
    shown = f"{name}..." if arg.nargs != 1 else name
    arg.metavar = shown
    arg.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
    arg.get_usage_pieces = lambda ctx: [shown if arg.required else f"[{shown}]"]  # type: ignore[method-assign]


def plain_flags(params: list[Any]) -> None:
    """`plain_flag` for every option of a command (or of the app itself: --version), and
    `plain_argument` for its arguments."""
    for p in params:
        if isinstance(p, TyperOption):
            plain_flag(p)
        elif isinstance(p, TyperArgument):
            plain_argument(p)


class PlainCommand(TyperCommand):
    """A command whose --help lists on/off options without a Python type beside them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_flags(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        return plain_flag(super().get_help_option(ctx))


class EdgeGroup(TyperGroup):
    """The app's command group: runs the command, translating whatever escapes it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_flags(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        return plain_flag(super().get_help_option(ctx))

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Parsing errors (unknown option, missing argument, a value of the wrong type) become
        one plain line and exit 2, like every other usage problem; --help and Exit pass."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **kwargs)
        try:
            rv = super().main(args, prog_name, complete_var, False, windows_expand_args, **kwargs)
        except ClickException as e:
            if type(e).__name__ == "NoArgsIsHelpError":  # the help was printed: nothing to add
                sys.exit(e.exit_code)
            print_error_line(usage_line(e))
            sys.exit(e.exit_code if isinstance(e, UsageError) else EXIT_USAGE)
        except Abort:
            sys.stderr.write("Stopped.\n")
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        state.debug = False
        hook, sys.unraisablehook = sys.unraisablehook, quiet_unraisable
        try:
            return self._guarded(ctx)
        finally:
            gc.collect()  # let half-closed files complain now, quietly
            sys.unraisablehook = hook

    def _guarded(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (Exit, Abort, TyperException):
            raise
        except KeyboardInterrupt:
            sys.stderr.write("\nStopped.\n")
            raise Exit(EXIT_INTERRUPTED) from None
        except Exception as e:  # noqa: BLE001 - the edge: nothing escapes as a traceback
            _print_error(e)
            raise Exit(EXIT_USAGE) from None
