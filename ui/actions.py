"""Every keyboard shortcut and menu command of the program, in one place.

``Actions`` holds the window-wide commands (navigation, new inspection, quit);
``install_walk_keys`` gives the checklist walk its one-key answers and
``install_document_keys`` the document panel its print key.  A new command goes
here too.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from checklists.common.vocabulary import Result


class Actions(QObject):
    """Window-wide commands; the main window connects their ``triggered`` signals."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self.new_inspection = self._make(self.tr("新建检查"), "Ctrl+N")
        self.go_home = self._make(self.tr("首页"), "Ctrl+1")
        self.go_enterprises = self._make(self.tr("企业与设备"), "Ctrl+2")
        self.go_inspection = self._make(self.tr("当前检查"), "Ctrl+3")
        self.go_ledger = self._make(self.tr("隐患台账"), "Ctrl+4")
        self.go_hq = self._make(self.tr("统计与同步"), "Ctrl+5")
        self.go_settings = self._make(self.tr("设置"), "Ctrl+6")
        self.load_demo = self._make(self.tr("载入示例数据…"), "")
        self.quit = self._make(self.tr("退出"), QKeySequence.StandardKey.Quit)

    def _make(self, text: str, shortcut) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.window.addAction(action)
        return action


def _view_action(view: QWidget, key: str, slot: Callable[[], object]) -> QAction:
    action = QAction(view)
    action.setShortcut(QKeySequence(key))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    view.addAction(action)
    return action


def install_walk_keys(view) -> dict[str, QAction]:
    """1 / 2 / 3 = 符合 / 不符合 / 不适用, N note, P photos, Esc back to the item list,
    Ctrl+Z / Ctrl+Shift+Z undo / redo the answers given, Ctrl+Enter 完成检查.

    Text fields keep their own typing: Qt gives printable keys to a focused
    editor before any shortcut.
    """
    return {
        "pass": _view_action(view, "1", lambda: view.set_result(Result.PASS)),
        "fail": _view_action(view, "2", lambda: view.set_result(Result.FAIL)),
        "na": _view_action(view, "3", lambda: view.set_result(Result.NA)),
        "note": _view_action(view, "N", view.focus_note),
        "photos": _view_action(view, "P", view.photos.choose_files),
        "list": _view_action(view, "Esc", view.items.setFocus),
        "undo": _view_action(view, "Ctrl+Z", view.undo_stack.undo),
        "redo": _view_action(view, "Ctrl+Shift+Z", view.undo_stack.redo),
        "finish": _view_action(view, "Ctrl+Return", view.finish),
    }


def install_finish_keys(view) -> dict[str, QAction]:
    """After 完成检查: Enter = the default button (the order while findings wait for one),
    Ctrl+R the 现场检查记录, Ctrl+D the order; Ctrl+P (the document panel's) prints."""
    return {
        "default": _view_action(view, "Return", view.press_default),
        "enter": _view_action(view, "Enter", view.press_default),
        "record": _view_action(view, "Ctrl+R", lambda: view.issue("record")),
        "order": _view_action(view, "Ctrl+D", lambda: view.issue("order")),
    }


def install_document_keys(panel) -> dict[str, QAction]:
    """Ctrl+P prints the selected document (its stored PDF)."""
    return {"print": _view_action(panel, "Ctrl+P", panel.print_dialog)}
