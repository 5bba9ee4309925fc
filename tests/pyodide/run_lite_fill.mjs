// Run the xlwings Lite Fill and Validate scripts in a real Pyodide runtime (Node).
//   node run_lite_fill.mjs CONFIG.json
// CONFIG: {"pyodide": dir of the pyodide npm package, "wheels": [wheel paths: micropip, xlwings,
// csp_excel], "files": {name in /lite: local path}, "out": result JSON path}. Nothing is fetched
// from the network: micropip is unpacked from its wheel, the other wheels are installed by
// micropip from the in-memory file system, as xlwings Lite installs requirements.txt.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const cfg = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { loadPyodide } = await import(pathToFileURL(path.join(cfg.pyodide, "pyodide.mjs")).href);
const started = performance.now();
const py = await loadPyodide({
  indexURL: cfg.pyodide + path.sep,
  stdout: (s) => console.error(s),
  stderr: (s) => console.error(s),
});
const loaded = performance.now();
py.FS.mkdirTree("/lite/wheels");
for (const w of cfg.wheels) py.FS.writeFile("/lite/wheels/" + path.basename(w), readFileSync(w));
for (const [name, local] of Object.entries(cfg.files)) py.FS.writeFile("/lite/" + name, readFileSync(local));
const here = fileURLToPath(new URL(".", import.meta.url));
const result = await py.runPythonAsync(readFileSync(path.join(here, "lite_fill.py"), "utf8"));
const out = JSON.parse(result);
out.seconds.pyodide_start = (loaded - started) / 1000;
out.seconds.node_total = (performance.now() - started) / 1000;
writeFileSync(cfg.out, JSON.stringify(out));
