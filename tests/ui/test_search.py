"""Ctrl+F: type, move with the arrows, Enter opens the hit in its view."""
from __future__ import annotations

from PySide6.QtCore import Qt

from checklists.common.vocabulary import EquipmentKind
from storage.search import EnterpriseHit, EquipmentHit, FindingHit


def prepared(ws):
    hongda = ws.add_enterprise(name="宏达精密五金有限公司", address="东莞市长安镇锦厦路8号")
    ws.add_enterprise(name="宏达物流有限公司")
    lift = ws.add_equipment(hongda.id, kind=EquipmentKind.ELEVATOR, name="1号客梯",
                            register_code="31104419002019060001", location="办公楼东侧")
    ws.add_equipment(hongda.id, kind=EquipmentKind.BOILER, name="燃气锅炉")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    people = [dict(p) for p in ws.setting("inspectors")[:2]]
    insp = ws.start_inspection(hongda.id, [checklist.hash], people)
    finding = ws.add_finding(insp.id, description="配电箱门锁损坏", checklist_hash=checklist.hash,
                             item_id="GS-01-02")
    return hongda, lift, insp, finding


def search(qtbot, window, text: str):
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    dialog = window.search_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.query.hasFocus, timeout=5000)        # typing goes to the search
    dialog.query.insert(text)            # as typed (QTest types ASCII only)
    qtbot.waitUntil(lambda: dialog.results_shown is not None and dialog.results_shown.text == text,
                    timeout=10000)
    return dialog


def test_type_arrows_enter_opens_the_enterprise(qtbot, window):
    hongda, _, _, _ = prepared(window.ctx.ws)
    dialog = search(qtbot, window, "宏达")
    hits = [item.data(0, Qt.ItemDataRole.UserRole) for item in dialog.hit_items()]
    assert [type(h) for h in hits[:2]] == [EnterpriseHit, EnterpriseHit]
    assert {h.name for h in hits[:2]} == {"宏达精密五金有限公司", "宏达物流有限公司"}
    assert dialog.current_hit() == hits[0]
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    assert dialog.current_hit() == hits[1]
    qtbot.keyClick(dialog.query, Qt.Key.Key_Up)
    assert dialog.current_hit() == hits[0]
    qtbot.keyClick(dialog.query, Qt.Key.Key_Up)              # the group's heading is skipped
    assert dialog.current_hit() == hits[0]
    target = next(h for h in hits if h.id == hongda.id)
    if dialog.current_hit() != target:
        qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.current_key() == "enterprises"
    assert window.enterprises.current_enterprise().id == hongda.id


def test_equipment_opens_its_enterprise_with_it_selected(qtbot, window):
    hongda, lift, _, _ = prepared(window.ctx.ws)
    dialog = search(qtbot, window, "电梯")                  # the type's label
    hits = [item.data(0, Qt.ItemDataRole.UserRole) for item in dialog.hit_items()]
    assert [h.id for h in hits] == [lift.id] and isinstance(hits[0], EquipmentHit)
    assert "（1）" in dialog.tree.topLevelItem(0).text(0)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Enter)
    assert window.current_key() == "enterprises"
    assert window.enterprises.current_enterprise().id == hongda.id
    view = window.enterprises
    row = view.equipment_table.currentIndex().row()
    assert view.equipment_model.record(row).id == lift.id


def test_a_finding_opens_its_inspection_at_its_item(qtbot, window):
    _, _, insp, finding = prepared(window.ctx.ws)
    dialog = search(qtbot, window, "门锁")
    hits = [item.data(0, Qt.ItemDataRole.UserRole) for item in dialog.hit_items()]
    assert [h.id for h in hits] == [finding.id] and isinstance(hits[0], FindingHit)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert window.current_key() == "walk"
    assert window.walk.inspection.id == insp.id and window.walk.current[1].id == "GS-01-02"

    window.ctx.ws.finish_inspection(insp.id)                # finished: its findings and documents
    dialog = search(qtbot, window, "锁")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert window.current_key() == "finish"
    assert window.finish.selected_finding().id == finding.id


def test_enter_before_the_answer_opens_the_first_hit_and_nothing_found_says_so(qtbot, window):
    hongda, _, _, _ = prepared(window.ctx.ws)
    window.show()
    dialog = window.show_search()
    dialog.query.insert("锦厦路")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)        # before the pause is over
    qtbot.waitUntil(lambda: window.current_key() == "enterprises", timeout=10000)
    assert window.enterprises.current_enterprise().id == hongda.id

    dialog = search(qtbot, window, "100%")                 # a wildcard is text: nothing
    assert dialog.hit_items() == [] and "没有找到" in dialog.state.text()
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert dialog.isVisible()                              # nothing to open
    qtbot.keyClick(dialog.query, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
