"""Layouts that wrap where a row is too narrow (button rows that must fit a 1024 px
screen in English, and 1024x768 at scale 1.5: 683 logical pixels).

``FlowLayout`` lays its items out in a row and wraps them onto further rows;
``HeadLayout`` keeps a title (or a field) and its buttons on one row while the
title keeps its share, and otherwise gives the title a row of its own."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QSizePolicy, QWidget


class ItemsLayout(QLayout):
    """A layout that keeps its items in a list (what a QLayout subclass must provide)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items = []

    def addItem(self, item) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):
        return self._items.pop(index) if 0 <= index < len(self._items) else None


class FlowLayout(ItemsLayout):

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _spacing(self, orientation: Qt.Orientation) -> int:
        if self.spacing() >= 0:
            return self.spacing()
        parent = self.parentWidget()
        if parent is None:
            return 6
        return parent.style().layoutSpacing(QSizePolicy.ControlType.PushButton,
                                            QSizePolicy.ControlType.PushButton, orientation)

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items row by row within ``rect``; the height they take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        return self._flow(self._items, area, move) + margins.top() + margins.bottom()

    def _flow(self, items, area: QRect, move: bool) -> int:
        """Lay ``items`` out in rows from ``area``'s top-left; the height they take."""
        across, down = self._spacing(Qt.Orientation.Horizontal), self._spacing(Qt.Orientation.Vertical)
        x, y, row_height = area.x(), area.y(), 0
        for item in items:
            if item.isEmpty():          # a hidden widget takes no room
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and row_height > 0:
                x, y, row_height = area.x(), y + row_height + down, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + across
            row_height = max(row_height, hint.height())
        return y + row_height - area.y()


class HeadLayout(FlowLayout):
    """A row of one widget that takes the room left (a view's title, a caption field)
    and buttons beside it, at their own widths.  Where the buttons would leave the
    wide widget less than its share of the row (``share``), the wide widget gets a
    row of its own and the buttons wrap on the rows below (or above: ``wide`` is the
    index of the wide widget, first or last)."""

    def __init__(self, parent=None, *, wide: int = 0, share: float = 0.45):
        super().__init__(parent)
        self._wide, self._share = wide, share

    def _parts(self):
        """(the wide item, the other items) while there is a wide one."""
        if not self._items:
            return None, []
        index = self._wide if self._wide >= 0 else len(self._items) + self._wide
        return self._items[index], [item for i, item in enumerate(self._items) if i != index]

    def _row_width(self, items) -> int:
        across = self._spacing(Qt.Orientation.Horizontal)
        return sum(item.sizeHint().width() + across for item in items if not item.isEmpty())

    def one_row(self, width: int) -> bool:
        """Whether the wide widget and the buttons share one row in ``width``."""
        wide, rest = self._parts()
        margins = self.contentsMargins()
        room = width - margins.left() - margins.right() - self._row_width(rest)
        wanted = min(wide.sizeHint().width(), max(wide.minimumSize().width(), int(self._share * width)))
        return room >= wanted

    def sizeHint(self) -> QSize:
        wide, rest = self._parts()
        if wide is None:
            return QSize()
        margins = self.contentsMargins()
        height = max(item.sizeHint().height() for item in self._items)
        return QSize(wide.sizeHint().width() + self._row_width(rest) + margins.left() + margins.right(),
                     height + margins.top() + margins.bottom())

    @staticmethod
    def _height(item, width: int) -> int:
        return item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        wide, rest = self._parts()
        if wide is None:
            return 0
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        if self.one_row(rect.width()):
            height = self._one_row(area, wide, rest, move)
        else:
            height = self._stacked(area, wide, rest, move)
        return height + margins.top() + margins.bottom()

    def _one_row(self, area: QRect, wide, rest, move: bool) -> int:
        """Everything on one row, in order; the wide widget takes what the others leave."""
        across = self._spacing(Qt.Orientation.Horizontal)
        wide_width = area.width() - self._row_width(rest)
        widths = [wide_width if item is wide else item.sizeHint().width() for item in self._items]
        heights = [self._height(item, w) for item, w in zip(self._items, widths, strict=True)]
        row = max(heights)
        x = area.x()
        for item, width, height in zip(self._items, widths, heights, strict=True):
            if move:
                tall = row if item is wide else height
                item.setGeometry(QRect(x, area.y() + (row - tall) // 2, width, tall))
            x += width + across
        return row

    def _stacked(self, area: QRect, wide, rest, move: bool) -> int:
        """The wide widget on a row of its own, the others wrapping before or after it."""
        down = self._spacing(Qt.Orientation.Vertical)
        first = self._items[0] is wide
        wide_height = self._height(wide, area.width())
        y = area.y() + (wide_height + down if first else 0)
        others = self._flow(rest, QRect(area.x(), y, area.width(), 0), move)
        if move:
            top = area.y() if first else y + others + down
            wide.setGeometry(QRect(area.x(), top, area.width(), wide_height))
        return wide_height + down + others


class Pane(QWidget):
    """A splitter pane as tall, at least, as its layout needs at the pane's width: a
    splitter knows nothing of height-for-width, so wrapped labels and button rows
    (``FlowLayout``) would be cut off at the pane's bottom."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth() or self.width() <= 0:
            return hint
        return QSize(hint.width(), max(hint.height(), layout.totalMinimumHeightForWidth(self.width())))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()       # the splitter asks for the minimum again
