"""The walk guards what was decided: the wheel does not change an unfocused field, and
an answer changed by mistake (Esc then 1 on a finding) comes back with Ctrl+Z."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from checklists.common.vocabulary import HazardLevel, Result

from .test_walk_answers import KINDS, walk  # noqa: F401  (the walk fixture)


def turn_wheel(widget, steps: int = 1) -> None:
    """One notch of the mouse wheel over ``widget`` (positive: away from the user, up the list)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre)), QPoint(),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_over_an_unfocused_level_changes_nothing(qtbot, walk):  # noqa: F811
    walk.window().show()
    walk.set_result(Result.FAIL)
    insp_id, checklist_hash = walk.test_ids
    level = walk.finding_panel.level
    assert walk.ctx.ws.finding_for_item(insp_id, checklist_hash, "RP-01").level == HazardLevel.MAJOR
    walk.items.setFocus()
    assert not level.hasFocus()

    turn_wheel(level)
    turn_wheel(walk.finding_panel.deadline)
    finding = walk.ctx.ws.finding_for_item(insp_id, checklist_hash, "RP-01")
    assert level.currentData() == str(HazardLevel.MAJOR) and finding.level == HazardLevel.MAJOR
    assert finding.deadline is None
    assert level.focusPolicy() == Qt.FocusPolicy.StrongFocus      # the wheel gives no focus

    level.setFocus()                                              # focused: the wheel works
    turn_wheel(level)
    assert walk.ctx.ws.finding_for_item(insp_id, checklist_hash, "RP-01").level != HazardLevel.MAJOR


def test_ctrl_z_brings_back_a_finding_withdrawn_by_esc_then_1(qtbot, walk):  # noqa: F811
    walk.window().show()
    insp_id, checklist_hash = walk.test_ids
    ws = walk.ctx.ws
    qtbot.keyClick(walk.items, Qt.Key.Key_2)                       # 不符合: a finding opens
    finding = ws.finding_for_item(insp_id, checklist_hash, "RP-01")
    assert finding.description == "RP-01：不符合要求"                 # not the question text
    assert walk.finding_panel.description.textCursor().selectedText() == "RP-01：不符合要求"
    walk.finding_panel.description.insertPlainText("压力表指针超出红线")   # types over it
    walk.finding_panel.flush()
    qtbot.keyClick(walk.finding_panel.description, Qt.Key.Key_Escape)
    qtbot.keyClick(walk.items, Qt.Key.Key_1)                       # 符合: withdrawn
    assert ws.finding_for_item(insp_id, checklist_hash, "RP-01") is None
    assert "RP-01" in walk.notice.text() and "Ctrl+Z" in walk.notice.text()
    assert walk.current[1].id == "RP-02"

    qtbot.keyClick(walk.items, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = ws.finding_for_item(insp_id, checklist_hash, "RP-01")
    assert (back.id, back.description) == (finding.id, "压力表指针超出红线")
    assert ws.answers(insp_id)[(checklist_hash, "RP-01")].result == Result.FAIL
    assert walk.current[1].id == "RP-01" and walk.finding_panel.finding.id == finding.id
    assert walk.fail_button().isChecked()

    qtbot.keyClick(walk.items, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ws.finding_for_item(insp_id, checklist_hash, "RP-01") is None   # before the 不符合
    assert ws.answers(insp_id)[(checklist_hash, "RP-01")].result is None
    qtbot.keyClick(walk.items, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ws.finding_for_item(insp_id, checklist_hash, "RP-01").id == finding.id
    assert ws.audit_verify() == []


def test_a_section_with_a_finding_is_not_green(qtbot, walk):  # noqa: F811
    walk.set_result(Result.FAIL)
    walk.next_item()
    walk.set_result(Result.PASS)
    walk.set_result(Result.PASS)
    section = walk.sections.topLevelItem(0).child(0)
    assert section.text(1) == "3/3 ✗1"
    assert section.foreground(1).color().name() != "#2e7d32"
