"""The kind of enterprise in the GUI: chosen in the new-inspection dialog (saved on the
enterprise), and shown in the walk where an item's level depends on it."""
from __future__ import annotations

from PySide6.QtCore import Qt

from checklists.common.vocabulary import HazardLevel, Sector
from ui.dialogs.enterprise import EnterpriseDialog
from ui.dialogs.new_inspection import NewInspectionDialog


def test_the_sector_is_asked_at_the_start_and_sets_the_level(qtbot, window):
    ws = window.ctx.ws
    ent = ws.add_enterprise(name="东莞市某某五金制品有限公司")

    def run(dialog: NewInspectionDialog) -> int:
        assert dialog.sector.currentData() is None                 # not known yet
        dialog.sector.setCurrentIndex(dialog.sector.findData(str(Sector.TRADE)))
        dialog.check_checklist("general-sbls")
        dialog.save()
        return dialog.result()

    inspection_id = window.new_inspection(ent.id, run=run)
    assert ws.enterprise(ent.id).sector == Sector.TRADE
    walk = window.walk
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    checklist = walk.checklists[0]
    walk.go_to(checklist.hash, "GS-05-01")
    assert walk.current[1].id == "GS-05-01"
    assert "对工贸企业判定为重大事故隐患；本企业（工贸企业）按重大隐患登记" in walk.basis.text()
    walk.items.setFocus()
    qtbot.keyClick(walk.items, Qt.Key.Key_2)
    finding = ws.finding_for_item(inspection_id, checklist.hash, "GS-05-01")
    assert finding.level == HazardLevel.MAJOR


def test_the_enterprise_dialog_saves_the_sector(qtbot, window):
    dialog = EnterpriseDialog(window.ctx, parent=window)
    qtbot.addWidget(dialog)
    dialog.edits["name"].setText("东莞市某某化工有限公司")
    dialog.sector.setCurrentIndex(dialog.sector.findData(str(Sector.HAZCHEM)))
    dialog.save()
    [ent] = window.ctx.ws.enterprises()
    assert ent.sector == Sector.HAZCHEM
    again = EnterpriseDialog(window.ctx, ent, parent=window)
    qtbot.addWidget(again)
    assert again.sector.currentData() == Sector.HAZCHEM
