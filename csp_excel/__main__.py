"""`python -m csp_excel` runs the command line."""

from .cli import app

app(prog_name="csp-excel")
