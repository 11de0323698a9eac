"""The statistics view connected to a PostgreSQL headquarters: the period filter and
导出报表… work there (a read-only clerk's connection, each job its own), and give
what the headquarters holds, not this workspace."""
from __future__ import annotations

from datetime import date

import openpyxl
from pypdf import PdfReader
from PySide6.QtWidgets import QPushButton

from export.dossier import department_name
from export.sync.hq import import_to_hq
from storage import reports
from storage.hq import open_hq
from tests.hq import conftest as hq
from tests.hq.test_postgres import login

from .conftest import NOW

# the headquarters tests' fixtures: a throwaway cluster, a database, three laptops' bundles
pg_cluster, pg_url, bundles = hq.pg_cluster, hq.pg_url, hq.bundles
PERIOD = (date(2026, 9, 1), date(2026, 10, 31))


def test_period_and_report_from_a_postgresql_headquarters(qtbot, window, pg_cluster, pg_url, bundles, tmp_path):
    with open_hq(pg_url) as pg:
        import_to_hq(pg, [bundles["a2"], bundles["b1"], bundles["c-all"]], trust=True)
        everything = pg.totals(today=NOW.date())
        within = pg.statistics(by="district", today=NOW.date(), period=PERIOD)
        report = pg.report(reports.scope(*PERIOD), NOW.date())
    assert 0 < report.total_inspections < everything.inspections
    clerk = login(pg_cluster, pg_url, "sitecheck_clerk")
    view = window.show_view("hq")
    with qtbot.waitSignal(view.loaded, timeout=20000):
        view.connect_hq(clerk)
    assert view.limit.isEnabled() and view.findChild(QPushButton, "hqReport").isEnabled()
    assert f"检查 {everything.inspections} 次" in view.totals.text()

    with qtbot.waitSignal(view.loaded, timeout=20000):         # the period filter, on PostgreSQL
        view.set_period(*PERIOD)
    assert [(r.label, r.inspections, r.hazards) for r in view.rows] == \
        [(r.label, r.inspections, r.hazards) for r in within]
    assert view.totals.text().startswith(f"2026-09-01 至 2026-10-31 合计：检查 {report.total_inspections} 次")
    assert window.ctx.ws.count_findings() == 0                 # none of it is in this workspace

    book = tmp_path / "季报.xlsx"                               # 导出报表… by the read-only clerk
    assert view.export_report(str(book)) is not None
    qtbot.waitUntil(lambda: not window.ctx.ops.busy and book.exists(), timeout=30000)
    overview = {r[0]: r[1] for r in openpyxl.load_workbook(book, read_only=True)["概况"].iter_rows(values_only=True)}
    h = report.total_hazards
    assert overview["统计期间"] == "2026年9月1日至2026年10月31日"
    assert (overview["检查企业（家）"], overview["检查（次）"], overview["排查隐患（项）"], overview["本期销号（项）"],
            overview["立案（件）"]) == (report.enterprises, report.total_inspections, h.found, h.closed, report.filed)
    pdf = tmp_path / "季报.pdf"
    view.export_report(str(pdf))
    qtbot.waitUntil(lambda: not window.ctx.ops.busy and pdf.exists(), timeout=30000)
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages).replace("\n", "").replace(" ", "")
    assert "2026年9月1日至2026年10月31日" in text and f"检查（次）{report.total_inspections}" in text
    department = department_name(window.ctx.ws)   # named in this workspace's settings, it heads the PDF
    assert department and department.replace(" ", "") in text

    with qtbot.waitSignal(view.loaded, timeout=20000):         # back to every inspection
        view.limit.setChecked(False)
    assert view.totals.text().startswith(f"全部合计：检查 {everything.inspections} 次")
