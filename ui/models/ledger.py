"""The hazard ledger as a lazily fetched table model.

Rows come from ``Workspace.ledger(query, limit, offset)`` one page at a time
(``canFetchMore`` / ``fetchMore``); the total comes from ``count_findings``.
100 000 findings cost one COUNT and one page until the user scrolls.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from checklists.common.vocabulary import HazardLevel
from storage.ledger import FindingQuery, LedgerRow

from ..context import OVERDUE_RED, STATE_COLOURS, Context

PAGE = 200
# (column key, sort key in storage.ledger.LEDGER_ORDER): every column sorts, so the
# header's sort indicator always describes the rows shown.
COLUMNS = (
    ("created", "created_at"), ("enterprise", "enterprise"), ("district", "district"),
    ("level", "level"), ("description", "description"), ("rectification", "rectification"),
    ("deadline", "deadline"), ("state", "state"), ("checklist", "checklist"),
)
SORT_COLUMN = {key: n for n, (_, key) in enumerate(COLUMNS)}


class LedgerModel(QAbstractTableModel):
    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.query = FindingQuery()
        self.rows: list[LedgerRow] = []
        self.total = 0
        self.active = False              # no query until the ledger is first shown
        self._today = ctx.today()
        self._headers = (self.tr("发现日期"), self.tr("单位"), self.tr("区域"), self.tr("等级"),
                         self.tr("隐患描述"), self.tr("整改方式"), self.tr("整改期限"),
                         self.tr("状态"), self.tr("检查表"))

    # ----- loading ---------------------------------------------------------------------
    def set_query(self, query: FindingQuery) -> None:
        self.beginResetModel()
        self.query = query
        self.active = True
        self._today = self.ctx.today()
        self.total = self.ctx.ws.count_findings(query)
        self.rows = []
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def refresh(self) -> None:
        self.set_query(self.query)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid():
            return
        page = self.ctx.ws.ledger(self.query, limit=PAGE, offset=len(self.rows))
        if not page:
            self.total = len(self.rows)
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Qt's header asks for ``order`` on ``column``: the query's order becomes that."""
        query = replace(self.query, order_by=COLUMNS[column][1],
                        descending=order == Qt.SortOrder.DescendingOrder)
        if not self.active:
            self.query = query
            return
        self.set_query(query)

    def sort_indicator(self) -> tuple[int, Qt.SortOrder]:
        """The header section and arrow that describe the query's order."""
        order = Qt.SortOrder.DescendingOrder if self.query.descending else Qt.SortOrder.AscendingOrder
        return SORT_COLUMN.get(self.query.order_by, 0), order

    # ----- table -----------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def row_at(self, row: int) -> LedgerRow:
        return self.rows[row]

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, key)
        if role == Qt.ItemDataRole.BackgroundRole and key == "state":
            return QBrush(QColor(STATE_COLOURS[row.finding.state]))
        if role == Qt.ItemDataRole.ForegroundRole and key in ("deadline", "level"):
            if key == "deadline" and row.finding.overdue(self._today):
                return QBrush(QColor(OVERDUE_RED))
            if key == "level" and row.finding.level == HazardLevel.MAJOR:
                return QBrush(QColor(OVERDUE_RED))
        if role == Qt.ItemDataRole.ToolTipRole and key == "description":
            return row.finding.description
        if role == Qt.ItemDataRole.ToolTipRole and key == "checklist":
            return row.checklist_label          # titles are long; the column is narrow
        if role == Qt.ItemDataRole.UserRole:
            return row.finding.id
        return None

    def _text(self, row: LedgerRow, key: str) -> str:
        f = row.finding
        label = self.ctx.label
        match key:
            case "created":
                return f.created_at[:10]
            case "enterprise":
                return row.enterprise_name
            case "district":
                return row.district or ""
            case "level":
                return label(f.level)
            case "description":
                return f.description.replace("\n", " ")
            case "rectification":
                return label(f.rectification)
            case "deadline":
                overdue = f.overdue(self._today)
                return (f.deadline or "") + (self.tr("（逾期）") if overdue else "")
            case "state":
                return label(f.state)
            case "checklist":
                return row.checklist_label
        return ""
