"""The new-inspection dialog: the checklist follows the equipment chosen, and a new
enterprise or inspector is added without leaving it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from checklists.common.vocabulary import EquipmentKind
from ui.dialogs.new_inspection import NewInspectionDialog, checked_data


def checklist_ids(dialog) -> list[str]:
    return [dialog.ctx.ws.checklist(h).id for h in checked_data(dialog.checklists)]


def test_the_equipment_type_chooses_the_checklist(qtbot, window):
    ws = window.ctx.ws
    ent = ws.add_enterprise(name="东莞市恒达五金制品有限公司")
    lift = ws.add_equipment(ent.id, kind=EquipmentKind.ELEVATOR, name="1号客梯")
    boiler = ws.add_equipment(ent.id, kind=EquipmentKind.BOILER, name="1号锅炉")
    dialog = NewInspectionDialog(window.ctx, ent.id, parent=window)
    qtbot.addWidget(dialog)
    first = "elevator-user" if dialog.equipment.currentData() == lift.id else "boiler-user"
    assert checklist_ids(dialog) == [first]                        # the equipment shown first
    dialog.equipment.setCurrentIndex(dialog.equipment.findData(lift.id))
    assert checklist_ids(dialog) == ["elevator-user"]
    dialog.equipment.setCurrentIndex(dialog.equipment.findData(boiler.id))
    assert checklist_ids(dialog) == ["boiler-user"]
    dialog.equipment.setCurrentIndex(0)                            # 不针对具体设备
    assert checklist_ids(dialog) == []
    dialog.equipment.setCurrentIndex(dialog.equipment.findData(boiler.id))
    dialog.source.setCurrentIndex(dialog.source.findData("special"))
    dialog.save()
    insp = ws.inspection(dialog.result_record.id)
    assert insp.equipment_id == boiler.id
    assert [ws.checklist(h).id for h in insp.checklist_hashes] == ["boiler-user"]


def fill_and_save(fields: dict[str, str]):
    """A ``run`` for a dialog: type the fields, press 保存, return the dialog's result."""
    def run(dialog) -> int:
        for name, text in fields.items():
            dialog.findChild(QLineEdit, name).setText(text)
        dialog.save()
        return dialog.result()
    return run


def test_enterprise_and_inspector_are_added_from_inside(qtbot, window):
    ws = window.ctx.ws
    dialog = NewInspectionDialog(window.ctx, parent=window)
    qtbot.addWidget(dialog)
    assert dialog.findChild(object, "newEnterprise").isVisibleTo(dialog)
    assert dialog.add_enterprise(fill_and_save({"name": ""})) is None    # refused, nothing added
    assert ws.enterprises() == []
    ent_id = dialog.add_enterprise(fill_and_save({"name": "东莞市恒达五金制品有限公司"}))
    assert ws.enterprise(ent_id).name == "东莞市恒达五金制品有限公司"
    assert dialog.enterprise.currentData() == ent_id

    before = ws.setting("inspectors")
    known = {"inspectorName": "重复", "inspectorCertNo": before[0]["cert_no"]}
    assert dialog.add_inspector(fill_and_save(known)) is None          # same 执法证号: refused
    assert ws.setting("inspectors") == before
    person = dialog.add_inspector(fill_and_save({"inspectorName": "周海涛",
                                                 "inspectorCertNo": "44190020240031"}))
    assert ws.setting("inspectors") == [*before, person]
    dialog.check_checklist("general-sbls")
    for i in range(dialog.inspectors.count() - 1):
        dialog.inspectors.item(i).setCheckState(Qt.CheckState.Unchecked)
    dialog.inspectors.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.save()
    insp = ws.inspection(dialog.result_record.id)
    assert insp.enterprise_id == ent_id
    assert [p["name"] for p in insp.inspectors] == [before[0]["name"], "周海涛"]
