"""Headquarters: importing a laptop's bundle through the dialog, statistics, ledger export."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from export.sync.bundle import export_bundle
from storage import demo
from storage.ledger import statistics
from storage.sync.devices import devices
from storage.workspace import Workspace
from ui.widgets import filedialogs

from .conftest import NOW


@pytest.fixture
def field_bundle(tmp_path):
    """A bundle exported from another workspace (its own device and key)."""
    field = Workspace.open(tmp_path / "field" / "laptop.sitecheck", clock=lambda: NOW)
    try:
        demo.fill(field, inspections=5)
        out = tmp_path / "王建国-2026-11-20.scbundle"
        export_bundle(field, out)
        counts = {table: field.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                  for table in ("inspection", "finding")}
        return out, field.device_id, counts
    finally:
        field.close()


def run_import(qtbot, window, paths, trust: bool):
    view = window.show_view("hq")

    def run(dialog):
        qtbot.waitUntil(lambda: bool(dialog.infos or dialog.result_text.toPlainText()), timeout=10000)
        if not dialog.infos:
            return 0
        assert not dialog.import_button.isEnabled()          # an unknown device needs confirming
        assert dialog.trust.isVisibleTo(dialog) and dialog.needs_trust
        if trust:
            dialog.trust.setChecked(True)
            assert dialog.import_button.isEnabled()
            dialog.start_import()
            qtbot.waitUntil(lambda: bool(dialog.reports) or not window.ctx.ops.busy, timeout=20000)
        return 1

    return view, view.import_bundles([str(p) for p in paths], run=run)


def test_import_dialog_verifies_asks_trust_then_imports(qtbot, window, field_bundle):
    ws = window.ctx.ws
    path, device_id, counts = field_bundle
    view, dialog = run_import(qtbot, window, [path], trust=True)
    [info] = dialog.infos
    assert info.device_id == device_id and not info.trusted
    assert dialog.table.item(0, 2).text() == info.fingerprint and len(info.fingerprint) == 39
    assert dialog.table.item(0, 0).text() == path.name
    [report] = dialog.reports
    assert not report.already_imported and report.device_name in dialog.result_text.toPlainText()
    for table, n in counts.items():
        assert ws.db.execute(f"SELECT COUNT(*) FROM {table} WHERE device_id = ?",
                             [device_id]).fetchone()[0] == n
    assert any(d.id == device_id and d.trusted for d in devices(ws))

    # the same file again: now trusted, recognised, nothing changes
    before = ws.count_findings()
    def run_again(dialog):
        qtbot.waitUntil(lambda: bool(dialog.infos or dialog.result_text.toPlainText()), timeout=10000)
        assert dialog.infos, dialog.result_text.toPlainText()
        dialog.start_import()
        qtbot.waitUntil(lambda: bool(dialog.reports), timeout=20000)

    again = view.import_bundles([str(path)], run=run_again)
    assert again.infos[0].trusted and not again.trust.isVisibleTo(again)
    assert again.reports[0].already_imported and ws.count_findings() == before


def test_import_refuses_a_tampered_bundle_and_changes_nothing(qtbot, window, field_bundle, tmp_path):
    ws = window.ctx.ws
    path, _, _ = field_bundle
    bad = tmp_path / "damaged.sitecheck"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    before = ws.count_findings()
    _view, dialog = run_import(qtbot, window, [bad], trust=True)
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=10000)
    assert not dialog.infos and not dialog.import_button.isEnabled()
    assert "未导入任何内容" in dialog.result_text.toPlainText()
    assert ws.count_findings() == before


def test_statistics_view_matches_storage_and_exports_the_ledger(qtbot, window, tmp_path):
    ws = window.ctx.ws
    demo.fill(ws, inspections=12)
    view = window.show_view("hq")
    for by in ("district", "inspector", "month", "equipment_kind", "enterprise"):
        with qtbot.waitSignal(view.loaded, timeout=10000):
            view.by.setCurrentIndex(view.by.findData(by))
        expected = statistics(ws, by=by, today=ws.today())
        if by == "month":
            expected = sorted(expected, key=lambda r: r.key)
        assert [r.label for r in view.rows] == [r.label for r in expected]
        assert view.table.rowCount() == len(expected)
        for n, row in enumerate(expected):
            cells = [view.table.item(n, c).text() for c in range(8)]
            assert cells == [row.label, str(row.inspections), str(row.hazards), str(row.major),
                             str(row.rectified), str(row.closed), str(row.overdue),
                             f"{row.closure_rate * 100:.1f}%"]
        assert view.hazard_chart.labels == [r.label for r in expected][:view.hazard_chart.max_rows]
    assert view.hazard_chart.grab().width() > 0

    out = tmp_path / "台账.csv"
    view.export_ledger(str(out))
    qtbot.waitUntil(lambda: not window.ctx.ops.busy and out.exists(), timeout=10000)
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 1 + ws.count_findings()

    ledger = window.show_view("ledger")
    ledger.level.setCurrentIndex(ledger.level.findData("major"))
    xlsx = tmp_path / "重大隐患.xlsx"
    ledger.export(str(xlsx))
    qtbot.waitUntil(lambda: not window.ctx.ops.busy and xlsx.exists(), timeout=10000)
    from openpyxl import load_workbook
    sheet = load_workbook(xlsx).worksheets[0]
    assert sheet.max_row - 1 == ws.count_findings(ledger.query()) > 0


def test_export_dialog_writes_a_bundle_in_the_background(qtbot, window, tmp_path):
    from ui.dialogs.sync import ExportDialog

    ws = window.ctx.ws
    demo.fill(ws, inspections=3)
    dialog = ExportDialog(window.ctx, window)
    proposed = Path(dialog.path.text())
    assert proposed.suffix == ".scbundle" and proposed.parent == filedialogs.start_folder("bundle")
    out = tmp_path / "out" / "laptop.scbundle"
    out.parent.mkdir()
    dialog.path.setText(str(out))
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.result_record is not None, timeout=20000)
    assert out.exists() and dialog.result_record.manifest["counts"]["inspection"] == 3
    assert str(out) in dialog.message.text()


def test_pack_exported_at_headquarters_is_imported_on_a_laptop(qtbot, window, tmp_path):
    """HQ writes a pack from its view; a laptop verifies it, trusts HQ's key after the
    clerk's confirmation, and gets the registries through the same dialog."""
    hq_view = window.show_view("hq")
    hq = window.ctx.ws
    ent = hq.add_enterprise(name="杭州恒达印染有限公司", district="萧山区")
    hq.add_equipment(ent.id, kind="boiler", name="1号锅炉", next_inspection_date="2027-03-01")
    out = tmp_path / "局机关下发包.scpack"
    hq_view.export_pack(str(out))
    qtbot.waitUntil(lambda: out.exists() and not window.ctx.ops.busy, timeout=20000)

    laptop = Workspace.open(tmp_path / "laptop.sitecheck", clock=lambda: NOW)
    laptop.close()
    assert window.switch_workspace(tmp_path / "laptop.sitecheck")
    view = window.show_view("hq")
    _view, dialog = run_import_kind(qtbot, window, view, [out])
    [_info] = dialog.infos
    assert "企业 1" in dialog.table.item(0, 3).text() and "设备 1" in dialog.table.item(0, 3).text()
    assert dialog.reports, dialog.result_text.toPlainText()
    names = [e.name for e in window.ctx.ws.enterprises()]
    assert names == ["杭州恒达印染有限公司"]
    assert [e.name for e in window.ctx.ws.equipment_list()] == ["1号锅炉"]


def run_import_kind(qtbot, window, view, paths):
    def run(dialog):
        qtbot.waitUntil(lambda: bool(dialog.infos or dialog.result_text.toPlainText()), timeout=10000)
        assert dialog.infos, dialog.result_text.toPlainText()
        assert dialog.needs_trust and not dialog.import_button.isEnabled()
        dialog.trust.setChecked(True)
        dialog.start_import()
        qtbot.waitUntil(lambda: bool(dialog.reports) or not window.ctx.ops.busy, timeout=20000)
        return 1

    return view, view.import_pack([str(p) for p in paths], run=run)
