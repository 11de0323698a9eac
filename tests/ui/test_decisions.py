"""The on-site decisions from the GUI: the question at 完成检查 while a 重大/严重 hazard
has no decision, the finish view's banner and default button, and the dialogs of
更多文书 (现场处理措施决定书, 查封（扣押）决定书, 解除查封（扣押）决定书), checked in the
database and in the text of the issued PDF."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox, QPushButton

from checklists.common.vocabulary import EquipmentKind, FindingState, HazardLevel, OnSiteMeasure, Rectification

STOP_USE_FAULT = "3号车间配电柜进线端子烧蚀发黑，柜体带电部位裸露"
CONFINED_FAULT = "污水池有限空间作业前未进行通风和气体检测"
LIFT_FAULT = "1号客梯限速器超期未校验，安全钳动作试验不合格"


def flat(ws, document_id: str) -> str:
    pages = PdfReader(io.BytesIO(ws.document_pdf(document_id))).pages
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pages))


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20000)


def people(ws) -> list[dict]:
    return [dict(p) for p in ws.setting("inspectors")[:2]]


def ems_inspection(ws):
    """An 应急 inspection (not finished) with a major 停止使用 finding without deadline
    (a 现场处理措施 only) and a major finding with a deadline (the order's)."""
    ent = ws.add_enterprise(name="杭州新安铝业有限公司", address="杭州市西湖区转塘街道工业园8号")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(ent.id, [checklist.hash], people(ws), site="熔铸车间、配电房、污水处理站")
    stop = ws.add_finding(insp.id, description=STOP_USE_FAULT, level=HazardLevel.MAJOR,
                          rectification=Rectification.STOP_USE)
    dated = ws.add_finding(insp.id, description=CONFINED_FAULT, level=HazardLevel.MAJOR,
                           rectification=Rectification.DEADLINE, deadline="2026-11-27")
    return insp, stop, dated


def samr_inspection(ws):
    """A 特种设备 inspection of a lift with a 严重 finding, finished."""
    ent = ws.add_enterprise(name="杭州恒达商业管理有限公司")
    lift = ws.add_equipment(ent.id, kind=EquipmentKind.ELEVATOR, name="1号客梯",
                            register_code="31103301002019060001", location="商场东侧")
    checklist = next(c for c in ws.checklists() if c.id == "elevator-user")
    insp = ws.start_inspection(ent.id, [checklist.hash], people(ws), equipment_id=lift.id)
    finding = ws.add_finding(insp.id, description=LIFT_FAULT, level=HazardLevel.MAJOR,
                             rectification=Rectification.STOP_USE)
    ws.finish_inspection(insp.id)
    return insp, finding


def test_finishing_with_an_unhandled_major_hazard_asks_first(qtbot, window):
    ws = window.ctx.ws
    insp, _, _ = ems_inspection(ws)
    window.open_inspection(insp.id)
    walk = window.walk
    walk.finish()
    box = walk.gaps_box
    assert box.isVisible() and not ws.inspection(insp.id).finished_at
    assert "2 项重大事故隐患尚未作出处理决定" in box.text()
    info = box.informativeText()
    assert "第1项" in info and "《现场处理措施决定书》" in info        # 停止使用 without deadline
    assert "第2项" in info and "《责令限期整改指令书》或《现场处理措施决定书》" in info
    assert "查封" not in info.split("第2项")[1]
    box.findChild(QPushButton, "backToItems").click()                   # back: nothing changes
    assert not ws.inspection(insp.id).finished_at and window.stack.currentWidget() is walk

    walk.finish()
    walk.gaps_box.findChild(QPushButton, "finishAnyway").click()        # finishing is allowed
    assert ws.inspection(insp.id).finished_at
    assert window.stack.currentWidget() is window.finish


def test_no_question_when_every_major_hazard_is_handled(qtbot, window):
    ws = window.ctx.ws
    insp, stop, dated = ems_inspection(ws)
    ws.update_finding(stop.id, level=HazardLevel.GENERAL, rectification=Rectification.DEADLINE,
                      deadline="2026-11-27")
    ws.update_finding(dated.id, level=HazardLevel.GENERAL)
    window.open_inspection(insp.id)
    window.walk.finish()
    assert window.walk.gaps_box is None and ws.inspection(insp.id).finished_at


def test_banner_and_default_lead_to_the_order_and_the_measure_decision(qtbot, window):
    ws = window.ctx.ws
    insp, stop, dated = ems_inspection(ws)
    ws.finish_inspection(insp.id)
    window.open_inspection(insp.id)
    view = window.finish
    assert view.banner.isVisibleTo(view)
    assert "出具现场检查记录前，须先对下列重大事故隐患作出处理" in view.banner.text()
    assert view.default_button() is view.order_button            # the order carries the dated one

    view.issue("order")
    wait_idle(qtbot, window)
    [order] = ws.documents(inspection_id=insp.id)
    assert order.data["findings"] == [dated.id]                  # 停止使用 without deadline: not the order's
    assert "第2项" not in view.banner.text() and "第1项" in view.banner.text()
    assert view.default_button() is view.more_button and view.needed == "measure"

    view.press_default()                                          # Enter: the measure decision
    dialog = view.decision
    assert dialog.kind == "measure"
    rows = {f.id: (check.checkState(), measure.currentData()) for f, check, measure, _ in dialog.rows}
    assert rows[stop.id][1] == OnSiteMeasure.STOP_USE and rows[stop.id][0].name == "Checked"
    assert rows[dated.id][0].name == "Unchecked"                 # the order carries it already

    dialog.issue()                                                # no object named: refused, kept open
    wait_idle(qtbot, window)
    error = next(w for w in dialog.findChildren(QMessageBox) if w.isVisible())
    assert "停止使用的设施、设备或停止的作业活动" in error.text() + error.informativeText()
    error.close()
    assert dialog.isVisible() and len(ws.documents(inspection_id=insp.id)) == 1

    [(_, _, _, obj)] = [r for r in dialog.rows if r[0].id == stop.id]
    obj.setText("3号车间配电柜")
    dialog.issue()
    wait_idle(qtbot, window)
    measure = next(d for d in ws.documents(inspection_id=insp.id) if d.kind == "measure")
    assert measure.data["measures"] == {stop.id: {"measure": "stop_use", "object": "3号车间配电柜"}}
    assert ws.finding(stop.id).state == FindingState.ORDERED
    text = flat(ws, measure.id)
    assert "现场处理措施决定书" in text and measure.number in text
    assert "立即停止使用3号车间配电柜。" in text and STOP_USE_FAULT in text
    assert "依据《中华人民共和国安全生产法》第六十五条第一款第（三）项的规定" in text
    qtbot.waitUntil(lambda: view.decision is None)
    assert view.banner_area.isHidden() and view.default_button() is view.record_button
    assert view.documents.current_id() == measure.id              # shown at once

    view.issue("record")                                          # now the record is issued
    wait_idle(qtbot, window)
    assert any(d.kind == "record" for d in ws.documents(inspection_id=insp.id))


def test_seizure_dialog_items_seals_and_term(qtbot, window):
    ws = window.ctx.ws
    insp, finding = samr_inspection(ws)
    window.open_inspection(insp.id)
    view = window.finish
    assert view.banner.isVisibleTo(view) and "严重事故隐患" in view.banner.text()
    assert not view.decision_actions["measure"].isVisible()      # 应急's document only
    assert not view.decision_actions["release"].isEnabled()      # nothing sealed yet
    assert view.default_button() is view.more_button and view.needed == "seizure"

    dialog = view.open_decision("seizure")
    assert dialog.finding_ids() == [finding.id]
    [item] = dialog.item_values()
    assert item["name"] == "1号客梯" and item["registration_no"] == "31103301002019060001"
    assert item["location"] == "商场东侧" and item["quantity"] == "1台" and item["seals"] == ""
    assert (dialog.term.minimum(), dialog.term.maximum(), dialog.term.value()) == (1, 30, 30)

    dialog.issue()                                                # no seal numbers: refused
    wait_idle(qtbot, window)
    error = next(w for w in dialog.findChildren(QMessageBox) if w.isVisible())
    assert "封条编号" in error.text() + error.informativeText()
    error.close()
    assert ws.documents(inspection_id=insp.id) == []

    dialog.set_cell(0, "seals", "市监封〔2026〕0117")
    dialog.add_item(dialog_item("1号客梯限速器", "1个", "市监封〔2026〕0118"))
    dialog.term.setValue(20)
    dialog.issue()
    wait_idle(qtbot, window)
    [seizure] = ws.documents(inspection_id=insp.id)
    assert seizure.kind == "seizure" and seizure.data["term_days"] == 20
    assert [i["seals"] for i in seizure.data["items"]] == ["市监封〔2026〕0117", "市监封〔2026〕0118"]
    text = flat(ws, seizure.id)
    assert "查封（扣押）决定书" in text and seizure.number in text and LIFT_FAULT in text
    assert "《中华人民共和国特种设备安全法》第六十一条第（三）项" in text
    assert "查封（扣押）期限为20日" in text and "市监封〔2026〕0118" in text
    assert "（当事人保存）" in text and "（行政机关保存）" in text       # the 清单 twice
    qtbot.waitUntil(lambda: view.decision is None)
    assert view.banner_area.isHidden() and view.decision_actions["release"].isEnabled()


def dialog_item(name, quantity, seals):
    from export.docmodel import SeizedItem
    return SeizedItem(name=name, quantity=quantity, seals=seals)


def test_release_refused_until_the_hazard_is_removed(qtbot, window):
    ws = window.ctx.ws
    insp, finding = samr_inspection(ws)
    from export.decisions import issue_seizure
    seizure = issue_seizure(ws, insp.id, [finding.id], [dict(name="1号客梯", quantity="1台", seals="F-01")])
    window.open_inspection(insp.id)
    view = window.finish
    dialog = view.open_decision("release")
    assert dialog.seizure.currentData() == seizure.id and dialog.seizure.count() == 1
    dialog.issue()                                                # hazard not yet removed
    wait_idle(qtbot, window)
    error = next(w for w in dialog.findChildren(QMessageBox) if w.isVisible())
    assert "尚未经复查销号" in error.text()
    error.close()
    dialog.reason.setCurrentIndex(dialog.reason.findData("expired"))
    dialog.issue()                                                # the term is not over either
    wait_idle(qtbot, window)
    error = next(w for w in dialog.findChildren(QMessageBox) if w.isVisible())
    assert "尚未届满" in error.text()
    error.close()
    assert [d.kind for d in ws.documents(inspection_id=insp.id)] == ["seizure"]
    dialog.reject()
    qtbot.waitUntil(lambda: view.decision is None)

    ws.update_finding(finding.id, rectification=Rectification.IMMEDIATE)   # fixed before the inspectors
    view.refresh()
    view.table.selectRow(0)
    view.spot_button.click()                                      # 当场整改销号
    assert ws.finding(finding.id).state == FindingState.CLOSED
    dialog = view.open_decision("release")
    dialog.issue()
    wait_idle(qtbot, window)
    release = next(d for d in ws.documents(inspection_id=insp.id) if d.kind == "release")
    assert release.data["seizure_id"] == seizure.id and release.data["reason"] == "removed"
    text = flat(ws, release.id)
    assert "解除查封（扣押）决定书" in text and seizure.number in text
    assert "第二十八条第一款第（五）项" in text and "F-01" in text
    qtbot.waitUntil(lambda: view.decision is None)
    assert not view.decision_actions["release"].isEnabled()      # nothing left sealed
