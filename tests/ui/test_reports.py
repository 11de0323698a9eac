"""The statistics view's period filter and 导出报表…, and the 行政处罚 dialog of the
enterprise file: driven through the widgets, checked against the database and files."""
from __future__ import annotations

from collections import Counter
from datetime import date

import openpyxl
from pypdf import PdfReader

from storage import demo


def _direct_inspections(ws, start: str, end: str) -> Counter:
    """Inspections started in the period per district, counted over the rows."""
    rows = ws.execute("SELECT e.district, i.started_at FROM inspection i JOIN enterprise e "
                      "ON e.id = i.enterprise_id WHERE i.deleted = 0").fetchall()
    return Counter(d or "未填写区域" for d, at in rows if start <= at[:10] <= end)


def test_period_filter_limits_the_figures(qtbot, window):
    ws = window.ctx.ws
    demo.fill(ws, inspections=16)
    view = window.show_view("hq")
    qtbot.waitUntil(lambda: bool(view.rows), timeout=10000)
    everything = {r.label: r.inspections for r in view.rows}
    assert everything == dict(_direct_inspections(ws, "0000", "9999"))
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.set_period(date(2026, 9, 1), date(2026, 10, 31))
    want = _direct_inspections(ws, "2026-09-01", "2026-10-31")
    assert 0 < sum(want.values()) < sum(everything.values())
    assert {r.label: r.inspections for r in view.rows} == dict(want)
    assert view.totals.text().startswith(f"2026-09-01 至 2026-10-31 合计：检查 {sum(want.values())} 次")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.limit.setChecked(False)
    assert {r.label: r.inspections for r in view.rows} == everything
    assert view.totals.text().startswith("全部合计：")


def test_export_report_runs_off_the_ui_thread_and_writes_the_period(qtbot, window, tmp_path):
    ws = window.ctx.ws
    demo.fill(ws, inspections=12)
    view = window.show_view("hq")
    view.set_period(date(2026, 7, 1), date(2026, 11, 20), limit=False)
    out = tmp_path / "季报.xlsx"
    assert view.export_report(str(out)) is not None
    qtbot.waitUntil(lambda: not window.ctx.ops.busy and out.exists(), timeout=20000)
    overview = {r[0]: r[1] for r in openpyxl.load_workbook(out, read_only=True)["概况"].iter_rows(values_only=True)}
    assert overview["统计期间"] == "2026年7月1日至2026年11月20日"
    assert overview["检查（次）"] == sum(_direct_inspections(ws, "2026-07-01", "2026-11-20").values()) > 0
    assert overview["立案（件）"] == ws.execute("SELECT COUNT(*) FROM penalty WHERE filed_on BETWEEN "
                                             "'2026-07-01' AND '2026-11-20'").fetchone()[0] > 0
    pdf = tmp_path / "季报.pdf"
    view.export_report(str(pdf))
    qtbot.waitUntil(lambda: not window.ctx.ops.busy and pdf.exists(), timeout=30000)
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages).replace("\n", "")
    assert "安全监管执法统计报表" in text and "八、立案与行政处罚" in text


def test_penalty_dialog_refuses_then_records(qtbot, window):
    from ui.dialogs.dossier import DossierDialog

    ws = window.ctx.ws
    firm = ws.add_enterprise(name="杭州恒达印染有限公司", district="西湖区")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(firm.id, [checklist.hash], [dict(p) for p in ws.setting("inspectors")[:2]])
    dossier = DossierDialog(window.ctx, firm.id, window)
    qtbot.addWidget(dossier)
    assert dossier.penalties.rowCount() == 0 and dossier.penalty_button.isEnabled()

    def run(dialog):
        assert dialog.inspection.currentData() == insp.id
        dialog.number.setText("杭西应急罚〔2026〕8号")
        dialog.decided_on.setText("2026-11-20")
        dialog.check_kind("fine")
        dialog.save()                                       # a fine without its amount
        assert dialog.form.error_text("amount").startswith("处以罚款的须填写金额")
        assert ws.penalties() == []
        dialog.amount.setText("12.345")
        dialog.save()
        assert dialog.form.error_text("amount").startswith("金额无效")
        assert ws.penalties() == []
        dialog.amount.setText("20000")
        dialog.save()
        assert dialog.saved is not None
        return 1

    dossier.add_penalty(run=run)
    [saved] = ws.penalties(enterprise_id=firm.id)
    assert (saved.decision_number, saved.amount_fen, [str(k) for k in saved.kinds]) == \
        ("杭西应急罚〔2026〕8号", 2_000_000, ["fine"])
    assert [dossier.penalties.item(0, c).text() for c in range(5)] == \
        ["2026-11-20", "杭西应急罚〔2026〕8号", "2026-11-20", "罚款", "20000.00"]
    assert ws.audit_verify() == []


def test_penalty_filed_then_decided_through_the_dialog(qtbot, window):
    from ui.dialogs.dossier import DossierDialog

    ws = window.ctx.ws
    firm = ws.add_enterprise(name="杭州永盛化工有限公司", district="萧山区")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(firm.id, [checklist.hash], [dict(p) for p in ws.setting("inspectors")[:2]])
    filed = ws.record_penalty(insp.id, filed_on="2026-11-20")
    dossier = DossierDialog(window.ctx, firm.id, window)
    qtbot.addWidget(dossier)
    assert dossier.penalties.item(0, 1).text() == "（尚未决定）" and not dossier.penalty_edit.isEnabled()
    dossier.penalties.selectRow(0)
    assert dossier.penalty_edit.isEnabled()

    def run(dialog):
        assert dialog.filed_on.text() == "2026-11-20" and not dialog.inspection.isEnabled()
        dialog.number.setText("杭萧应急罚〔2026〕2号")
        dialog.decided_on.setText("2026-11-20")
        dialog.check_kind("warning")
        dialog.amount.setText("500")
        dialog.save()                                       # an amount with a warning only
        assert dialog.form.error_text("amount").startswith("只有罚款或没收违法所得才有金额")
        assert ws.penalty(filed.id).decision_number is None
        dialog.amount.clear()
        dialog.save()
        return 1

    dossier.add_penalty(run=run, edit=True)
    done = ws.penalty(filed.id)
    assert (done.decision_number, done.decided_on, [str(k) for k in done.kinds], done.amount_fen) == \
        ("杭萧应急罚〔2026〕2号", "2026-11-20", ["warning"], None)
    assert dossier.penalties.item(0, 3).text() == "警告" and len(ws.penalties()) == 1
