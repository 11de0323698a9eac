"""Table helpers: column widths that never clip a column's heading (English headings are
longer), and a header whose sort arrow points the way the rows are sorted."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QStyleOptionHeader, QTableView, QWidget


def set_column_widths(table: QTableView, widths: Sequence[int]) -> None:
    """Each column ``widths[i]`` wide, or as wide as its heading if that is wider."""
    header = table.horizontalHeader()
    for column, width in enumerate(widths):
        table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))


class SortHeader(QHeaderView):
    """A horizontal header whose sort arrow points up for ascending order, down for
    descending, as ``QStyleOptionHeader`` documents (SortUp: ascending).

    ``QHeaderView`` hands the style ``SortDown`` for ascending order, and the style
    sheet's arrow (over Fusion) then points down while the smallest value is at the
    top; this header hands the style the documented value instead.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logical_index: int) -> None:
        super().initStyleOptionForIndex(option, logical_index)
        if option.sortIndicator != QStyleOptionHeader.SortIndicator.None_:
            ascending = self.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            option.sortIndicator = (QStyleOptionHeader.SortIndicator.SortUp if ascending
                                    else QStyleOptionHeader.SortIndicator.SortDown)
