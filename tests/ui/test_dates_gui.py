"""The GUI paths of issue 11 §2/§3: a deadline before today refused in the walk, the
re-inspection's 整改报告 date and new deadlines, 拒签 at issue time and after printing;
each checked in the database and on the stored PDF."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta

from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from checklists.common.vocabulary import Result

from .test_review_draft import ordered_findings


def pdf_text(ws, document_id: str) -> str:
    pages = PdfReader(io.BytesIO(ws.document_pdf(document_id))).pages
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pages))


def walked(window):
    ws = window.ctx.ws
    ent = ws.add_enterprise(name="杭州瑞丰食品有限公司")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(ent.id, [checklist.hash], [dict(p) for p in ws.setting("inspectors")[:2]],
                               site="生产车间")
    item = next(checklist.items())
    ws.record_result(insp.id, checklist.hash, item.id, result=Result.FAIL, note="配电箱未上锁")
    return insp, ws.finding_for_item(insp.id, checklist.hash, item.id)


def test_walk_refuses_a_deadline_before_today(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr("ui.views.walk.show_error", lambda parent, exc: shown.append(exc))
    ws = window.ctx.ws
    insp, finding = walked(window)
    window.open_inspection(insp.id)
    panel = window.walk.finding_panel
    panel.show_finding(ws.finding(finding.id))
    panel.rectification.setCurrentIndex(panel.rectification.findData("deadline"))
    before = ws.finding(finding.id).deadline
    panel.deadline.setDate(QDate(ws.today() - timedelta(days=1)))
    assert shown and "整改期限" in str(shown[-1])
    assert ws.finding(finding.id).deadline == before                 # nothing stored
    assert panel.deadline.date().toPython() == date.fromisoformat(before)  # the panel shows what is stored
    panel.deadline.setDate(QDate(ws.today() + timedelta(days=20)))
    assert ws.finding(finding.id).deadline == (ws.today() + timedelta(days=20)).isoformat()


def test_refusal_at_issue_time_prints_on_the_record(qtbot, window):
    ws = window.ctx.ws
    insp, _ = walked(window)
    ws.finish_inspection(insp.id)
    window.show_documents(insp.id)
    finish = window.finish
    assert not finish.refusal.note.isVisible() or not finish.refusal.isChecked()
    finish.refusal.setChecked(True)
    finish.refusal.note.setText("经宣读后，现场负责人拒绝签名")
    finish.refusal.witness.setText("王五")
    finish.refusal.evidence.setChecked(True)
    finish.issue("record")
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20000)
    [record] = ws.documents(inspection_id=insp.id)
    assert record.data["refusal"] == {"note": "经宣读后，现场负责人拒绝签名", "witness": "王五", "evidence": True}
    assert "被检查单位现场负责人拒绝签名。执法人员注明：经宣读后，现场负责人拒绝签名。见证人：王五。" in pdf_text(ws, record.id)


def test_refusal_noticed_after_printing_corrects_the_document(qtbot, window, monkeypatch):
    errors = []
    monkeypatch.setattr("ui.ops.show_error", lambda parent, exc: errors.append(exc))
    ws = window.ctx.ws
    first, _ = ordered_findings(ws)
    window.show_documents(first.inspection_id)
    panel = window.finish.documents
    [order] = ws.documents(inspection_id=first.inspection_id)
    panel.refresh(order.id)
    assert panel.refusal_button.isEnabled()

    def fill(dialog) -> int:
        dialog.box.note.setText("拒绝在指令书上签字")
        dialog.box.witness.setText("社区网格员赵六")
        return 1

    panel.ask_refusal(run=fill)
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20000)
    newer = ws.superseded_by(order.id)
    assert not errors and newer is not None and newer.data["refusal"]["witness"] == "社区网格员赵六"
    text = pdf_text(ws, newer.id)
    assert "被检查单位负责人拒绝签名。执法人员注明：拒绝在指令书上签字。见证人：社区网格员赵六。" in text
    assert panel.current_id() == newer.id
    panel.ask_refusal(run=lambda dialog: 0)                          # cancelled: nothing
    assert ws.superseded_by(newer.id) is None


def test_reinspection_keeps_the_report_date_and_asks_new_deadlines(qtbot, window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: None)
    ws = window.ctx.ws
    first, _ = ordered_findings(ws)
    re_id = window.start_reinspection(first.id)
    view = window.reinspection
    assert view.deadline.minimumDate().toPython() == ws.today()       # not before the review
    view.set_verdict("partly", note="箱门锁具未更换", deadline=ws.today() + timedelta(days=10))
    view.list.setCurrentRow(1)
    view.set_verdict("rectified", note="杂物已清理")
    view.report_check.setChecked(True)
    view.report_date.setDate(QDate(ws.today()))            # the order was issued today too
    window.show_view("home")
    view.open_reinspection(re_id)                           # as after leaving and coming back
    assert view.report_check.isChecked() and view.report_received() == ws.today()
    view.issue()
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20000)
    [review] = ws.documents(inspection_id=re_id)
    assert review.data["report_received"] == ws.today().isoformat()
    assert review.data["deadlines"] == {first.id: (ws.today() + timedelta(days=10)).isoformat()}
    day = ws.today()
    assert f"你单位于{day.year}年{day.month}月{day.day}日提交了整改报告" in pdf_text(ws, review.id)
