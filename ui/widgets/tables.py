"""Column widths that never clip a column's heading (English headings are longer)."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QTableView


def set_column_widths(table: QTableView, widths: Sequence[int]) -> None:
    """Each column ``widths[i]`` wide, or as wide as its heading if that is wider."""
    header = table.horizontalHeader()
    for column, width in enumerate(widths):
        table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
