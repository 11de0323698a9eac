"""The navigation column and the layout that puts it beside the views.

On a narrow window (1024x768 at scale 1.5 is 683 logical pixels) the column
narrows to short labels (首页, 企业, 检查, …; the full name in the tooltip), so
the views keep the room they need. ``SideLayout`` asks for the short column in
its minimum size and gives the full column only where the view beside it keeps
its own minimum width and ``MAIN_ROOM``; ``NavList`` shows the short labels while
it is narrower than its full width.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from .flow import ItemsLayout

FULL_WIDTH = 176            # the full column (logical pixels; at least the longest name)
MAIN_ROOM = 560             # the room the views keep beside the full column, else it narrows
ITEM_PADDING = {False: 18, True: 8}     # an entry's side padding, full and compact (ui/style.py)
MARK = 4                    # the selected entry's left border
RIGHT_ROOM = 10             # at least this much room right of the longest label
FULL_TEXT, SHORT_TEXT = Qt.ItemDataRole.UserRole + 1, Qt.ItemDataRole.UserRole + 2


class NavList(QListWidget):
    """The list of views: full names when there is room, short labels when narrow."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("nav")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.compact = False
        self.setProperty("compact", False)

    def add_entry(self, title: str, short: str, key: str) -> QListWidgetItem:
        item = QListWidgetItem(short if self.compact else title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setData(FULL_TEXT, title)
        item.setData(SHORT_TEXT, short)
        item.setToolTip(title if self.compact else "")
        self.addItem(item)
        self.updateGeometry()
        return item

    def _texts(self, role) -> list[str]:
        return [self.item(row).data(role) or "" for row in range(self.count())]

    def _width_of(self, role, compact: bool) -> int:
        self.ensurePolished()
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(text) for text in self._texts(role)), default=0)
        # the left padding and the selection mark, and some room on the right
        return widest + ITEM_PADDING[compact] + MARK + RIGHT_ROOM + 2 * self.frameWidth()

    def full_width(self) -> int:
        return max(FULL_WIDTH, self._width_of(FULL_TEXT, False))

    def compact_width(self) -> int:
        return min(self.full_width(), self._width_of(SHORT_TEXT, True))

    def sizeHint(self) -> QSize:
        return QSize(self.full_width(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.compact_width(), super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        self.set_compact(event.size().width() < self.full_width())
        super().resizeEvent(event)

    def set_compact(self, compact: bool) -> None:
        """Short labels (full names as tooltips) or full names."""
        if compact == self.compact:
            return
        self.compact = compact
        self.setProperty("compact", compact)
        self.style().unpolish(self)             # the style sheet's padding follows the property
        self.style().polish(self)
        for row in range(self.count()):
            item = self.item(row)
            item.setText(item.data(SHORT_TEXT if compact else FULL_TEXT))
            item.setToolTip(item.data(FULL_TEXT) if compact else "")


class SideLayout(ItemsLayout):
    """A side column (``NavList``) and a main widget beside it, added in that order.

    The minimum size counts the side column at its compact width; the column gets
    its full width wherever the main widget keeps its minimum width and ``MAIN_ROOM``
    beside it (so the views of a 683 px window, 1024x768 at scale 1.5, get the room).
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setContentsMargins(0, 0, 0, 0)

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal | Qt.Orientation.Vertical

    def _parts(self):
        """(side, main) items while both are there."""
        return (self._items[0], self._items[1]) if len(self._items) == 2 else (None, None)

    def _side_widths(self, side) -> tuple[int, int]:
        widget = side.widget()
        return widget.minimumSizeHint().width(), widget.sizeHint().width()

    def minimumSize(self) -> QSize:
        side, main = self._parts()
        if side is None:
            return QSize()
        size = main.minimumSize()
        return QSize(self._side_widths(side)[0] + size.width(), size.height())

    def sizeHint(self) -> QSize:
        side, main = self._parts()
        if side is None:
            return QSize()
        size = main.sizeHint()
        return QSize(self._side_widths(side)[1] + size.width(), size.height())

    def side_width(self, width: int) -> int:
        """The side column's width in a layout ``width`` wide: full if the main widget
        keeps its minimum width (and ``MAIN_ROOM``) beside it, else compact."""
        side, main = self._parts()
        compact, full = self._side_widths(side)
        return full if width - full >= max(main.minimumSize().width(), MAIN_ROOM) else compact

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        side, main = self._parts()
        if side is None:
            return
        width = self.side_width(rect.width())
        side.setGeometry(QRect(rect.x(), rect.y(), width, rect.height()))
        main.setGeometry(QRect(rect.x() + width, rect.y(), rect.width() - width, rect.height()))
