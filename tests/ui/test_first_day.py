"""An inspector's first day, end to end, at 1366x768: an empty workspace, the first-run
set-up, an inspection with two findings and a photo, the order, and the order printed
to a real CUPS queue.  The department, review body and court on the order are the
ones typed into the set-up, in the stored PDF and in what the printer received."""
from __future__ import annotations

import io
import random
import re
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWizard

from checklists.common.vocabulary import FindingState, Result
from storage.demo import sample_photo
from tests.export.test_print import QUEUE, _output_dirs, _queue_ready, wait_completed
from ui.prefs import PrintChoice, remember_print_choice

EMS = {"name": "佛山市南海区应急管理局", "abbr": "南", "government": "佛山市南海区人民政府",
       "court": "佛山市南海区人民法院", "address": "佛山市南海区桂城街道南海大道北1号",
       "phone": "0757-86280000"}
PEOPLE = [("陈志强", "44060520260011"), ("黄丽萍", "44060520260012")]
FAULTS = ["配电箱前堆放杂物，检修通道被占用", "有限空间作业未进行通风和检测"]


def flat(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def newest_output(since: float, timeout: float = 20) -> Path | None:
    """The PDF cups-pdf wrote for a job sent after ``since`` (None where its folder is not readable)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for d in _output_dirs() if d.is_dir() for p in d.glob("*.pdf")
                 if p.stat().st_mtime >= since and p.stat().st_size > 0]
        if found:
            return max(found, key=lambda p: p.stat().st_mtime)
        time.sleep(0.3)
    return None


def activate(qtbot, window) -> None:
    """Offscreen, a closed dialog leaves no window active: give the keys back to the window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def set_up(wizard) -> None:
    """The set-up as a new user fills it: one 应急管理 department, two inspectors, a name."""
    assert wizard.isVisible() and wizard.currentId() == wizard.page_ids["choose"]
    wizard.uses["ems"].setChecked(True)
    wizard.uses["samr"].setChecked(False)
    wizard.next()
    for key, text in EMS.items():
        wizard.departments["ems"].edits[key].setText(text)
    wizard.next()
    assert wizard.currentId() == wizard.page_ids["inspectors"]
    for row, (name, cert) in enumerate(PEOPLE):
        wizard.inspectors.table.item(row, 0).setText(name)
        wizard.inspectors.table.item(row, 1).setText(cert)
    wizard.next()
    wizard.device_name.setText("南海应急-陈志强的笔记本")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert not wizard.isVisible()


def new_inspection(window) -> str:
    """The first inspection: the enterprise is added from inside the dialog."""
    def run(dialog) -> int:
        def enterprise(form) -> int:
            form.findChild(QLineEdit, "name").setText("佛山市南海区某某铝型材有限公司")
            form.save()
            return form.result()

        assert dialog.add_enterprise(enterprise)
        dialog.check_checklist("general-sbls")
        dialog.save()
        return dialog.result()

    inspection_id = window.new_inspection(run=run)
    assert inspection_id and window.stack.currentWidget() is window.walk
    return inspection_id


def walk_two_findings(qtbot, window, inspection_id, tmp_path) -> list:
    ws, walk = window.ctx.ws, window.walk
    activate(qtbot, window)
    checklist = walk.checklists[0]
    findings, items = [], []
    for row, text in enumerate(FAULTS):
        walk.items.setCurrentRow(row)
        walk.items.setFocus()
        qtbot.keyClick(walk.items, Qt.Key.Key_2)                  # 不符合: a finding opens
        item = walk.current[1]
        panel = walk.finding_panel
        panel.description.setPlainText(text)
        panel.flush()
        items.append(item)
        findings.append(ws.finding_for_item(inspection_id, checklist.hash, item.id))
    answers = ws.answers(inspection_id)
    assert [answers[(checklist.hash, i.id)].result for i in items] == [Result.FAIL, Result.FAIL]
    assert [f.description for f in findings] == FAULTS

    walk.items.setCurrentRow(0)                                   # a photo of the first finding
    photo_file = tmp_path / "IMG_0001.jpg"
    photo_file.write_bytes(sample_photo(random.Random(3), "DB"))
    walk.photos.import_files([str(photo_file)])
    qtbot.waitUntil(lambda: walk.photos.list.count() == 1, timeout=10000)
    [photo] = ws.photos(inspection_id=inspection_id)
    assert photo.finding_id == findings[0].id
    return findings


def test_a_new_inspector_prints_an_order_headed_by_their_own_department(qtbot, tmp_path):
    from ui.app import start

    reason = _queue_ready()
    if reason:
        pytest.skip(reason)
    _app, window = start(tmp_path / "first.sitecheck")          # an empty, new workspace
    qtbot.addWidget(window)
    try:
        window.resize(1366, 768)
        set_up(window.setup_wizard)
        ws = window.ctx.ws
        assert ws.documents() == [] and ws.enterprises() == []
        inspection_id = new_inspection(window)
        assert [p["name"] for p in ws.inspection(inspection_id).inspectors] == [n for n, _ in PEOPLE]
        findings = walk_two_findings(qtbot, window, inspection_id, tmp_path)

        window.walk.finish()
        finish = window.finish
        assert window.stack.currentWidget() is finish and ws.inspection(inspection_id).finished_at
        remember_print_choice(PrintChoice(QUEUE))
        finish.order_button.click()                               # 出具指令书
        qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20000)
        [order] = [d for d in ws.documents(inspection_id=inspection_id) if d.kind == "order"]
        assert sorted(order.data["findings"]) == sorted(f.id for f in findings)
        assert all(ws.finding(f.id).state == FindingState.ORDERED for f in findings)
        assert order.number.startswith("（南）应急责改〔")

        text = flat(ws.document_pdf(order.id))
        assert EMS["name"] in text and "佛山市南海区某某铝型材有限公司" in text
        assert f"向{EMS['government']}申请行政复议" in text
        assert f"向{EMS['court']}提起行政诉讼" in text
        assert all(re.sub(r"\s+", "", f) in text for f in FAULTS)
        assert "杭州" not in text                                   # no built-in city anywhere

        panel = finish.documents
        since = time.time()
        panel.setFocus()
        qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: panel.printing is not None, timeout=20000)
        dialog = panel.printing
        assert dialog.printer.currentData() == QUEUE and order.number in dialog.what.text()
        with qtbot.waitSignal(panel.sent, timeout=20000) as sent:
            qtbot.keyClick(QApplication.activeModalWidget() or dialog, Qt.Key.Key_Return)
        job = sent.args[0]
        assert wait_completed(job.job_id)
        assert panel.notice.text() == f"已发送到打印机 {QUEUE}（作业 {job.number}）"
        printed = newest_output(since)
        if printed is not None:      # cups-pdf keeps what it printed: the stored pages, fingerprinted
            pages = PdfReader(io.BytesIO(printed.read_bytes())).pages
            assert len(pages) == len(PdfReader(io.BytesIO(ws.document_pdf(order.id))).pages)
            assert all(order.content_hash[:16] in page.extract_text() for page in pages)
    finally:
        window.ctx.close()
