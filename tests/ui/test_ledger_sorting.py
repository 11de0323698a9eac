"""The ledger's header: a click sorts the rows, and the arrow says which way they go;
the text filter finds enterprises by name; the checklist column shows titles."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyleOptionHeader

from checklists.common.vocabulary import FindingState, HazardLevel, Rectification
from storage import demo
from ui.models.ledger import COLUMNS

RANKS = {"state": FindingState, "level": HazardLevel, "rectification": Rectification}


def _key(row, column: str):
    """What a column's order is judged by, from the row the model holds."""
    f = row.finding
    if column in RANKS:
        return list(RANKS[column]).index(getattr(f, column))
    return {"created": f.created_at, "enterprise": row.enterprise_name,
            "district": row.district or "", "description": f.description,
            "deadline": f.deadline or "", "checklist": row.checklist_title or ""}[column]


def _click(qtbot, header, section: int) -> None:
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def _arrow(header, section: int) -> QStyleOptionHeader.SortIndicator:
    option = QStyleOptionHeader()
    header.initStyleOptionForIndex(option, section)
    return option.sortIndicator


def test_every_header_click_sorts_the_rows_the_way_the_arrow_points(qtbot, window):
    demo.fill(window.ctx.ws, inspections=12)
    view = window.show_view("ledger")
    header, model = view.table.horizontalHeader(), view.model
    # As first shown: the newest first, arrow down on the date.
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, Qt.SortOrder.DescendingOrder)
    assert _arrow(header, 0) == QStyleOptionHeader.SortIndicator.SortDown
    created = [_key(r, "created") for r in model.rows]
    assert created == sorted(created, reverse=True)
    for section, (column, _) in enumerate(COLUMNS):
        for _ in range(2):                   # a click, then a second click turns the order round
            _click(qtbot, header, section)
            assert header.sortIndicatorSection() == section
            ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            keys = [_key(r, column) for r in model.rows]
            assert keys == sorted(keys, reverse=not ascending), (column, ascending)
            assert len(set(keys)) > 1, column            # the column really has an order to show
            assert _arrow(header, section) == (QStyleOptionHeader.SortIndicator.SortUp if ascending
                                               else QStyleOptionHeader.SortIndicator.SortDown)
            assert model.query.descending is not ascending


def test_text_filter_finds_enterprises_by_name_and_checklists_show_titles(qtbot, window):
    ws = window.ctx.ws
    demo.fill(ws, inspections=12)
    view = window.show_view("ledger")
    name = view.model.rows[0].enterprise_name
    titles = {c.id: c.title for c in ws.checklists()}
    shown = {view.model.data(view.model.index(n, 8)) for n in range(view.model.rowCount())}
    assert shown and shown <= set(titles.values())
    view.text.setText(name[2:6])                          # part of the name, not of any finding
    qtbot.waitUntil(lambda: view.model.query.text == name[2:6])
    rows = view.model.rows
    assert rows and {r.enterprise_name for r in rows} == {name}
    assert view.model.total == sum(1 for r in ws.ledger(limit=10000) if r.enterprise_name == name)
