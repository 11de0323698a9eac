"""Printing from the finish view: Ctrl+P, the print dialog (printer, copies, duplex,
remembered), the stored PDF sent to a real CUPS queue (cups-pdf), the status line."""
from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from export import issue
from storage.demo import fill
from tests.export.test_print import QUEUE, _queue_ready, job_attributes, wait_completed
from ui.prefs import PrintChoice, remember_print_choice, remembered_print_choice
from ui.widgets.documents import pdf_queues


@pytest.fixture
def finish(qtbot, window):
    """The finish view of a finished inspection with open findings and photos, at 1366x768."""
    reason = _queue_ready()
    if reason:
        pytest.skip(reason)
    ws = window.ctx.ws
    fill(ws, inspections=3, photos=True)
    insp = next(i for i in ws.inspections() if issue._order_findings(ws, i.id))
    for finding in issue._order_findings(ws, insp.id):   # an order issued today needs deadlines from today on
        if finding.deadline and finding.deadline < ws.today().isoformat():
            ws.update_finding(finding.id, deadline=ws.today() + timedelta(days=15))
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.open_inspection(insp.id)
    assert window.stack.currentWidget() is window.finish
    return window.finish


def press(qtbot, keys: list, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press ``key`` on the widget that has the focus in ``window`` (or in the modal
    dialog over it), counting it in ``keys``."""
    target = QApplication.activeModalWidget() or window
    if not target.isActiveWindow():      # offscreen, a closed progress dialog leaves none active
        target.activateWindow()
        qtbot.waitUntil(target.isActiveWindow, timeout=5000)
    qtbot.keyClick(target.focusWidget() or target, key, modifier)
    keys.append(key)


def open_dialog(qtbot, panel):
    panel.print_dialog()
    qtbot.waitUntil(lambda: panel.printing is not None, timeout=20000)
    return panel.printing


def test_the_order_prints_to_cups_in_few_keys_from_the_finish_view(qtbot, window, finish):
    remember_print_choice(PrintChoice(QUEUE))            # the printer chosen last time
    panel, keys = finish.documents, []
    finish.order_button.setFocus()
    press(qtbot, keys, window, Qt.Key.Key_Space)           # 出具指令书
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20000)
    order = panel.current()
    assert order is not None and order.kind != "record"
    if not panel.isAncestorOf(window.focusWidget()):
        panel.setFocus()   # the finish view moves the focus to its documents after issuing
    press(qtbot, keys, window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.printing is not None, timeout=20000)
    dialog = panel.printing
    assert dialog.isVisible()
    assert dialog.printer.currentData() == QUEUE and order.number in dialog.what.text()
    with qtbot.waitSignal(panel.sent, timeout=20000) as sent:
        press(qtbot, keys, window, Qt.Key.Key_Return)      # 打印
    assert len(keys) <= 5
    job = sent.args[0]
    assert job.queue == QUEUE and wait_completed(job.job_id)
    text = f"已发送到打印机 {QUEUE}（作业 {job.number}）"
    assert panel.notice.text() == text and window.statusBar().currentMessage() == text
    attrs = job_attributes(job)
    assert attrs["document-format"] == "application/pdf" and attrs["copies"] == "1"
    assert window.ctx.ws.document_pdf(order.id)           # the stored bytes are what went out


def test_the_dialog_sends_copies_and_duplex_and_remembers_them(qtbot, window, finish):
    finish.issue("record")
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20000)
    panel = finish.documents
    dialog = open_dialog(qtbot, panel)
    dialog.printer.setCurrentIndex(dialog.printer.findData(QUEUE))
    dialog.copies.setValue(2)
    dialog.duplex.setChecked(True)
    with qtbot.waitSignal(panel.sent, timeout=20000) as sent:
        dialog.accept()
    attrs = job_attributes(sent.args[0])
    assert (attrs["copies"], attrs["sides"]) == ("2", "two-sided-long-edge")
    wait_completed(sent.args[0].job_id)
    assert remembered_print_choice() == PrintChoice(QUEUE, 2, True)
    again = open_dialog(qtbot, panel)                     # next time it opens on that choice
    assert (again.printer.currentData(), again.copies.value(), again.duplex.isChecked()) == (QUEUE, 2, True)
    again.reject()
    assert panel.printing is None


def test_a_gone_printer_is_a_clear_error(qtbot, window, finish):
    finish.issue("record")
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20000)
    panel = finish.documents
    remember_print_choice(PrintChoice("已拆除的打印机", 3))
    open_dialog(qtbot, panel)                             # opens on the default (first) queue instead
    assert panel.printing.printer.currentIndex() == 0 and panel.printing.copies.value() == 3
    panel.printing.reject()
    panel.send(PrintChoice("已拆除的打印机"))                # the queue went away while choosing
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is not None, timeout=20000)
    box = window.findChild(QMessageBox, "errorBox")
    assert "打印机“已拆除的打印机”不存在" in box.text() and "另选一台" in box.informativeText()
    assert panel.notice.text() == "打印作业没有发出"
    box.close()


def test_cups_not_running_is_said_when_printing_is_asked(qtbot, window, finish, monkeypatch):
    finish.issue("record")
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20000)
    monkeypatch.setenv("CUPS_SERVER", "127.0.0.1:9")       # where no scheduler listens
    finish.documents.print_dialog()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is not None, timeout=20000)
    box = window.findChild(QMessageBox, "errorBox")
    assert "打印服务（CUPS）没有运行" in box.text()
    assert finish.documents.printing is None
    box.close()


def test_without_cups_the_qt_dialog_is_the_way(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))              # no lp: Windows-like
    assert pdf_queues() == []
