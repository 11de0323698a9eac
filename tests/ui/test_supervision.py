"""挂牌督办 from the GUI: the ledger's action on a major hazard (dialog, listing and
notice in the database), the mark and the filter in the ledger, the reminder on the
home view, and 摘牌 refused before a re-inspection closed the hazard, then done."""
from __future__ import annotations

import io
import re
from datetime import timedelta

from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from checklists.common.vocabulary import DocumentKind, FindingState, HazardLevel, InspectionMode

FAULT = "液氨储罐区未设置泄漏报警装置"
GENERAL = "消防通道堆放杂物"


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20000)


def people(ws) -> list[dict]:
    return [dict(p) for p in ws.setting("inspectors")[:2]]


def inspected(ws):
    ent = ws.add_enterprise(name="杭州冷链食品有限公司", district="余杭区")
    insp = ws.start_inspection(ent.id, [ws.checklists()[0].hash], people(ws))
    major = ws.add_finding(insp.id, description=FAULT, level=HazardLevel.MAJOR,
                           deadline=ws.today() + timedelta(days=5))
    general = ws.add_finding(insp.id, description=GENERAL, deadline=ws.today() + timedelta(days=5))
    return insp, major, general


def select(view, finding_id: str) -> None:
    row = next(n for n, r in enumerate(view.model.rows) if r.finding.id == finding_id)
    view.table.selectRow(row)


def message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_list_from_the_ledger_mark_filter_and_home_reminder(qtbot, window):
    ws = window.ctx.ws
    insp, major, general = inspected(ws)
    view = window.show_view("ledger")
    select(view, general.id)
    assert not view.supervise_button.isEnabled()               # a general hazard is not listed
    select(view, major.id)
    assert view.supervise_button.isEnabled() and view.supervise_button.text() == "挂牌督办…"
    dialog = view.supervise()
    assert dialog.findChild(type(dialog.form.widgets["supervisor"]), "superviseSupervisor").text() \
        == ws.supervisor_for(major.id)
    dialog.deadline.setDate(QDate(2026, 11, 25))
    dialog.save()
    wait_idle(qtbot, window)
    listed = ws.finding_supervision(major.id)
    assert listed.deadline == "2026-11-25" and listed.listed_on == "2026-11-20"
    notice = ws.document(listed.notice_document_id)
    assert notice.kind == DocumentKind.SUPERVISION and notice.inspection_id == insp.id
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in
                                      PdfReader(io.BytesIO(ws.document_pdf(notice.id))).pages))
    assert "挂牌督办通知书" in text and FAULT in text and "督办期限：2026年11月25日" in text
    assert not dialog.isVisible()
    level = view.model.index(next(n for n, r in enumerate(view.model.rows) if r.finding.id == major.id), 3)
    assert view.model.data(level, Qt.ItemDataRole.DisplayRole) == "重大隐患（督办）"
    assert view.model.data(level, Qt.ItemDataRole.ToolTipRole) == "督办中，督办期限 2026-11-25"
    view.supervision.setCurrentIndex(view.supervision.findData("listed"))
    assert [r.finding.id for r in view.model.rows] == [major.id]
    view.supervision.setCurrentIndex(view.supervision.findData("overdue"))
    assert view.model.rows == []                                # not overdue on 11-20
    home = window.show_view("home")
    qtbot.waitUntil(lambda: home.hazards.count() > 0 and "挂牌督办 1 项" in home.figures.text())
    first = home.hazards.item(0)
    assert first.text().startswith("督办到期 2026-11-25") and FAULT in first.text()
    home.hazards.itemActivated.emit(first)
    assert window.stack.currentWidget() is view and view.supervision.currentData() == "listed"
    assert [r.finding.id for r in view.model.rows] == [major.id]


def test_delist_refused_until_closed_then_done(qtbot, window, monkeypatch):
    ws = window.ctx.ws
    insp, major, general = inspected(ws)
    listed = ws.list_supervision(major.id, deadline=ws.today() + timedelta(days=3))
    view = window.show_view("ledger")
    view.refresh()
    select(view, major.id)
    assert view.supervise_button.text() == "摘牌…"
    dialog = view.supervise()
    assert dialog.basis.text() == ""                            # no 整改复查意见书 closed it yet
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    dialog.basis.setText("企业整改报告")
    dialog.save()
    assert ws.supervision(listed.id).delisted_on is None and dialog.isVisible()
    assert any("尚未经复查销号" in box.text() for box in message_boxes())
    dialog.reject()
    for box in message_boxes():
        box.close()
    from export.issue import Opinion, issue_order, issue_review

    issue_order(ws, insp.id)
    again = ws.start_inspection(insp.enterprise_id, [], people(ws), mode=InspectionMode.REINSPECTION,
                                parent_id=insp.id)
    review = issue_review(ws, again.id, {major.id: Opinion.RECTIFIED, general.id: Opinion.RECTIFIED})
    assert ws.finding(major.id).state == FindingState.CLOSED
    view.refresh()
    select(view, major.id)
    dialog = view.supervise()
    assert dialog.basis.text() == review.number                  # the closing 整改复查意见书
    dialog.delisted_on.setDate(QDate(2026, 11, 19))             # before the listing: refused under its field
    dialog.save()
    assert "不在挂牌日期" in dialog.form.error_text("delisted_on") and dialog.isVisible()
    dialog.delisted_on.setDate(QDate(2026, 11, 20))
    dialog.save()
    done = ws.supervision(listed.id)
    assert (done.delisted_on, done.delist_basis) == ("2026-11-20", review.number) and not dialog.isVisible()
    assert ws.finding_supervision(major.id) is None and ws.audit_verify() == []


def test_dialogs_fit_1024x768_at_scale_one_and_a_half(qtbot, window):
    """683x512 logical pixels, in both languages, with the longest text a finding may have."""
    ws = window.ctx.ws
    insp, major, _ = inspected(ws)
    long = ws.add_finding(insp.id, description="储罐区" * 300, level=HazardLevel.MAJOR,
                          deadline=ws.today() + timedelta(days=5))
    listed = ws.list_supervision(major.id, deadline=ws.today() + timedelta(days=5))
    for lang in ("en", "zh_CN"):
        window.language_requested.emit(lang)
        view = window.show_view("ledger")
        view.refresh()
        for finding_id in (long.id, major.id):
            select(view, finding_id)
            dialog = view.supervise()
            dialog.adjustSize()
            assert dialog.width() <= 683 and dialog.height() <= 512, (lang, dialog.size())
            dialog.reject()
        assert view.supervise_dialog.objectName() == "delistDialog"     # the listed one: 摘牌
        assert ws.supervision(listed.id).delisted_on is None
