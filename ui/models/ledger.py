"""The hazard ledger as a lazily fetched table model.

Rows come from ``page(query, limit, after=cursor)`` one page at a time
(``canFetchMore`` / ``fetchMore``), each page by key from the last row shown, so
page 500 costs what page 1 does.  The exact count runs off the UI thread
(``count_findings`` as a background job); until it arrives ``estimate`` holds the
summary's figure (``estimate_findings``) and the view shows "约 N".  A first page
shorter than a page is its own exact count.

Every read goes through the headquarters interface (``storage.hq``): the workspace,
or the PostgreSQL headquarters of ``Context.hq`` when one is connected (the UI
thread's connection; the count job opens its own).  A read that fails (a lost
connection, a refused user) leaves the rows read so far and says so (``failed``).
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from checklists.common.vocabulary import HazardLevel, SupervisionState
from storage.hq import reading
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
    count_changed = Signal()            # total or estimate changed
    failed = Signal(object)             # a read failed: the exception, for ui.errors

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.query = FindingQuery()
        self.rows: list[LedgerRow] = []
        self.total: int | None = 0      # exact; None until the background count arrives
        self.estimate: int | None = 0   # at once, from the summary (None: not known)
        self.active = False              # no query until the ledger is first shown
        self._more = False
        self.error: BaseException | None = None     # the last read's failure, if it failed
        self._generation = 0
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
        self._generation += 1
        self.rows, self._more, self.error = [], False, None
        try:
            self.rows = self.read("page", query, limit=PAGE)
            self._more = len(self.rows) == PAGE
            self.total = None if self._more else len(self.rows)
            self.estimate = self.read("estimate_findings", query) if self._more else self.total
        except Exception as exc:        # shown by the view; the table stays usable
            self.endResetModel()
            self.fail(exc, reset=False)
            return
        self.endResetModel()
        if self._more:
            self._count_in_background()
        self.count_changed.emit()

    def fail(self, exc: BaseException, *, reset: bool = True) -> None:
        """No rows, because a read failed with ``exc`` (the view shows it)."""
        if reset:
            self.beginResetModel()
            self._generation += 1
            self.active = True
            self.rows, self._more = [], False
            self.endResetModel()
        self.total = self.estimate = None
        self.error = exc
        self.failed.emit(exc)
        self.count_changed.emit()

    def read(self, method: str, *args, **kwargs):
        """One read on the UI thread, from the workspace or the connected headquarters."""
        return self.ctx.hq.read(self.ctx.ws, method, *args, **kwargs)

    def _count_in_background(self) -> None:
        generation, query, url = self._generation, self.query, self.ctx.hq_url

        def job(ws, _progress):
            with reading(url, ws) as source:        # a connection of the pool thread's own
                return source.count_findings(query)

        self.ctx.ops.run(job, parent=None, title=self.tr("正在计数…"), show_progress=False,
                         cancellable=False, on_done=lambda n: self._counted(generation, n),
                         on_error=lambda exc: self._count_failed(generation, exc))

    def _counted(self, generation: int, total: int) -> None:
        if generation == self._generation:          # not a query replaced meanwhile
            self.total = total
            self.count_changed.emit()

    def _count_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.error = exc
            self.failed.emit(exc)
            self.count_changed.emit()

    def refresh(self) -> None:
        self.set_query(self.query)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid() or not self.rows:
            return
        try:
            page = self.read("page", self.query, limit=PAGE, after=self.rows[-1].cursor)
        except Exception as exc:        # e.g. the connection lost: keep the rows shown
            self._more, self.error = False, exc
            self.failed.emit(exc)
            self.count_changed.emit()
            return
        self._more = len(page) == PAGE
        if not page:
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
        if role == Qt.ItemDataRole.ToolTipRole and key == "level" and row.supervision_deadline:
            return self.tr("%1，督办期限 %2").replace("%1", self.ctx.label(row.supervision_state(self._today))) \
                .replace("%2", row.supervision_deadline)
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
                listed = row.supervision_state(self._today)
                if listed is None:
                    return label(f.level)
                mark = self.tr("（逾期督办）") if listed == SupervisionState.OVERDUE else self.tr("（督办）")
                return label(f.level) + mark
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
