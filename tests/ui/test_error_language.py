"""The core's errors are shown in the UI's language (issue 10 §5)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from checklists.common.errors import InvalidInput
from ui.errors import inline_text

INSPECTORS = [{"name": "王伟", "cert_no": "33010012345"}, {"name": "李娜", "cert_no": "33010012346"}]


def _bad_deadline(ws, progress):
    enterprise = ws.add_enterprise(name="杭州堃喆机械制造有限公司")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    inspection = ws.start_inspection(enterprise.id, [checklist.hash], INSPECTORS)
    finding = ws.add_finding(inspection.id, description="配电箱门锁损坏", deadline="2026-12-01")
    ws.update_finding(finding.id, deadline="2026-02-30")           # the core refuses it


def _shown_error(qtbot, window) -> tuple[str, str]:
    window.ctx.ops.run(_bad_deadline, parent=window, title="x", show_progress=False)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is not None, timeout=5000)
    box = window.findChild(QMessageBox, "errorBox")
    shown = box.windowTitle(), box.text(), box.informativeText()
    box.close()
    box.deleteLater()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is None, timeout=5000)
    return shown


@pytest.mark.parametrize(("lang", "title", "text", "hint"), [
    ("en", "Cannot complete the operation", "Deadline: not a valid date: 2026-02-30", "Write it as 2026-12-31"),
    ("zh_CN", "无法完成操作", "整改期限: 日期无效：2026-02-30", "请按 2026-12-31 的格式填写"),
])
def test_a_core_error_is_shown_in_the_ui_language(qtbot, window, lang, title, text, hint):
    window.language_requested.emit(lang)              # as 设置's language choice does
    assert _shown_error(qtbot, window) == (title, text, hint)
    window.language_requested.emit("zh_CN")


def test_an_input_error_beside_its_field_follows_the_language(qtbot, window):
    err = InvalidInput("联系电话", "号码格式不正确：{value}",
                       hint="手机号为11位（如 13812345678），固话如 0571-87654321", value="12")
    window.language_requested.emit("en")
    assert inline_text(err) == ("Not a valid phone number: 12. A mobile number has 11 digits "
                                "(e.g. 13812345678), a landline looks like 0571-87654321")
    window.language_requested.emit("zh_CN")
    assert inline_text(err) == "号码格式不正确：12。手机号为11位（如 13812345678），固话如 0571-87654321"
