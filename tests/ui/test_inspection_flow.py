"""One whole inspection driven through the window, checking the database after each step."""
from __future__ import annotations

import io
import random
import re

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from checklists.common.vocabulary import FindingState, HazardLevel, Rectification, Result
from export.pdf.photos import PRINT_CACHE
from storage.demo import sample_photo
from storage.photos import Arrow, Circle
from storage.validate import credit_check_char
from ui.dialogs.annotate import AnnotateDialog
from ui.dialogs.enterprise import EnterpriseDialog
from ui.dialogs.equipment import EquipmentDialog
from ui.pdfpages import file_printer

GOOD_BODY = "91330106MA2B3C4D5"
GOOD_CODE = GOOD_BODY + credit_check_char(GOOD_BODY)
BAD_CODE = GOOD_BODY + ("0" if GOOD_CODE[-1] != "0" else "1")


def add_enterprise(win):
    view = win.show_view("enterprises")
    dialog = EnterpriseDialog(win.ctx, parent=view)
    dialog.edits["name"].setText("杭州堃喆电梯物业有限公司")
    dialog.edits["credit_code"].setText(BAD_CODE)
    dialog.edits["phone"].setText("0571-87654321")
    dialog.save()
    assert "校验位" in dialog.form.error_text("credit_code")
    assert win.ctx.ws.enterprises() == []            # bad input changed nothing
    dialog.edits["credit_code"].setText(GOOD_CODE)
    dialog.edits["phone"].setText("12345")
    dialog.save()
    assert dialog.form.error_text("phone") and not dialog.form.error_text("credit_code")
    dialog.edits["phone"].setText("13812345678")
    dialog.save()
    assert dialog.result() and dialog.result_record is not None
    [ent] = win.ctx.ws.enterprises("堃喆")
    assert (ent.credit_code, ent.phone) == (GOOD_CODE, "13812345678")
    view.refresh()
    view.search.setText("堃喆")
    view.refresh()
    assert view.model.rowCount() == 1
    return ent


def add_elevator(win, ent):
    dialog = EquipmentDialog(win.ctx, ent.id)
    dialog.kind.setCurrentIndex(dialog.kind.findData("elevator"))
    dialog.edits["register_code"].setText("31103301002019060001")
    dialog.edits["next_inspection_date"].setText("2026-13-40")
    dialog.save()
    assert dialog.form.error_text("next_inspection_date")
    dialog.edits["next_inspection_date"].setText("2026-10-01")
    dialog.save()
    [item] = win.ctx.ws.equipment_list(ent.id)
    assert item.next_inspection_date == "2026-10-01"
    view = win.enterprises
    view.select(ent.id)
    view._show_equipment()
    index = view.equipment_model.index(0, 5)
    assert view.equipment_model.data(index, Qt.ItemDataRole.ForegroundRole) is not None  # overdue
    return item


def start_inspection(win, ent):
    def run(dialog):
        dialog.check_checklist("elevator-user")
        dialog.mode.setCurrentIndex(dialog.mode.findData("unannounced"))
        dialog.inspectors.item(1).setCheckState(Qt.CheckState.Unchecked)
        dialog.save()                                   # only one inspector
        assert "两名" in dialog.form.error_text("inspectors")
        assert win.ctx.ws.inspections() == []
        dialog.inspectors.item(2).setCheckState(Qt.CheckState.Checked)
        dialog.save()                                   # 特种设备: the 任务来源 is asked for
        assert "任务来源" in dialog.form.error_text("source") and win.ctx.ws.inspections() == []
        dialog.source.setCurrentIndex(dialog.source.findData("plan"))
        dialog.source_note.setText("2026年度电梯监督检查计划")
        dialog.save()
        return dialog.result()

    inspection_id = win.new_inspection(ent.id, run=run)
    assert inspection_id
    insp = win.ctx.ws.inspection(inspection_id)
    assert insp.mode == "unannounced" and len(insp.inspectors) == 2
    assert (insp.task_source, insp.task_source_note) == ("plan", "2026年度电梯监督检查计划")
    assert insp.equipment_id is not None
    assert win.stack.currentWidget() is win.walk
    return insp


def test_whole_inspection(qtbot, window, tmp_path):
    ws = window.ctx.ws
    ent = add_enterprise(window)
    add_elevator(window, ent)
    insp = start_inspection(window, ent)
    walk = window.walk
    checklist = walk.checklists[0]
    items = list(checklist.sections[0].items)

    # 1 = 符合, and the walk moves to the next item
    walk.items.setFocus()
    qtbot.keyClick(walk.items, Qt.Key.Key_1)
    assert ws.answers(insp.id)[(checklist.hash, items[0].id)].result == Result.PASS
    assert walk.current[1].id == items[1].id

    # 2 = 不符合 opens the finding, preset from the checklist
    qtbot.keyClick(walk.items, Qt.Key.Key_2)
    assert ws.answers(insp.id)[(checklist.hash, items[1].id)].result == Result.FAIL
    finding = ws.finding_for_item(insp.id, checklist.hash, items[1].id)
    assert finding.level == items[1].hazard_level and finding.state == FindingState.OPEN
    assert finding.rectification == items[1].rectification
    assert finding.basis == tuple(str(c) for c in items[1].basis)
    assert walk.finding_panel.isVisibleTo(walk) and walk.current[1].id == items[1].id

    # the finding is edited in place; each change is saved at once
    panel = walk.finding_panel
    panel.description.setPlainText("电梯安全管理人员未取得特种设备作业人员证")
    panel.flush()
    panel.level.setCurrentIndex(panel.level.findData(str(HazardLevel.MAJOR)))
    panel.level.activated.emit(panel.level.currentIndex())
    panel.rectification.setCurrentIndex(panel.rectification.findData(str(Rectification.DEADLINE)))
    panel.rectification.activated.emit(panel.rectification.currentIndex())
    finding = ws.finding(finding.id)
    assert finding.description == "电梯安全管理人员未取得特种设备作业人员证"
    assert finding.level == HazardLevel.MAJOR and finding.rectification == Rectification.DEADLINE
    assert finding.deadline

    # N writes a note on the answer
    walk.items.setFocus()
    qtbot.keyClick(walk.items, Qt.Key.Key_N)
    assert walk.note.hasFocus() or walk.focusWidget() is walk.note
    walk.note.insertPlainText("现场抽查")
    walk.flush()
    assert ws.answers(insp.id)[(checklist.hash, items[1].id)].note == "现场抽查"

    # a photo, imported in the background, attached to the item and its finding
    photo_file = tmp_path / "IMG_0001.jpg"
    photo_file.write_bytes(sample_photo(random.Random(1), "GS"))
    walk.photos.import_files([str(photo_file)])
    qtbot.waitUntil(lambda: walk.photos.list.count() == 1, timeout=10000)
    [photo] = ws.photos(inspection_id=insp.id)
    assert (photo.finding_id, photo.item_id) == (finding.id, items[1].id)
    walk.photos.caption.setText("安全管理人员证书过期")
    walk.photos.caption.setModified(True)
    walk.photos.save_caption()
    assert ws.photo(photo.id).caption == "安全管理人员证书过期"

    # annotation: a new derived photo, the original kept
    dialog = AnnotateDialog(window.ctx, photo.id)
    dialog.canvas.add_drag((0.2, 0.2), (0.5, 0.5))
    dialog.canvas.tool = "circle"
    dialog.canvas.add_drag((0.5, 0.5), (0.6, 0.5))
    assert isinstance(dialog.canvas.shapes[0], Arrow) and isinstance(dialog.canvas.shapes[1], Circle)
    dialog.save()
    derived = dialog.result_record
    assert derived.derived_from == photo.id and derived.normal_sha256 != photo.normal_sha256
    assert ws.photo(photo.id).normal_sha256 == photo.normal_sha256
    walk.photos.refresh()
    assert walk.photos.list.count() == 1                # the annotated copy in place of the original
    assert walk.photos.current_photo_id() == derived.id
    assert derived.original_name == "IMG_0001-annotated.jpg"

    # 3 = 不适用 on the next item; progress of the section follows
    walk.items.setFocus()
    walk.items.setCurrentRow(2) if len(items) > 2 else None
    if len(items) > 2:
        qtbot.keyClick(walk.items, Qt.Key.Key_3)
        assert ws.answers(insp.id)[(checklist.hash, items[2].id)].result == Result.NA
    done = min(len(items), 3)
    section_row = walk.sections.topLevelItem(0).child(0)
    assert section_row.text(1) == f"{done}/{len(items)} ✗1"         # one finding: not green

    # the ledger shows the finding, the overdue filter hides it (deadline ahead)
    window.show_view("ledger")
    ledger = window.ledger
    assert ledger.model.total == 1
    assert ledger.model.row_at(0).finding.id == finding.id
    ledger.overdue.setChecked(True)
    assert ledger.model.total == 0

    # finishing the inspection records its end, opens the finish view and pre-scales
    # the finding photos for printing in the background
    PRINT_CACHE.clear()
    window.show_view("walk")
    walk.finish()                                    # a 严重 hazard no decision carries: asked first
    assert not ws.inspection(insp.id).finished_at and walk.gaps_box.isVisible()
    assert "第1项" in walk.gaps_box.informativeText()
    walk.gaps_box.findChild(QPushButton, "finishAnyway").click()
    assert ws.inspection(insp.id).finished_at
    assert window.stack.currentWidget() is window.finish
    qtbot.waitUntil(lambda: window.finish.prepared_photos is not None, timeout=10000)
    assert window.finish.prepared_photos == 1      # the annotated copy, not its original too
    assert {p.normal_sha256 for p in ws.photos(inspection_id=insp.id, latest=True)} <= set(PRINT_CACHE._items)
    home = window.show_view("home")
    qtbot.waitUntil(lambda: home.recent.count() == 1, timeout=5000)
    assert "·" not in home.recent.item(0).text() and "进行中" not in home.recent.item(0).text()

    finish_issue_and_print(qtbot, window, insp, finding, tmp_path)
    reinspect_and_close(qtbot, window, finding, tmp_path)


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20000)


def finish_issue_and_print(qtbot, window, insp, finding, tmp_path) -> None:
    ws = window.ctx.ws
    window.open_inspection(insp.id)                     # finished: opens its documents
    view = window.finish
    assert window.stack.currentWidget() is view
    assert view.table.rowCount() == 1 and view.table.item(0, 1).text() == "严重事故隐患"   # 特种设备
    assert "隐患 1 项" in view.summary.text()

    # a 严重 hazard of special equipment is sealed before the record (检查办法第二十六条)
    assert view.banner.isVisibleTo(view) and "查封（扣押）决定书" in view.banner.text()
    view.issue("record")
    wait_idle(qtbot, window)
    assert ws.documents(inspection_id=insp.id) == []                  # refused while unhandled
    view.decision_actions["seizure"].trigger()
    dialog = view.decision
    assert dialog.finding_ids() == [finding.id]
    assert dialog.item_values()[0]["registration_no"] == "31103301002019060001"
    dialog.set_cell(0, "seals", "HZ-0001、HZ-0002")
    dialog.term.setValue(15)
    dialog.issue()
    wait_idle(qtbot, window)
    [seizure] = ws.documents(inspection_id=insp.id)
    assert seizure.kind == "seizure" and seizure.data["term_days"] == 15
    assert "HZ-0001、HZ-0002" in re.sub(r"\s+", "", "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(ws.document_pdf(seizure.id))).pages))
    assert view.banner_area.isHidden() and view.decision is None

    view.issue("record")
    wait_idle(qtbot, window)
    record = next(d for d in ws.documents(inspection_id=insp.id) if d.kind == "record")
    assert re.search(r"〔2026〕0*1号", record.number)
    assert ws.finding(finding.id).state == FindingState.OPEN        # a record moves nothing
    assert view.documents.current_id() == record.id
    assert view.documents.preview.pdf.pageCount() == len(PdfReader(io.BytesIO(
        ws.document_pdf(record.id))).pages)

    view.issue("order")
    wait_idle(qtbot, window)
    order = next(d for d in ws.documents(inspection_id=insp.id) if d.kind in ("order", "samr_order"))
    assert order.kind == ("samr_order" if insp.family == "samr" else "order")
    assert order.number != record.number and order.data["findings"] == [finding.id]
    assert ws.finding(finding.id).state == FindingState.ORDERED
    [*_, event] = ws.finding_events(finding.id)
    assert (event.state, event.document_id) == (FindingState.ORDERED, order.id)
    assert not view.order_button.isEnabled()                          # nothing left to order
    assert view.documents.current_id() == order.id

    # print the stored PDF to a file printer, twice: the same pages, the stored bytes unchanged
    stored = ws.document_pdf(order.id)
    pages = len(PdfReader(io.BytesIO(stored)).pages)
    for n in (1, 2):
        out = tmp_path / f"print{n}.pdf"
        with qtbot.waitSignal(view.documents.printed, timeout=20000) as printed:
            view.documents.print_to(file_printer(str(out), resolution=96))
        assert printed.args == [pages]
        assert out.exists() and len(PdfReader(out).pages) == pages
    assert ws.document_pdf(order.id) == stored
    saved = view.documents.save_to(tmp_path / "copy.pdf")
    assert saved.read_bytes() == stored


def reinspect_and_close(qtbot, window, finding, tmp_path) -> None:
    ws = window.ctx.ws
    ledger = window.show_view("ledger")
    ledger.overdue.setChecked(False)
    ledger.state.setCurrentIndex(ledger.state.findData("unclosed"))
    ledger.table.selectRow(0)
    assert ledger.selected_finding().id == finding.id and ledger.reinspect_button.isEnabled()
    ledger.reinspect_button.click()
    view = window.reinspection
    assert window.stack.currentWidget() is view
    [re_insp] = [i for i in ws.inspections() if i.mode == "reinspection"]
    assert re_insp.parent_id == finding.inspection_id and re_insp.checklist_hashes == ()
    assert view.current_finding().id == finding.id
    assert view.old_photos.count() == 1 and view.new_photos.list.count() == 0  # the annotated copy
    assert not view.issue_button.isEnabled()

    # a new photo beside the old ones, attached to the finding under the re-inspection
    photo_file = tmp_path / "IMG_0100.jpg"
    photo_file.write_bytes(sample_photo(random.Random(7), "OK"))
    view.new_photos.import_files([str(photo_file)])
    qtbot.waitUntil(lambda: view.new_photos.list.count() == 1, timeout=10000)
    [new_photo] = ws.photos(inspection_id=re_insp.id)
    assert new_photo.finding_id == finding.id
    assert view.old_photos.count() == 1

    # starting again from the ledger reuses the unfinished re-inspection
    assert window.start_reinspection(finding.id) == re_insp.id

    view.set_verdict("rectified", note="已配备持证安全管理人员")
    assert view.issue_button.isEnabled()
    view.report_check.setChecked(True)        # 特种设备: the day the 整改报告 came in (today)
    view.issue()
    wait_idle(qtbot, window)
    [review] = ws.documents(inspection_id=re_insp.id)
    assert review.kind == "review" and review.data["opinions"] == {finding.id: "rectified"}
    assert review.data["report_received"] == ws.today().isoformat()
    assert ws.finding(finding.id).state == FindingState.CLOSED            # 销号
    [*_, event] = ws.finding_events(finding.id)
    assert (event.state, event.document_id, event.inspection_id) == \
        (FindingState.CLOSED, review.id, re_insp.id)
    assert ws.inspection(re_insp.id).finished_at
    assert view.documents.current_id() == review.id
    assert view.documents.preview.pdf.pageCount() >= 1
    assert view.list.count() == 0                                        # nothing left to review
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(ws.document_pdf(review.id))).pages)
    text = re.sub(r"\s+", "", text)
    assert "整改复查意见书" in text and "已配备持证安全管理人员" in text and order_number(ws) in text
    # the hazard removed, the seizure is lifted with the review (解除查封（扣押）决定书)
    [seizure] = ws.documents(inspection_id=finding.inspection_id, kind="seizure")
    [release] = ws.documents(inspection_id=finding.inspection_id, kind="release")
    lifted = re.sub(r"\s+", "", "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(ws.document_pdf(release.id))).pages))
    assert "解除查封（扣押）决定书" in lifted and seizure.number in lifted and review.number in lifted


def order_number(ws) -> str:
    return next(d.number for d in ws.documents() if d.kind in ("order", "samr_order"))


def test_changing_fail_to_pass_withdraws_the_open_finding(qtbot, window):
    ws = window.ctx.ws
    ent = ws.add_enterprise(name="杭州瑞丰食品有限公司")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(ent.id, [checklist.hash], [dict(p) for p in
                                                           ws.setting("inspectors")[:2]])
    window.open_inspection(insp.id)
    walk = window.walk
    item = walk.current[1]
    walk.items.setFocus()
    qtbot.keyClick(walk.items, Qt.Key.Key_2)
    assert ws.finding_for_item(insp.id, checklist.hash, item.id) is not None
    walk.items.setFocus()
    qtbot.keyClick(walk.items, Qt.Key.Key_Up) if walk.current[1].id != item.id else None
    qtbot.keyClick(walk.items, Qt.Key.Key_1)
    assert ws.finding_for_item(insp.id, checklist.hash, item.id) is None
    assert ws.answers(insp.id)[(checklist.hash, item.id)].result == Result.PASS
