"""The menu bar and its keys: Ctrl+Z and Ctrl+P reach the view's own action exactly once,
the other entries open what they name, F1 the guide in the interface language."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from checklists.common.vocabulary import Result
from export.issue import issue_order

MENUS = ["fileMenu", "inspectionMenu", "ledgerMenu", "syncMenu", "helpMenu"]


def walking(ws):
    """An unfinished inspection of the general checklist: (inspection, checklist)."""
    ent = ws.add_enterprise(name="宏达精密五金有限公司")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    people = [dict(p) for p in ws.setting("inspectors")[:2]]
    return ws.start_inspection(ent.id, [checklist.hash], people), checklist


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier, widget=None) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(widget or window.focusWidget() or window, key, modifier)


def test_the_menu_bar_holds_every_command_with_its_key(qtbot, window):
    assert [m.objectName() for m in window.menus()] == MENUS
    assert [m.title() for m in window.menus()] == ["文件(&F)", "检查(&I)", "台账(&L)", "同步(&S)",
                                                    "帮助(&H)"]
    keys = window.actions.shortcuts()
    assert {keys[n] for n in ("new_inspection", "open_workspace", "print", "search", "undo", "guide",
                              "quit")} == {"Ctrl+N", "Ctrl+O", "Ctrl+P", "Ctrl+F", "Ctrl+Z", "F1",
                                           "Ctrl+Q"}
    assert [keys[f"go_{k}"] for k in ("home", "enterprises", "inspection", "ledger", "hq",
                                      "settings")] == [f"Ctrl+{n}" for n in range(1, 7)]
    in_menus = {a for m in window.menus() for a in m.actions() if not a.isSeparator()}
    assert {a for a in vars(window.actions).values() if hasattr(a, "triggered")} == in_menus
    texts = {a.text() for a in in_menus}
    assert {"打印…\tCtrl+P", "撤销\tCtrl+Z", "导出数据包…", "导入下发包…", "导出台账…",
            "设置向导…", "载入示例数据…", "使用说明"} <= texts


def test_menu_entries_open_what_they_name(qtbot, window, tmp_path, template_file, monkeypatch):
    window.show()
    window.actions.go_ledger.trigger()
    assert window.current_key() == "ledger"
    window.actions.ledger_overdue.trigger()
    assert window.ledger.overdue.isChecked()
    window.actions.go_hq.trigger()
    assert window.current_key() == "hq"
    window.actions.setup.trigger()
    assert window.settings.setup_wizard.isVisible()
    window.settings.setup_wizard.reject()
    # Ctrl+O: the file dialog, then the existing switch to another workspace
    other = tmp_path / "other.sitecheck"
    other.write_bytes(template_file.read_bytes())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    press(qtbot, window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.ctx.ws.path == other and window.current_key() == "home"


def test_ctrl_z_in_the_walk_undoes_exactly_once(qtbot, window):
    insp, checklist = walking(window.ctx.ws)
    window.show()
    window.open_walk(insp.id)
    walk = window.walk
    first, second = [item.id for item in checklist.items()][:2]
    qtbot.keyClick(walk.items, Qt.Key.Key_1)
    qtbot.keyClick(walk.items, Qt.Key.Key_1)
    assert walk.undo_stack.index() == 2
    answers = window.ctx.ws.answers(insp.id)
    assert answers[(checklist.hash, second)].result == Result.PASS

    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, widget=walk.items)
    assert walk.undo_stack.index() == 1                      # once, not twice, not ambiguous
    answers = window.ctx.ws.answers(insp.id)
    assert answers[(checklist.hash, first)].result == Result.PASS
    assert (checklist.hash, second) not in answers or answers[(checklist.hash, second)].result is None

    window.nav.setFocus()                                    # the focus outside the walk
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, widget=window.nav)
    assert walk.undo_stack.index() == 0
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, widget=walk.items)
    assert walk.undo_stack.index() == 0                      # nothing left to undo

    window.update_actions()
    assert window.actions.redo.isEnabled()
    window.actions.redo.trigger()
    assert walk.undo_stack.index() == 1                      # the menu's 重做 is the walk's
    window.update_actions()
    assert window.actions.undo.isEnabled()
    window.actions.undo.trigger()                            # the menu's 撤销 is the walk's
    assert walk.undo_stack.index() == 0

    window.actions.redo.trigger()
    window.show_view("home")                                 # elsewhere: disabled, the key does nothing
    assert not window.actions.undo.isEnabled() and not window.actions.redo.isEnabled()
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.actions.undo.trigger()
    assert walk.undo_stack.index() == 1


def print_dialog_shown(qtbot, panel):
    """The print dialog the panel opened (its own, or Qt's where no queue takes PDF), closed."""
    qtbot.waitUntil(lambda: panel.printing is not None or QApplication.activeModalWidget() is not None,
                    timeout=20000)
    dialog = panel.printing or QApplication.activeModalWidget()
    assert dialog.isVisible()
    dialog.reject()
    qtbot.waitUntil(lambda: panel.printing is None and QApplication.activeModalWidget() is None,
                    timeout=5000)


def test_ctrl_p_and_the_menus_print_open_the_panels_print_dialog(qtbot, window):
    ws = window.ctx.ws
    insp, _ = walking(ws)
    ws.add_finding(insp.id, description="配电箱门锁损坏", deadline="2026-12-01")
    ws.finish_inspection(insp.id)
    issue_order(ws, insp.id)
    window.show()
    window.show_view("home")
    assert not window.actions.print.isEnabled()
    assert "选中一份已出具的文书" in window.actions.print.toolTip()       # why it is greyed out

    window.show_documents(insp.id)
    panel = window.finish.documents
    assert window.actions.print.isEnabled() and panel.current_id()
    calls = []
    panel.keys["print"].triggered.connect(lambda: calls.append("print"))
    window.finish.table.setFocus()                          # the focus outside the panel
    press(qtbot, window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier,
          widget=window.finish.table)
    assert calls == ["print"]                               # one key press, one print
    print_dialog_shown(qtbot, panel)
    window.actions.print.trigger()                          # the menu's 打印 is the panel's
    assert calls == ["print", "print"]
    print_dialog_shown(qtbot, panel)


def test_f1_opens_the_guide_in_the_interface_language(qtbot, window):
    window.show()
    press(qtbot, window, Qt.Key.Key_F1)
    guide = window.guide_dialog
    assert guide.isVisible() and guide.lang == "zh_CN"
    assert guide.headings()[0] == "一、首次使用：设置" and "搜索" in guide.text.toPlainText()
    row = guide.headings().index("十一、数据在哪里，怎样备份")
    guide.contents.setCurrentRow(row)
    assert guide.text.verticalScrollBar().value() > 0
    assert guide.text.textCursor().block().text() == "十一、数据在哪里，怎样备份"
    guide.close()

    window.language_requested.emit("en")
    window.actions.guide.trigger()
    assert window.guide_dialog is not guide and window.guide_dialog.lang == "en"
    assert window.guide_dialog.headings()[0] == "1. First start: set-up"
    assert window.guide_dialog.windowTitle() == "User guide"
    window.guide_dialog.close()
