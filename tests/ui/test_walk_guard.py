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
