"""Home: new inspection, recent inspections, open and overdue hazards, equipment due."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import shiboken6
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import SiteCheckError
from checklists.common.vocabulary import FindingState
from storage.hq import as_hq, reading, shown
from storage.ledger import FindingQuery

from ..context import OVERDUE_RED, Context
from ..widgets.flow import HeadLayout

LIST_LIMIT = 30


class _WithinWidth(QStyledItemDelegate):
    """Rows no wider than the list, so a long entry is elided, not scrolled."""

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(min(hint.width(), self.parent().viewport().width()), hint.height())


def _list(name: str) -> QListWidget:
    """A list of one-line entries as wide as the list: a long entry is elided
    (its full text in the tooltip), never scrolled sideways."""
    widget = QListWidget()
    widget.setObjectName(name)
    widget.setAlternatingRowColors(True)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setTextElideMode(Qt.TextElideMode.ElideRight)
    widget.setResizeMode(QListView.ResizeMode.Adjust)     # lay the rows out again on resize
    widget.setItemDelegate(_WithinWidth(widget))
    return widget


def _entry(text: str, data, red: bool = False) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setToolTip(text)
    item.setData(Qt.ItemDataRole.UserRole, data)
    if red:
        item.setForeground(QBrush(QColor(OVERDUE_RED)))
    return item


def _placeholder(widget: QListWidget, text: str) -> None:
    """A grey, inert line saying why a list is empty and what to do."""
    widget.setWordWrap(widget.count() == 0)   # wrap the hint only; entries stay one line each
    if widget.count():
        return
    item = QListWidgetItem(text)
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    item.setForeground(QBrush(QColor("#8a9299")))
    widget.addItem(item)


class HomeView(QWidget):
    new_inspection = Signal()
    open_inspection = Signal(str)
    open_ledger = Signal(str)        # "open" or "overdue"
    open_enterprise = Signal(str)
    loaded = Signal()

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel(self.tr("现场检查"))
        title.setObjectName("viewTitle")
        new = QPushButton(self.tr("新建检查 (Ctrl+N)"))
        new.setObjectName("homeNewInspection")
        new.setProperty("primary", True)
        new.clicked.connect(self.new_inspection)
        head = HeadLayout()
        head.addWidget(title)
        head.addWidget(new)
        self.figures = QLabel()
        self.figures.setObjectName("homeFigures")
        self.figures.setWordWrap(True)
        self.recent = _list("recentInspections")
        self.recent.itemActivated.connect(
            lambda item: self.open_inspection.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.hazards = _list("openHazards")
        self.hazards.itemActivated.connect(lambda item: self.open_ledger.emit(
            "supervised" if item.data(Qt.ItemDataRole.UserRole + 1) else "overdue"))
        self.due = _list("equipmentDue")
        self.due.itemActivated.connect(
            lambda item: self.open_enterprise.emit(item.data(Qt.ItemDataRole.UserRole)))
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(8)
        for col, (text, widget) in enumerate(((self.tr("最近的检查"), self.recent),
                                              (self.tr("待整改与逾期隐患"), self.hazards),
                                              (self.tr("临近或超期定期检验的设备"), self.due))):
            label = QLabel(text)
            label.setObjectName("sectionTitle")
            label.setWordWrap(True)         # three columns in 683 px (1024x768 at scale 1.5)
            grid.addWidget(label, 0, col)
            grid.addWidget(widget, 1, col)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.figures)
        layout.addLayout(grid, 1)
        self._generation = 0

    def refresh(self) -> None:
        """Gather the figures off the UI thread (a COUNT over 100k findings takes a while)."""
        self.figures.setText(self.tr("正在统计…"))
        self._generation += 1
        generation = self._generation
        self.ctx.ops.run(home_data_job(self.ctx.today(), self.ctx.hq.url), parent=self, title="",
                         show_progress=False,
                         on_done=lambda data: self._fill(generation, data))

    def _source(self, data: HomeData) -> str:
        """Where the hazard figures come from, when not simply this workspace."""
        if data.source:
            return self.tr("局机关数据库 %1：").replace("%1", shown(data.source))
        if data.failure is not None:
            return self.tr("（局机关数据库无法读取，以下为本工作区）")
        return ""

    def _fill(self, generation: int, data: HomeData) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return                       # a newer refresh is coming, or the view is gone
        counts = data.counts
        self.figures.setText(
            self._source(data)
            + self.tr("未销号隐患 %1 项（其中重大隐患 %2 项），逾期未整改 %3 项，已销号 %4 项")
            .replace("%1", str(counts["open"])).replace("%2", str(counts["major_open"]))
            .replace("%3", str(counts["overdue"])).replace("%4", str(counts["closed"])))
        listed = data.supervision or {"listed": 0}
        if listed["listed"]:
            self.figures.setText(self.figures.text() + self.tr("；挂牌督办 %1 项（逾期督办 %2 项）")
                                 .replace("%1", str(listed["listed"])).replace("%2", str(listed["overdue"])))
        self.recent.clear()
        for insp, name in data.recent:
            status = "" if insp.finished_at else self.tr("（进行中）")
            self.recent.addItem(_entry(f"{insp.started_at[:10]}  {name}  "
                                       f"{self.ctx.label(insp.mode)}{status}", insp.id))
        self.hazards.clear()
        for listing in data.reminders:
            late = listing.days_left(data.today) < 0
            when = self.tr("逾期督办 ") if late else self.tr("督办到期 ")
            item = _entry(f"{when}{listing.deadline}  {listing.enterprise}  {listing.description[:40]}",
                          listing.finding_id, red=late)
            item.setData(Qt.ItemDataRole.UserRole + 1, listing.id)
            self.hazards.addItem(item)
        for row in data.hazards:
            f = row.finding
            late = self.tr("逾期 ") if f.overdue(data.today) else ""
            self.hazards.addItem(_entry(
                f"{late}{f.deadline or ''}  {row.enterprise_name}  {self.ctx.label(f.level)}  "
                f"{f.description[:40]}", f.id, red=f.overdue(data.today)))
        self.due.clear()
        for item, name in data.due:
            self.due.addItem(_entry(f"{item.next_inspection_date}  {name}  "
                                    f"{self.ctx.label(item.kind)} {item.name or ''}",
                                    item.enterprise_id, red=item.overdue(data.today)))
        _placeholder(self.recent, self.tr("还没有检查。按 Ctrl+N 新建检查；"
                                          "想先熟悉程序，可在“设置”中载入示例数据。"))
        _placeholder(self.hazards, self.tr("没有待整改的隐患。"))
        _placeholder(self.due, self.tr("没有30天内到期的定期检验。"))
        self.loaded.emit()


@dataclass(frozen=True)
class HomeData:
    today: date
    counts: dict
    recent: list
    hazards: list
    due: list
    reminders: list = ()            # 挂牌督办 due within the reminder window or overdue
    supervision: dict | None = None  # storage.supervision.counts
    source: str = ""                # the headquarters the hazard figures are from ("" = the workspace)
    failure: Exception | None = None  # why they are not (the headquarters could not be read)


def home_data_job(today: date, hq_url: str = ""):
    """A job for Ops.run: everything the home view shows, as plain records.  With
    ``hq_url`` (统计与同步 connected to a PostgreSQL headquarters) the hazard figures and
    list are the headquarters' (as the ledger's), the rest this workspace's; a
    headquarters that cannot be read leaves them the workspace's, and says so."""
    def job(ws, progress) -> HomeData:
        names: dict[str, str] = {}

        def name(enterprise_id: str) -> str:
            if enterprise_id not in names:
                names[enterprise_id] = ws.enterprise(enterprise_id).name
            return names[enterprise_id]

        recent = [(i, name(i.enterprise_id)) for i in ws.inspections(limit=LIST_LIMIT)]
        source, failure = "", None
        try:
            with reading(hq_url, ws) as hq:
                counts, hazards = hq.hazard_counts(today), _hazards(hq, today)
            source = hq_url
        except SiteCheckError as err:      # the server is away: the workspace's, marked
            counts, hazards, failure = ws.hazard_counts(today), _hazards(as_hq(ws), today), err
        due = [(e, name(e.enterprise_id)) for e in ws.equipment_due(30, today)[:LIST_LIMIT]]
        return HomeData(today, counts, recent, hazards, due,
                        ws.supervision_reminders(today=today)[:LIST_LIMIT], ws.supervision_counts(today),
                        source=source, failure=failure)
    return job


def _hazards(hq, today: date) -> list:
    """The overdue findings by deadline, then the other open ones, at most LIST_LIMIT each."""
    overdue = hq.page(FindingQuery(overdue_on=today, order_by="deadline", descending=False), limit=LIST_LIMIT)
    seen = {row.finding.id for row in overdue}
    rest = hq.page(FindingQuery(states=(FindingState.OPEN, FindingState.ORDERED, FindingState.RECTIFIED)),
                   limit=LIST_LIMIT)
    return overdue + [r for r in rest if r.finding.id not in seen][:LIST_LIMIT]
