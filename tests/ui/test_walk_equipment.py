"""The walk with per-equipment tables (issue 15 §2, §3), driven as an inspector would:
select two pressure vessels, answer each one's table with the keys, see a conditional
item appear and go again, and check what the database holds."""
from __future__ import annotations

from PySide6.QtCore import Qt

from checklists.common.vocabulary import Result
from tests.equipment_sample import CHECKLIST
from ui.dialogs.equipment_tables import EquipmentTablesDialog


def tree_texts(walk) -> list[str]:
    out, stack = [], [walk.sections.topLevelItem(i) for i in range(walk.sections.topLevelItemCount())]
    while stack:
        node = stack.pop(0)
        out.append(node.text(0))
        stack[:0] = [node.child(j) for j in range(node.childCount())]
    return out


def row_ids(walk) -> list[str]:
    return [walk.items.item(n).data(Qt.ItemDataRole.UserRole)[2] for n in range(walk.items.count())]


def test_two_vessels_answered_in_their_own_tables(qtbot, window):
    ws = window.ctx.ws
    checklist = ws.install_checklist(CHECKLIST, "vessel-sample.yaml")
    ent = ws.add_enterprise(name="杭州某某化工机械有限公司", sector="trade")
    a = ws.add_equipment(ent.id, kind="pressure_vessel", name="1号反应釜", register_code="21103301002019000011")
    b = ws.add_equipment(ent.id, kind="pressure_vessel", name="2号储气罐", register_code="21103301002019000022")
    insp = ws.start_inspection(ent.id, [checklist.hash], [dict(p) for p in ws.setting("inspectors")[:2]],
                               task_source="plan")
    window.open_inspection(insp.id)
    walk = window.walk
    assert walk.tables_button.isVisibleTo(walk)
    assert "尚未选择受检的压力容器" in walk.notice.text()
    assert tree_texts(walk) == [checklist.title, "单位管理"]

    # 受检设备…: both vessels, A recorded as 快开门式
    walk.tables_button.click()
    dialog = walk.findChild(EquipmentTablesDialog)
    dialog.findChild(type(dialog.rows[0][1]), f"pick_{a.id}").setChecked(True)
    dialog.findChild(type(dialog.rows[0][1]), f"pick_{b.id}").setChecked(True)
    combo = dialog.rows[[r[0].id for r in dialog.rows].index(a.id)][2]["quick_open"]
    combo.setCurrentIndex(combo.findData("yes"))
    dialog.save()
    assert [(t["id"], t["attributes"]) for t in ws.inspection(insp.id).equipment_tables] == \
        [(a.id, {"quick_open": "yes"}), (b.id, {})]
    assert not walk.notice.isVisible()
    texts = tree_texts(walk)
    assert "1号反应釜\n21103301002019000011" in texts         # name, code below
    assert "2号储气罐\n21103301002019000022" in texts
    assert texts.count("每台压力容器") == 2

    # vessel A: 符合 its registration; the interlock item is there (快开门式), not the stop-use one
    walk.go_to(checklist.hash, "PV-02-01", a.id)
    assert "1号反应釜" in walk.equipment_label.text() and walk.equipment_label.isVisibleTo(walk)
    assert row_ids(walk) == ["PV-02-01", "PV-02-02", "PV-02-04"]
    qtbot.keyClick(walk.items, Qt.Key.Key_1)
    assert walk.current[1].id == "PV-02-02" and walk.current[2] == a.id

    # vessel B: 不符合 its periodic inspection; the conditional stop-use item appears for B only
    walk.go_to(checklist.hash, "PV-02-02", b.id)
    assert row_ids(walk) == ["PV-02-01", "PV-02-02"]
    qtbot.keyClick(walk.items, Qt.Key.Key_2)
    assert row_ids(walk) == ["PV-02-01", "PV-02-02", "PV-02-03"]
    assert walk.current[1].id == "PV-02-02" and walk.current[2] == b.id
    walk.go_to(checklist.hash, "PV-02-03", b.id)
    qtbot.keyClick(walk.items, Qt.Key.Key_2)

    answers = ws.answer_map(insp.id)
    assert answers[(checklist.hash, a.id, "PV-02-01")].result == Result.PASS
    assert (checklist.hash, b.id, "PV-02-01") not in answers
    assert answers[(checklist.hash, b.id, "PV-02-02")].result == Result.FAIL
    assert {(f.item_id, f.equipment_id) for f in ws.findings()} == {("PV-02-02", b.id), ("PV-02-03", b.id)}

    # B's inspection after all 符合: the stop-use item goes, with its answer and finding
    walk.go_to(checklist.hash, "PV-02-02", b.id)
    qtbot.keyClick(walk.items, Qt.Key.Key_1)
    walk.go_to(checklist.hash, "PV-02-02", b.id)
    assert row_ids(walk) == ["PV-02-01", "PV-02-02"]
    assert ws.answer_map(insp.id)[(checklist.hash, b.id, "PV-02-03")].result is None
    assert ws.findings() == []
    # progress counts shown items: B's table 1 of 2
    node = walk.sections.currentItem()
    assert node.text(1) == "1/2"
