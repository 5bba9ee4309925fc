"""The filled workbook, read back with openpyxl and as raw OOXML: layout, formulas, cached values,
formats, conditional formats, charts, links, print set-up and text safety."""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from core_factory import results_for
from test_writer_support import FORMULA_TEXT, build, reference_figures

from csp_excel.core.model import Return
from csp_excel.writers import write_filled
from csp_excel.writers.xl_formats import ARROWS, quote_sheet, same

warnings.filterwarnings("ignore", message=".*extension is not supported.*")

SERIES = {
    "actual": "actual",
    "actual_last_year": "actual_last_year",
    "ytd": "ytd",
    "ytd_last_year": "ytd_last_year",
    "pct_change": "pct_change",
    "r12": "r12",
    "r12_change": "r12_change",
    "rate": "rate",
    "denominator_value": "denominator_value",
    "target": "target",
    "variance": "variance",
    "pct_ytd": "pct_ytd",
    "pct_ytd_last_year": "pct_ytd_last_year",
}
DERIVED = (
    "ytd",
    "ytd_last_year",
    "pct_change",
    "r12",
    "rate",
    "denominator_value",
    "target",
    "variance",
    "pct_ytd",
)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("writer")
    path, ret, comp, infos = build(tmp, {"TNO": "Drafted overview text for TNO."})
    wb = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    return path, ret, comp, infos, wb, cached


def test_sheet_order_and_names(written) -> None:
    _, ret, _, infos, wb, _ = written
    names = wb.sheetnames
    assert names[0] == "Dashboard"
    assert names[-2:] == ["Data quality", "Settings"]
    assert names[1:-2] == [i.name for i in infos]
    assert len(names[1:-2]) == len(ret.indicators)
    for name in names:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name)
    assert "MARAC repeat referrals_ rate _a" in names  # 47 chars with ':' '[' ']' sanitised


def test_defined_names_point_at_settings(written) -> None:
    _, _, _, _, wb, cached = written
    names = {n: wb.defined_names[n].attr_text for n in wb.defined_names}
    for want in ("RAG_Tolerance", "Static_Band", "Reporting_Month", "Partnership"):
        assert names[want].startswith("'Settings'!$B$") or names[want].startswith("Settings!$B$")
    assert "Den_Residents_Value" in names and "Den_Residents_From" in names
    sheet, ref = names["RAG_Tolerance"].replace("'", "").split("!")
    assert cached[sheet][ref.replace("$", "")].value == pytest.approx(0.10)


# Each indicator's RAG at December 2016, worked out by hand from the raw figures (tolerance 10%).
EXPECTED_RAG = {
    "TNO": "A",  # YTD 13,207 against last year's 13,075: 1.0% over, within the tolerance
    "Residential burglary": "A",  # YTD 910 against the YTD target 900: 1.1% over
    "Drug treatment": "G",  # 73 / 101 = 72.3% against at least 70%
    "MARAC repeat referrals_ rate _a": "G",  # 36 / 108 = 33.3%, inside 28% - 40%
    "ASB": "None",  # for monitoring only
}


def test_derived_rows_are_formulas_whose_cached_values_are_the_raw_arithmetic(written) -> None:
    """Cached values against figures worked out in the test from the raw rows (not against the
    Computed the writer was given: that would compare the writer with itself). That the formulas
    give the same values is proved by test_libreoffice_recalc."""
    _, ret, comps, infos, wb, cached = written
    checked = 0
    for info, comp in zip(infos, comps, strict=True):
        ws, wc = wb[info.name], cached[info.name]
        assert info.stats.fallbacks == [], info.name
        for key, row in info.rows.items():
            if key in DERIVED and getattr(comp, SERIES[key], None) is not None:
                for i in range(comp.n):
                    c = ws.cell(row=row + 1, column=2 + i)
                    assert c.data_type == "f", (info.name, key, c.coordinate)
        for key, want in reference_figures(info.indicator, ret.settings).items():
            row = info.rows[key]
            for i, value in enumerate(want):
                got = wc.cell(row=row + 1, column=2 + i).value
                assert same(got, value), (info.name, key, i, got, value)
                checked += 1
    assert checked > 300


def test_ytd_formula_shape_and_blank_after_reporting_month(written) -> None:
    _, _, comps, infos, wb, cached = written
    info = infos[0]
    row = info.rows["ytd"] + 1
    f = wb["TNO"].cell(row=row, column=3).value  # May
    assert "SUM($B$" in f and "IF(AND(2<=" in f
    assert cached["TNO"].cell(row=row, column=10).value == 13207  # Dec-16
    assert cached["TNO"].cell(row=row, column=11).value in ("", None)  # Jan-17: not carried forward
    r12 = cached["TNO"].cell(row=info.rows["r12"] + 1, column=10).value
    assert r12 == 17587


def test_summary_rag_and_dot_cached(written) -> None:
    _, ret, comps, infos, wb, cached = written
    for info, comp in zip(infos, comps, strict=True):
        a1 = info.summary["rag"][0].replace("$", "")
        assert cached[info.name][a1].value == EXPECTED_RAG[info.name]
        if comp.report_index is not None and info.indicator.polarity in ("lower", "higher"):
            assert wb[info.name][a1].data_type == "f", info.name
        dot = cached[info.name][info.summary["dot"][0].replace("$", "")].value or ""
        assert dot in set(ARROWS.values()) | {""}
    rag_formula = wb["TNO"][infos[0].summary["rag"][0].replace("$", "")].value
    assert "$B$" in rag_formula and '"A"' in rag_formula


def test_number_formats(written) -> None:
    _, _, _, infos, wb, _ = written
    ws = wb["TNO"]
    rows = infos[0].rows
    assert ws.cell(row=rows["actual"] + 1, column=2).number_format == "#,##0"
    assert ws.cell(row=rows["rate"] + 1, column=2).number_format == "0.00"
    assert "%" in ws.cell(row=rows["pct_change"] + 1, column=2).number_format
    drugs = infos[2]
    assert wb[drugs.name].cell(row=drugs.rows["pct_ytd"] + 1, column=2).number_format == "0.0%"


def test_conditional_formats(written) -> None:
    _, _, _, infos, wb, _ = written
    dash = wb["Dashboard"]
    rules = [r for cf in dash.conditional_formatting for r in cf.rules]
    icons = [r for r in rules if r.type == "iconSet"]
    # 3TrafficLights1 is the OOXML default, so xlsxwriter leaves the attribute out
    assert icons and icons[0].iconSet.iconSet in (None, "3TrafficLights1")
    assert [c.val for c in icons[0].iconSet.cfvo] == [0, 2, 3]
    assert icons[0].iconSet.showValue is False
    cell_rules = [r for r in rules if r.type == "cellIs"]
    assert {'"R"', '"A"', '"G"', '"None"'} <= {f for r in cell_rules for f in r.formula}
    tno = [r for cf in wb["TNO"].conditional_formatting for r in cf.rules]
    assert any('"R"' in r.formula for r in tno if r.type == "cellIs")


def test_dashboard_rows(written) -> None:
    _, ret, comps, infos, wb, cached = written
    ws, wc = wb["Dashboard"], cached["Dashboard"]
    header = [c.value for c in ws[4]]
    assert header[:4] == ["Indicator", "Latest period", "Actual", "Year to date"]
    assert ws.freeze_panes == "B5"
    assert ws.auto_filter.ref.startswith("A4:")
    assert header[-1] == "Indicator sheet"  # the links: their own column, after the figures
    for k, info in enumerate(infos):
        r = 5 + k
        # The title is plain text (LibreOffice does not wrap a hyperlink cell); the link to the
        # sheet is an internal hyperlink, not a formula, in the last column.
        assert ws.cell(row=r, column=1).hyperlink is None
        link = ws.cell(row=r, column=len(header)).hyperlink
        assert link is not None and link.location.startswith(quote_sheet(info.name))
        assert ws.cell(row=r, column=len(header)).value == "Go to"
        assert not str(ws.cell(row=r, column=1).value).startswith("=")
        assert wc.cell(row=r, column=1).value == info.indicator.title
        rag = wc.cell(row=r, column=12).value
        assert rag == EXPECTED_RAG[info.name]
        code = wc.cell(row=r, column=11).value
        assert code == {"G": 3, "A": 2, "R": 1}.get(rag, None) or (
            rag == "None" and code in ("", None)
        )
        assert ws.cell(row=r, column=11).data_type == "f"
    ytd = ws.cell(row=5, column=4)
    assert ytd.data_type == "f" and "'TNO'!" in ytd.value
    assert wc.cell(row=5, column=4).value == 13207
    xml = zipfile.ZipFile(written[0]).read("xl/worksheets/sheet1.xml").decode()
    assert "sparklineGroup" in xml and "'TNO'!B" in xml


def test_charts_point_at_the_right_rows(written) -> None:
    path, ret, comps, infos, _, _ = written
    z = zipfile.ZipFile(path)
    charts = [z.read(n).decode() for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml", n)]
    refs = [set(re.findall(r"<c:f>([^<]+)</c:f>", c)) for c in charts]
    count = [
        i for i in infos if i.indicator.kind == "count" and i.comp and i.comp.numerator is None
    ]
    for info in count:
        q = (
            "'" + info.name.replace("'", "''") + "'"
            if " " in info.name or "_" in info.name
            else info.name
        )
        r = info.rows["actual"] + 1
        want = f"{q}!$B${r}:$"
        assert sum(any(x.startswith(want) for x in rs) for rs in refs) == 1, (info.name, want)
    xmr = sum(1 for i in infos if i.spc_rows is not None)
    assert len(charts) == sum(i.charts for i in infos) + xmr
    ranges = [  # a percentage with a target band gets its band chart (issue #13)
        i for i in infos if i.indicator.target.kind == "range" and i.comp and i.comp.numerator
    ]
    assert sum(i.charts for i in infos) == len(count) + sum(
        1 for c in comps if any(c.target)
    ) + len(ranges)


def test_no_data_validation_and_print_setup(written) -> None:
    _, _, _, _, wb, _ = written
    for ws in wb.worksheets:
        assert not ws.data_validations.dataValidation
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth in (1, None) and ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb["Dashboard"].print_title_rows


def test_text_from_the_input_stays_text(written) -> None:
    _, _, _, infos, wb, _ = written
    ws = wb["TNO"]
    found = [
        c
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")
    ]
    assert found and all(c.data_type == "s" for c in found)
    for bad in ("+44 (0)20", "-5 offences", "@mention"):
        hits = [c for row in ws.iter_rows() for c in row if c.value == bad]
        assert hits and hits[0].data_type == "s"
    dq = wb["Data quality"]
    msgs = [c for c in dq["E"] if c.value == FORMULA_TEXT]
    assert msgs and msgs[0].data_type == "s"
    assert any(c.value == "=1+1" and c.data_type == "s" for c in dq["G"])


def test_data_quality_links_and_layout(written) -> None:
    _, ret, _, infos, wb, _ = written
    ws = wb["Data quality"]
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref.startswith("A4:")
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert [r[0] for r in rows][:1] == ["error"]  # worst first
    assert len(rows) == 6  # 5 findings given + the return's own PLACEHOLDER finding
    links = {c.row: c.hyperlink.location for c in ws["H"] if c.hyperlink is not None}
    ytd_row = next(i + 5 for i, r in enumerate(rows) if r[1] == "YTD_MISMATCH")
    target = links[ytd_row]
    assert target.startswith("'TNO'!") and target != "'TNO'!A1"  # mapped to the supplied YTD row
    cell = target.split("!")[1]
    assert wb["TNO"][cell].value == 13207
    notes_row = next(i + 5 for i, r in enumerate(rows) if r[2] == "Notes")
    assert notes_row not in links  # no such sheet in the output


def test_settings_sheet(written) -> None:
    _, ret, _, infos, wb, cached = written
    ws = cached["Settings"]
    values = {r[0]: r[1] for r in ws.iter_rows(min_row=5, max_row=9, values_only=True)}
    assert values["Partnership"] == "Barking & Dagenham"
    assert values["RAG tolerance"] == pytest.approx(0.1)
    dens = [r for r in ws.iter_rows(values_only=True) if r[0] == "Residents"]
    assert [d[1] for d in dens] == [198294, 201979]
    tno = wb["TNO"]
    den_row = infos[0].rows["denominator_value"] + 1
    assert "LOOKUP(" in tno.cell(row=den_row, column=2).value
    assert "Den_Residents_From" in tno.cell(row=den_row, column=2).value


def test_drafted_overview_shown_beside_own(written) -> None:
    _, _, _, _, wb, _ = written
    texts = [c.value for row in wb["TNO"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "Drafted overview text for TNO." in texts
    assert any(t.startswith("Year To Date (YTD) B&D") for t in texts)


def test_write_filled_is_atomic_and_replaces(tmp_path: Path) -> None:
    from test_writer_support import make_computed, make_return

    ret = make_return()
    out = tmp_path / "x.filled.xlsx"
    out.write_bytes(b"old")
    write_filled(ret, results_for(ret, make_computed(ret)), [], out)
    assert zipfile.is_zipfile(out)
    assert [p.name for p in tmp_path.iterdir()] == ["x.filled.xlsx"]


def test_write_filled_failure_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_writer_support import make_computed, make_return

    import csp_excel.writers.workbook as wbmod

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(wbmod, "write_dashboard", boom)
    ret = make_return()
    out = tmp_path / "y.xlsx"
    with pytest.raises(RuntimeError, match="disk full"):
        write_filled(ret, results_for(ret, make_computed(ret)), [], out)
    assert list(tmp_path.iterdir()) == []


def test_empty_return_still_writes(tmp_path: Path) -> None:
    from csp_excel.core.model import Settings

    out = tmp_path / "empty.xlsx"
    write_filled(Return(path=None, settings=Settings()), [], [], out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Dashboard", "Data quality", "Settings"]


def test_awkward_cases_are_all_formulas(tmp_path: Path) -> None:
    """Every figure of the awkward cases found a formula (no fallback value). The formulas give
    the cached values: test_libreoffice_recalc.test_awkward_cases_recalculate_the_same."""
    from test_writer_support import build_edge

    path, _, comps, infos = build_edge(tmp_path)
    cached = openpyxl.load_workbook(path, data_only=True)
    for info in infos:
        assert info.stats.fallbacks == [], info.name
    by = {i.name: i for i in infos}

    def ytd(sheet: str) -> list:
        row = by[sheet].rows["ytd"] + 1
        return [cached[sheet].cell(row=row, column=2 + i).value or None for i in range(12)]

    assert ytd("TNO")[7:9] == [11821, None]  # December is after the November reporting month
    assert ytd("Residential burglary")[:3] == [95, 196, None]  # a missing month stops the YTD


def test_fallback_when_no_formula_reproduces_the_figure(tmp_path: Path) -> None:
    """A computed figure no formula gives (here: tampered) is written as a marked value."""
    from test_writer_support import make_computed, make_return

    from csp_excel.writers.workbook import build_workbook

    ret = make_return()
    comps = make_computed(ret)
    comps[0].ytd[3] = 123456.0
    path = tmp_path / "fb.xlsx"
    infos = build_workbook(ret, results_for(ret, comps), [], path)
    fallbacks = infos[0].stats.fallbacks
    assert fallbacks[0] == "E" + str(infos[0].rows["ytd"] + 1)
    # the rows computed from that YTD (% change, variance) no longer agree either
    assert all(f.startswith("E") for f in fallbacks) and len(fallbacks) == 3
    ws = openpyxl.load_workbook(path)["TNO"]
    c = ws.cell(row=infos[0].rows["ytd"] + 1, column=5)
    assert c.value == 123456 and c.data_type == "n" and c.comment is not None


def test_population_in_force_is_not_worked_out_again_per_cell(tmp_path: Path, monkeypatch) -> None:
    """The rate's population comes from Computed.denominator_value: the writer does not look
    the settings up again (and sort them) for every period."""
    from test_writer_support import make_computed, make_return

    from csp_excel.core.model import Settings
    from csp_excel.writers.workbook import build_workbook

    ret = make_return()
    comps = make_computed(ret)
    assert any(v is not None for c in comps for v in c.denominator_value)
    calls: list[str | None] = []
    original = Settings.denominator

    def counting(self: Settings, name: str | None) -> object:
        calls.append(name)
        return original(self, name)

    monkeypatch.setattr(Settings, "denominator", counting)
    infos = build_workbook(ret, results_for(ret, comps), [], tmp_path / "d.xlsx")
    assert len(calls) <= len(ret.settings.denominators)  # the Settings sheet lists each once
    cached = openpyxl.load_workbook(tmp_path / "d.xlsx", data_only=True)
    for info, comp in zip(infos, comps, strict=True):
        if "denominator_value" in info.rows:
            got = [
                cached[info.name].cell(info.rows["denominator_value"] + 1, 2 + i).value
                for i in range(comp.n)
            ]
            want = reference_figures(info.indicator, ret.settings)["denominator_value"]
            assert all(same(g, v) for g, v in zip(got, want, strict=True)), (info.name, got)


def test_an_indicator_that_could_not_be_calculated_says_so(tmp_path: Path) -> None:
    from test_writer_support import make_computed, make_return

    from csp_excel.writers.workbook import build_workbook

    ret = make_return()
    comps = make_computed(ret)
    assert ret.indicators[0].grid is not None
    infos = build_workbook(
        ret, results_for(ret, comps[1:]), [], tmp_path / "f.xlsx"
    )  # the first one failed
    ws = openpyxl.load_workbook(tmp_path / "f.xlsx")[infos[0].name]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("could not be calculated (see the Data quality sheet)" in t for t in texts)
    assert not any("No period grid" in t for t in texts)


def test_clip_text_cuts_to_the_cell_limit_only() -> None:
    from csp_excel.writers.xl_formats import MAX_STRING, clip_text

    assert clip_text(None) == "" and clip_text(12) == "12" and clip_text("=x") == "=x"
    assert len(clip_text("x" * (MAX_STRING + 5))) == MAX_STRING
