"""The home view on a new, empty workspace says what to do, in inert lines."""
from __future__ import annotations

from PySide6.QtCore import Qt


def test_empty_home_explains_how_to_start(qtbot, window):
    home = window.show_view("home")
    with qtbot.waitSignal(home.loaded, timeout=5000):
        home.refresh()
    hint = home.recent.item(0)
    assert home.recent.count() == 1 and "Ctrl+N" in hint.text() and "示例数据" in hint.text()
    assert hint.flags() == Qt.ItemFlag.NoItemFlags          # cannot be selected or opened
    assert "没有待整改的隐患" in home.hazards.item(0).text()

    ent = window.ctx.ws.add_enterprise(name="杭州瑞丰食品有限公司")
    checklist = window.ctx.ws.checklists()[0]
    window.ctx.ws.start_inspection(ent.id, [checklist.hash],
                                   window.ctx.ws.setting("inspectors")[:2])
    with qtbot.waitSignal(home.loaded, timeout=5000):
        home.refresh()
    assert home.recent.count() == 1 and "杭州瑞丰食品有限公司" in home.recent.item(0).text()
    assert home.recent.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
