"""Restarting the program resumes the inspection in progress where it stopped; without
one, 当前检查 shows what to do and no live buttons."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from checklists.common.vocabulary import Result
from storage.workspace import Workspace

from .conftest import NOW


@pytest.fixture
def restart(qtbot, workspace_file):
    """Start the program on ``workspace_file`` as a user would (after setting it up)."""
    from ui.app import start

    windows = []

    def run():
        _app, win = start(workspace_file)
        qtbot.addWidget(win)
        windows.append(win)
        return win

    yield run
    for win in windows:
        win.ctx.close()


def walk_three(ws: Workspace, *, finish: bool):
    ent = ws.add_enterprise(name="东莞市恒达五金制品有限公司")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(ent.id, [checklist.hash], ws.setting("inspectors")[:2])
    items = [i for s in checklist.sections for i in s.items]
    for item in items[:2]:
        ws.record_result(insp.id, checklist.hash, item.id, result=Result.PASS)
    ws.record_result(insp.id, checklist.hash, items[3].id, result=Result.NA)
    if finish:
        ws.finish_inspection(insp.id)
    return insp, checklist, items


def test_restart_resumes_at_the_first_unanswered_item(qtbot, workspace_file, restart):
    with Workspace.open(workspace_file, clock=lambda: NOW) as ws:
        walk_three(ws, finish=True)                 # done: not resumed
        insp, checklist, items = walk_three(ws, finish=False)
    window = restart()
    assert window.current_key() == "walk"
    walk = window.walk
    assert walk.inspection.id == insp.id and walk.current[1].id == items[2].id
    window.activateWindow()
    qtbot.waitUntil(walk.items.hasFocus)           # the keyboard goes on at once
    qtbot.keyClick(walk.items, Qt.Key.Key_1)        # the walk goes on from there
    assert window.ctx.ws.answers(insp.id)[(checklist.hash, items[2].id)].result == Result.PASS
    assert walk.current[1].id == items[3].id


def test_without_an_inspection_the_walk_has_no_live_buttons(qtbot, workspace_file, restart):
    window = restart()
    assert window.current_key() == "home"
    walk = window.show_view("walk")
    assert not walk.finish_button.isEnabled() and not walk.documents_button.isEnabled()
    assert not walk.body.isVisible() and not walk.fail_button().isVisible()
    assert "Ctrl+N" in walk.header.text()
    qtbot.keyClick(walk, Qt.Key.Key_1)
    walk.finish()
    assert window.ctx.ws.inspections() == []


def test_opening_another_inspection_with_other_checklists_shows_its_items(window):
    """The walk open on an item of one inspection, another inspection (other checklists)
    is opened: the item list is refilled without touching the first one's rows (it
    raised StopIteration in a slot before) and shows the second one's first item."""
    ws = window.ctx.ws
    ent = ws.add_enterprise(name="东莞市恒达五金制品有限公司")
    general = next(c for c in ws.checklists() if c.id == "general-sbls")
    boiler = next(c for c in ws.checklists() if c.id == "boiler-user")
    first = ws.start_inspection(ent.id, [boiler.hash], ws.setting("inspectors")[:2])
    second = ws.start_inspection(ent.id, [general.hash], ws.setting("inspectors")[:2])
    window.open_walk(first.id)
    items = [i for s in boiler.sections for i in s.items]
    window.walk.go_to(boiler.hash, items[5].id, None)
    assert window.walk.current[1].id == items[5].id
    window.open_walk(second.id)
    checklist, item, _equipment = window.walk.current
    assert checklist.hash == general.hash and item.id == general.sections[0].items[0].id
    window.open_walk(first.id)
    assert window.walk.current[0].hash == boiler.hash
