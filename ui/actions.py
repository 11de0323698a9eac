"""Every keyboard shortcut and menu command of the program, in one place.

``Actions`` holds the window-wide commands, the entries of the menu bar
(文件 / 检查 / 台账 / 同步 / 帮助, built by the main window); ``install_walk_keys``
gives the checklist walk its one-key answers and its undo, ``install_finish_keys``
the finish view its keys and ``install_document_keys`` the document panel its
print key.  A new command or key goes here too.
"""
from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from checklists.common.vocabulary import Result

# Keys a view's own action holds, which the menu entry of the same name shows.
VIEW_KEYS = MappingProxyType({"undo": "Ctrl+Z", "redo": "Ctrl+Shift+Z", "print": "Ctrl+P"})


class Actions(QObject):
    """Window-wide commands; the main window puts them in its menus and connects their
    ``triggered`` signals.

    Most carry their own window shortcut.  撤销 / 重做 and 打印 belong to one view
    each (the walk's answers, the documents panel): the view's own action holds the
    key (``install_walk_keys``, ``install_document_keys``), and the menu entry only
    shows it (``VIEW_KEYS``) and triggers that action, so one key press is one
    command and never an ambiguous shortcut.
    """

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        # 文件 File
        self.new_inspection = self._make("Ctrl+N")
        self.open_workspace = self._make("Ctrl+O")
        self.new_workspace = self._make("")
        self.import_checklist = self._make("")
        self.print = self._make("")
        self.setup = self._make("")
        self.load_demo = self._make("")
        self.quit = self._make("Ctrl+Q")
        # 检查 Inspection
        self.go_home = self._make("Ctrl+1")
        self.go_enterprises = self._make("Ctrl+2")
        self.go_inspection = self._make("Ctrl+3")
        self.search = self._make("Ctrl+F")
        self.undo = self._make("")
        self.redo = self._make("")
        # 台账 Ledger
        self.go_ledger = self._make("Ctrl+4")
        self.ledger_unclosed = self._make("")
        self.ledger_overdue = self._make("")
        self.export_ledger = self._make("")
        # 同步 Sync
        self.go_hq = self._make("Ctrl+5")
        self.export_bundle = self._make("")
        self.import_bundles = self._make("")
        self.export_pack = self._make("")
        self.import_pack = self._make("")
        self.go_settings = self._make("Ctrl+6")
        # 帮助 Help
        self.guide = self._make("F1")
        self.about = self._make("")
        self.retranslate()

    def retranslate(self) -> None:
        """(Re)set every text in the current language."""
        texts = (
            (self.new_inspection, self.tr("新建检查…")), (self.open_workspace, self.tr("打开其他工作区…")),
            (self.new_workspace, self.tr("新建工作区…")), (self.import_checklist, self.tr("导入检查表（Excel）…")),
            (self.print, self.tr("打印…")),
            (self.setup, self.tr("设置向导…")), (self.load_demo, self.tr("载入示例数据…")),
            (self.quit, self.tr("退出")), (self.go_home, self.tr("首页")),
            (self.go_enterprises, self.tr("企业与设备")), (self.go_inspection, self.tr("当前检查")),
            (self.search, self.tr("搜索…")), (self.undo, self.tr("撤销")), (self.redo, self.tr("重做")),
            (self.go_ledger, self.tr("隐患台账")), (self.ledger_unclosed, self.tr("未销号隐患")),
            (self.ledger_overdue, self.tr("逾期隐患")), (self.export_ledger, self.tr("导出台账…")),
            (self.go_hq, self.tr("统计与同步")), (self.export_bundle, self.tr("导出数据包…")),
            (self.import_bundles, self.tr("导入数据包…")), (self.export_pack, self.tr("导出下发包…")),
            (self.import_pack, self.tr("导入下发包…")), (self.go_settings, self.tr("设置")),
            (self.guide, self.tr("使用说明")), (self.about, self.tr("关于 SiteCheck")))
        for action, text in texts:
            action.setText(text.replace("&", "&&"))        # "Statistics & sync": no mnemonic
        for name, key in VIEW_KEYS.items():       # shown beside the text, held by the view
            action = getattr(self, name)
            action.setText(action.text() + "\t" + QKeySequence(key).toString(
                QKeySequence.SequenceFormat.NativeText))
        self.print.setToolTip(self.tr("在“检查结果与文书”或“复查”中选中一份已出具的文书后可打印"))
        self.undo.setToolTip(self.tr("撤销检查表中的上一次作答（在“当前检查”中可用）"))
        self.redo.setToolTip(self.tr("重做撤销的作答（在“当前检查”中可用）"))

    def shortcuts(self) -> dict[str, str]:
        """Every key this menu names: the window's own and the views' (``VIEW_KEYS``)."""
        keys = {name: action.shortcut().toString() for name, action in vars(self).items()
                if isinstance(action, QAction) and not action.shortcut().isEmpty()}
        return {**keys, **VIEW_KEYS}

    def _make(self, shortcut: str) -> QAction:
        action = QAction(self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setMenuRole(QAction.MenuRole.NoRole)     # stays in its menu on macOS too
        self.window.addAction(action)
        return action


def _view_action(view: QWidget, key: str, slot: Callable[[], object], *,
                 whole_view: bool = False) -> QAction:
    """A key of one view: while the focus is in it, or (``whole_view``) while it shows."""
    action = QAction(view)
    action.setShortcut(QKeySequence(key))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut if whole_view
                              else Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    view.addAction(action)
    return action


def install_walk_keys(view) -> dict[str, QAction]:
    """1 / 2 / 3 = 符合 / 不符合 / 不适用, N note, P photos, Esc back to the item list,
    Ctrl+Z / Ctrl+Shift+Z undo / redo the answers given (wherever the focus is
    while the walk shows; the menu's 撤销 / 重做 trigger these), Ctrl+Enter 完成检查.

    Text fields keep their own typing and their own Ctrl+Z: Qt gives printable
    keys and an editor's standard keys to a focused editor before any shortcut.
    A hidden view's keys do nothing.
    """
    return {
        "pass": _view_action(view, "1", lambda: view.set_result(Result.PASS)),
        "fail": _view_action(view, "2", lambda: view.set_result(Result.FAIL)),
        "na": _view_action(view, "3", lambda: view.set_result(Result.NA)),
        "note": _view_action(view, "N", view.focus_note),
        "photos": _view_action(view, "P", view.photos.choose_files),
        "list": _view_action(view, "Esc", view.items.setFocus),
        "undo": _view_action(view, VIEW_KEYS["undo"], view.undo_stack.undo, whole_view=True),
        "redo": _view_action(view, VIEW_KEYS["redo"], view.undo_stack.redo, whole_view=True),
        "finish": _view_action(view, "Ctrl+Return", view.finish),
        "finish_keypad": _view_action(view, "Ctrl+Enter", view.finish),
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
    """Ctrl+P prints the selected document (its stored PDF), wherever the focus is
    while the panel shows; the menu's 打印 triggers this."""
    return {"print": _view_action(panel, VIEW_KEYS["print"], panel.print_dialog, whole_view=True)}
