"""送达回证 from the issued-documents panel and 询问笔录 from the finish view, driven
through the GUI; the database is checked after each step."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from checklists.common.vocabulary import DocumentKind, ServiceMethod
from export import issue
from export.interview import draft_key
from storage.demo import fill

ID_NO = "11010519491231002X"


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20000)


def text_of(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def finished_with_documents(qtbot, window):
    ws = window.ctx.ws
    fill(ws, inspections=2)
    insp = next(i for i in ws.inspections() if issue._order_findings(ws, i.id))
    window.open_inspection(insp.id)
    view = window.finish
    assert window.stack.currentWidget() is view
    for kind in ("record", "order"):
        view.issue(kind)
        wait_idle(qtbot, window)
    return insp, view


def test_service_for_two_documents_from_the_panel(qtbot, window):
    ws = window.ctx.ws
    insp, view = finished_with_documents(qtbot, window)
    panel = view.documents
    issued = {d.id for d in ws.documents(inspection_id=insp.id)}
    panel.list.clearSelection()
    assert not panel.service_button.isEnabled()
    panel.list.selectAll()
    assert panel.service_button.isEnabled() and set(panel.servable_selection()) == issued
    qtbot.mouseClick(panel.service_button, Qt.MouseButton.LeftButton)
    dialog = panel.service_dialog
    assert dialog.isVisible() and dialog.findChild(type(dialog.method), "method") is dialog.method
    for doc in ws.documents(inspection_id=insp.id):
        assert doc.number in dialog.findChild(QLabel, "servedDocuments").text()
    dialog.set_method(ServiceMethod.LODGED)
    assert not dialog.form.isRowVisible(dialog.edits["proxy"]) and dialog.form.isRowVisible(dialog.edits["witness"])
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)      # no refusal entered: refused
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "errorBox") is not None, timeout=5000)
    box = dialog.findChild(QMessageBox, "errorBox")
    assert "拒收情况未填写" in box.text()
    box.close()
    assert not ws.documents(inspection_id=insp.id, kind="service") and dialog.isVisible()
    dialog.edits["refusal"].setText("法定代表人拒绝签收")
    dialog.edits["witness"].setText("李四（社区网格员）")
    dialog.edits["recorded"].setText("执法记录仪录像")
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    [served] = ws.documents(inspection_id=insp.id, kind="service")
    assert set(served.data["documents"]) == issued
    assert served.data["particulars"]["method"] == ServiceMethod.LODGED
    assert served.data["particulars"]["witness"] == "李四（社区网格员）"
    text = text_of(ws.document_pdf(served.id))
    assert "留置送达" in text and "法定代表人拒绝签收" in text and "李四（社区网格员）" in text
    qtbot.waitUntil(lambda: panel.current_id() == served.id, timeout=5000)
    panel.list.clearSelection()
    ids = [panel.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(panel.list.count())]
    panel.list.setCurrentRow(ids.index(served.id))      # the 送达回证 itself is not served again
    assert panel.current_id() == served.id and not panel.service_button.isEnabled()


def fill_interview(dialog) -> None:
    e = dialog.edits
    e["place"].setText("被检查单位会议室")
    e["subject"].setText("你单位动火作业安全管理情况")
    e["recusal_answer"].setText("看清楚了，不申请回避。")
    e["name"].setText("赵六")
    dialog.sex.setCurrentIndex(dialog.sex.findData("female"))
    e["id_no"].setText(ID_NO)
    e["phone"].setText("13812345678")
    dialog.relation.setCurrentText("被检查单位安全管理人员")


def test_interview_draft_survives_closing_and_issues(qtbot, window):
    ws = window.ctx.ws
    insp, view = finished_with_documents(qtbot, window)
    qtbot.mouseClick(view.interview_button, Qt.MouseButton.LeftButton)
    dialog = view.interview_dialog
    fill_interview(dialog)
    for n in (1, 2, 3):
        qtbot.mouseClick(dialog.findChild(QPushButton, "addQa"), Qt.MouseButton.LeftButton)
        dialog.table.item(n - 1, 0).setText(f"问题{n}")
        dialog.table.item(n - 1, 1).setText(f"回答{n}")
    dialog.table.setCurrentCell(2, 0)
    qtbot.mouseClick(dialog.findChild(QPushButton, "upQa"), Qt.MouseButton.LeftButton)
    dialog.table.setCurrentCell(0, 0)
    qtbot.mouseClick(dialog.findChild(QPushButton, "removeQa"), Qt.MouseButton.LeftButton)
    # saved while typing, without closing the dialog
    qtbot.waitUntil(lambda: (ws.setting(draft_key(insp.id)) or {}).get("qa") ==
                    [{"question": "问题3", "answer": "回答3"}, {"question": "问题2", "answer": "回答2"}], timeout=5000)
    assert ws.setting(draft_key(insp.id))["person"]["name"] == "赵六"
    dialog.reject()
    qtbot.mouseClick(view.interview_button, Qt.MouseButton.LeftButton)
    again = view.interview_dialog
    assert again is not dialog and again.edits["name"].text() == "赵六" and again.sex.currentData() == "female"
    assert again.pairs() == [{"question": "问题3", "answer": "回答3"}, {"question": "问题2", "answer": "回答2"}]
    assert again.relation.currentText() == "被检查单位安全管理人员"
    qtbot.mouseClick(again.issue_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    [doc] = ws.documents(inspection_id=insp.id, kind=str(DocumentKind.INTERVIEW))
    assert doc.data["particulars"]["qa"][0] == {"question": "问题3", "answer": "回答3"}
    assert ws.setting(draft_key(insp.id)) is None
    text = text_of(ws.document_pdf(doc.id))
    assert "赵六" in text and "性别：女" in text and "问：问题3答：回答3" in text and "以上笔录我看过，与我说的相符" in text
    qtbot.waitUntil(lambda: view.documents.current_id() == doc.id, timeout=5000)
