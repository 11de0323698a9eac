"""导出下发包 while 统计与同步 is connected to a PostgreSQL headquarters: the pack is made
from this desk's workspace with the registries the field's bundles brought into the database."""
from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from export.sync.hq import import_to_hq
from export.sync.pack import import_pack
from storage.hq import open_hq
from storage.sync.packs import assign_block
from storage.workspace import Workspace
from tests.equipment_sample import CHECKLIST
from tests.hq import conftest as hq
from tests.hq.test_postgres import login

from .test_hq_postgres import wait_loaded

pg_cluster, pg_url, bundles = hq.pg_cluster, hq.pg_url, hq.bundles


def test_the_pack_is_exported_while_connected_to_postgresql(qtbot, window, pg_cluster, pg_url,
                                                            bundles, tmp_path):
    with open_hq(pg_url) as db:                         # a laptop's bundle, merged by an importer
        import_to_hq(db, [bundles["a1"]], trust=True)
        in_pg = sorted(r[0] for r in db.conn.execute("SELECT name FROM enterprise"))
        boilers = db.conn.execute("SELECT count(*) FROM equipment").fetchone()[0]
    with Workspace.open(tmp_path / "laptop.sitecheck") as laptop:
        laptop_id = laptop.device_id
    desk = window.ctx.ws
    desk.install_checklist(CHECKLIST, "局机关检查表.yaml")
    assign_block(desk, laptop_id, "杭西应急责改", 2026, 101, 200)
    own = desk.add_enterprise(name="局机关登记的企业", district="上城区")
    view = window.show_view("hq")
    wait_loaded(qtbot, view, lambda: view.connect_hq(login(pg_cluster, pg_url, "sitecheck_clerk")))
    export = view.findChild(QPushButton, "hqPackExport")
    assert export.isEnabled() and not view.findChild(QPushButton, "hqPackImport").isEnabled()

    out = tmp_path / "局机关下发包.scpack"
    view.export_pack(str(out))
    qtbot.waitUntil(lambda: out.exists() and not window.ctx.ops.busy, timeout=30000)
    assert str(out) in window.statusBar().currentMessage()
    assert len(in_pg) > 0 and boilers > 0
    with Workspace.open(tmp_path / "laptop.sitecheck") as laptop:
        report = import_pack(laptop, out, trust=True)
        assert sorted(e.name for e in laptop.enterprises()) == sorted([*in_pg, own.name])
        assert len(laptop.equipment_list()) == boilers
        assert "vessel-sample" in [c.id for c in laptop.checklists()]
        assert report.added["number_block"] == 1
