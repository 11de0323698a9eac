"""The mouse wheel never changes a field that does not have the keyboard focus.

Scrolling a page over a combo box, spin box or date field used to change its value
(and the walk saved it at once: a 重大隐患 became 一般隐患).  An application-wide
event filter stops that: such a widget takes focus only by click or Tab (not by the
wheel), and a wheel turned over it while unfocused goes on to its parent, which
scrolls the page instead.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox

GUARDED = (QComboBox, QAbstractSpinBox)      # QDateEdit is a spin box


class WheelGuard(QObject):
    """Event filter: unfocused combo and spin boxes pass the wheel to their parent."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(obj, GUARDED):
            if obj.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.Wheel and isinstance(obj, GUARDED) and not obj.hasFocus():
            event.ignore()          # ignored + filtered: Qt offers it to the parent widget
            return True
        return False


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Install the guard once per application (later calls return the same one)."""
    guard = app.findChild(WheelGuard)
    if guard is None:
        guard = WheelGuard(app)
        app.installEventFilter(guard)
    return guard
