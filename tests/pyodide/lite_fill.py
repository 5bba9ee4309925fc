"""Inside Pyodide (run by run_lite_fill.mjs): install the wheels, import the Lite main.py, run its
Fill and Validate on the stand-in book, and answer the filled books and timings as JSON."""

import glob
import json
import site
import sys
import time
import zipfile

SITE = site.getsitepackages()[0]
for w in glob.glob("/lite/wheels/micropip-*.whl"):
    zipfile.ZipFile(w).extractall(SITE)  # micropip itself: unpacked, as Pyodide ships it
import micropip  # noqa: E402

t0 = time.perf_counter()
for w in sorted(glob.glob("/lite/wheels/*.whl")):
    if "micropip-" not in w:
        await micropip.install("emfs:" + w)  # noqa: F704 - top-level await: runPythonAsync
t_install = time.perf_counter() - t0

sys.path.insert(0, "/lite")
from xw_double import Book  # noqa: E402

data = json.load(open("/lite/book.json"))
t0 = time.perf_counter()
import main  # noqa: E402 - the Lite main.py, with xlwings and csp_excel from the wheels

t_import = time.perf_counter() - t0
book = Book.from_json(data, lite=True)
t0 = time.perf_counter()
await main.fill(book)  # noqa: F704
t_fill = time.perf_counter() - t0
again = Book.from_json(data, lite=True)
t0 = time.perf_counter()
await main.fill(again)  # noqa: F704
t_fill_again = time.perf_counter() - t0
checked = Book.from_json(data, lite=True)
await main.validate(checked)  # noqa: F704

import xlwings  # noqa: E402

import csp_excel  # noqa: E402

json.dumps(
    {
        "platform": sys.platform,
        "python": sys.version.split()[0],
        "csp_excel": csp_excel.__file__,
        "xlwings": xlwings.__version__,
        "installed": sorted(p.name for p in micropip.list().values()),
        "filled": book.to_json(),
        "alerts": book.app.alerts,
        "validated": checked.to_json(),
        "validate_alerts": checked.app.alerts,
        "modules": sorted(sys.modules),
        "seconds": {
            "install": t_install,
            "import": t_import,
            "fill": t_fill,
            "fill_again": t_fill_again,
        },
    }
)
