"""Opening another workspace, a new one, the remembered one at start; sample data."""
from __future__ import annotations

import shutil

from PySide6.QtWidgets import QMessageBox

from storage.paths import default_workspace
from storage.workspace import Workspace
from ui.app import start
from ui.prefs import remembered_workspace

from .conftest import NOW


def other_workspace(tmp_path, template_file, name="杭州钱塘化工有限公司"):
    path = tmp_path / "other" / "县局.sitecheck"
    path.parent.mkdir()
    shutil.copyfile(template_file, path)
    ws = Workspace.open(path, install_builtin=False, clock=lambda: NOW)
    ws.add_enterprise(name=name)
    ws.set_settings({"department": {"name": "杭州市钱塘区应急管理局"}})
    ws.close()
    return path


def test_open_other_workspace_switches_the_data_shown(qtbot, window, tmp_path, template_file):
    first = window.ctx.ws
    first.add_enterprise(name="杭州瑞丰食品有限公司")
    other = other_workspace(tmp_path, template_file)
    view = window.show_view("settings")
    view.open_other(str(other))

    assert window.ctx.ws is not first and window.ctx.ws.path == other
    assert [e.name for e in window.ctx.ws.enterprises()] == ["杭州钱塘化工有限公司"]
    assert window.ctx.data_dir == other.parent
    assert str(other) in window.windowTitle()
    enterprises = window.show_view("enterprises")
    enterprises.refresh()
    assert enterprises.model.rowCount() == 1
    settings = window.show_view("settings")
    assert settings.edits["department"].text() == "杭州市钱塘区应急管理局"
    assert remembered_workspace() == other.resolve()

    # the first workspace was closed untouched
    again = Workspace.open(tmp_path / "ws.sitecheck", install_builtin=False)
    assert [e.name for e in again.enterprises()] == ["杭州瑞丰食品有限公司"]
    again.close()


def test_bad_choices_change_nothing(qtbot, window, tmp_path):
    ws = window.ctx.ws
    not_a_workspace = tmp_path / "notes.sitecheck"
    not_a_workspace.write_text("不是工作区", encoding="utf-8")
    assert not window.switch_workspace(not_a_workspace)
    assert not window.switch_workspace(tmp_path / "gone.sitecheck")
    assert not window.switch_workspace(not_a_workspace, create=True)      # exists already
    assert window.ctx.ws is ws and ws.enterprises() == []               # still open and usable
    assert remembered_workspace() is None
    assert not (tmp_path / "gone.sitecheck").exists()


def test_new_workspace_is_empty_and_remembered_for_next_start(qtbot, window, tmp_path):
    window.ctx.ws.add_enterprise(name="杭州瑞丰食品有限公司")
    view = window.show_view("settings")
    view.new_workspace(str(tmp_path / "培训"))                            # suffix added
    new = tmp_path / "培训.sitecheck"
    assert window.ctx.ws.path == new and window.ctx.ws.enterprises() == []
    assert any(c.id == "general-sbls" for c in window.ctx.ws.checklists())
    assert remembered_workspace() == new.resolve()

    _app, second = start(None)                 # the next start opens it again
    qtbot.addWidget(second)
    try:
        assert second.ctx.ws.path == new.resolve()
        assert not hasattr(second, "notice")
    finally:
        second.ctx.close()


def test_missing_remembered_workspace_falls_back_to_default(qtbot, window, tmp_path, template_file):
    other = other_workspace(tmp_path, template_file)
    window.switch_workspace(other)
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=5000)     # the home view's queries
    shutil.rmtree(other.parent)                # e.g. the USB stick is not plugged in
    _app, second = start(None)
    qtbot.addWidget(second)
    try:
        assert second.ctx.ws.path == default_workspace()
        assert str(other.resolve()) in second.notice.text() and "默认工作区" in second.notice.text()
        assert remembered_workspace() is None
    finally:
        second.ctx.close()


def test_demo_action_asks_then_adds_inspections(qtbot, window):
    ws = window.ctx.ws
    texts = []

    def decline(box):
        texts.append(box.text() + box.informativeText())
        box.button(QMessageBox.StandardButton.Cancel).click()

    assert window.load_demo(confirm=decline, inspections=3) is None
    assert "示例企业" in texts[0] and "新建工作区" in texts[0] and str(ws.path) in texts[0]
    assert ws.inspections() == []

    def accept(box):
        next(b for b in box.buttons() if b.text() == "载入到当前工作区").click()

    window.load_demo(confirm=accept, inspections=3)
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=30000)
    assert len(ws.inspections()) == 3 and ws.enterprises()
    assert ws.photos() and ws.count_findings() > 0
    assert "检查 3 次" in window.statusBar().currentMessage()
    home = window.show_view("home")
    qtbot.waitUntil(lambda: home.recent.count() == 3, timeout=5000)
