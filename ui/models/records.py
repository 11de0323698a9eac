"""Small table models over lists of records (enterprises, equipment)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ..context import OVERDUE_RED


class RecordTableModel(QAbstractTableModel):
    """Rows are records; columns are (header, getter) pairs; ``alert(record, key)`` paints red."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[Any], str]]],
                 alert: Callable[[Any, int], bool] | None = None, parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.records: list[Any] = []
        self.alert = alert

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self.records[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()][1](record) or ""
        if role == Qt.ItemDataRole.ForegroundRole and self.alert and self.alert(record, index.column()):
            return QBrush(QColor(OVERDUE_RED))
        if role == Qt.ItemDataRole.UserRole:
            return record.id
        return None
