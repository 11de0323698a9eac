"""Two clerks on their own PCs, one PostgreSQL headquarters: one imports through the
统计与同步 view while the other, a read-only clerk, reads the same figures and ledger."""
from __future__ import annotations

import csv

import pytest
from PySide6.QtWidgets import QPushButton

from storage.hq import open_hq
from tests.hq import conftest as hq
from tests.hq.test_postgres import login
from ui import prefs
from ui.context import Context
from ui.views.hq import HeadquartersView

from .conftest import NOW

# the headquarters tests' fixtures: a throwaway cluster, a database, three laptops' bundles
pg_cluster, pg_url, bundles = hq.pg_cluster, hq.pg_url, hq.bundles


def figures(view) -> list[list[str]]:
    return [[view.table.item(r, c).text() for c in range(view.table.columnCount())]
            for r in range(view.table.rowCount())]


def wait_loaded(qtbot, view, action) -> None:
    with qtbot.waitSignal(view.loaded, timeout=20000):
        action()


@pytest.fixture
def second_clerk(qtbot, tmp_path):
    """Another PC: its own workspace and its own 统计与同步 view."""
    ctx = Context.open(tmp_path / "clerk2" / "ws.sitecheck")
    ctx.ws.clock = lambda: NOW
    view = HeadquartersView(ctx)
    qtbot.addWidget(view)
    yield view
    ctx.close()


def test_two_clerks_share_one_postgresql_headquarters(qtbot, window, second_clerk, pg_cluster, pg_url,
                                                      bundles, tmp_path):
    importer = login(pg_cluster, pg_url, "sitecheck_importer")
    clerk = login(pg_cluster, pg_url, "sitecheck_clerk")
    view = window.show_view("hq")
    wait_loaded(qtbot, view, lambda: view.connect_hq(importer))
    assert prefs.remembered_hq_url() == importer
    assert not any(view.findChild(QPushButton, name).isEnabled()     # a workspace's own work
                   for name in ("hqExport", "hqPackImport"))
    wait_loaded(qtbot, second_clerk, lambda: second_clerk.connect_hq(clerk))
    assert figures(second_clerk) == [] and "检查 0 次" in second_clerk.totals.text()

    def run(dialog):                       # the first clerk imports two laptops' bundles
        qtbot.waitUntil(lambda: bool(dialog.infos or dialog.result_text.toPlainText()), timeout=20000)
        assert len(dialog.infos) == 2 and not any(i.trusted for i in dialog.infos), \
            dialog.result_text.toPlainText()
        dialog.trust.setChecked(True)
        dialog.start_import()
        qtbot.waitUntil(lambda: bool(dialog.reports) or not window.ctx.ops.busy, timeout=30000)
    with qtbot.waitSignal(view.loaded, timeout=30000):
        dialog = view.import_bundles([str(bundles["a1"]), str(bundles["b1"])], run=run)
    assert len(dialog.reports) == 2 and "新增" in dialog.result_text.toPlainText()
    assert window.ctx.ws.count_findings() == 0        # into PostgreSQL, not the workspace

    wait_loaded(qtbot, second_clerk, second_clerk.refresh)  # the second clerk looks again
    with open_hq(clerk) as hq:
        expected = hq.statistics(by="district", today=NOW.date())
        total = hq.totals(today=NOW.date())
    assert [row[0] for row in figures(second_clerk)] == [r.label for r in expected]
    assert [row[2] for row in figures(second_clerk)] == [str(r.hazards) for r in expected]
    assert figures(second_clerk) == figures(view) and total.hazards > 0
    assert f"排查隐患 {total.hazards} 项" in second_clerk.totals.text()

    out = tmp_path / "台账.csv"                       # the read-only clerk exports the ledger
    second_clerk.export_ledger(str(out))
    qtbot.waitUntil(lambda: out.exists() and not second_clerk.ctx.ops.busy, timeout=20000)
    with out.open(encoding="utf-8-sig") as fh:
        assert len(list(csv.reader(fh))) == total.hazards + 1
