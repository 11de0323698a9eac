"""The home view on a new, empty workspace says what to do, in inert lines."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


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


def test_long_entries_are_elided_with_the_full_text_in_a_tooltip(qtbot, window):
    window.resize(1024, 768)
    window.show()
    home = window.show_view("home")
    with qtbot.waitSignal(home.loaded, timeout=5000):
        home.refresh()
    hint = home.recent.visualItemRect(home.recent.item(0))
    assert hint.height() > 2 * home.recent.fontMetrics().height()     # the empty-list hint wraps
    ws = window.ctx.ws
    name = "东莞市长安镇宏达精密五金制品有限公司（第二分厂）" * 3
    ent = ws.add_enterprise(name=name)
    ws.start_inspection(ent.id, [ws.checklists()[0].hash], ws.setting("inspectors")[:2])
    with qtbot.waitSignal(home.loaded, timeout=5000):
        home.refresh()
    QApplication.processEvents()
    lists = (home.recent, home.hazards, home.due)
    for widget in lists:
        assert widget.horizontalScrollBar().maximum() == 0, widget.objectName()
    item = home.recent.item(0)
    assert name in item.toolTip() and item.toolTip() == item.text()
    rect = home.recent.visualItemRect(item)
    assert rect.width() <= home.recent.viewport().width()
    assert home.recent.fontMetrics().horizontalAdvance(item.text()) > rect.width()  # so it is elided
