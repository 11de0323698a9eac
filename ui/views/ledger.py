"""The hazard ledger (隐患台账): every finding, filtered and sorted, lazily fetched.

It reads the workspace, or the PostgreSQL headquarters connected in 统计与同步
(``Context.hq``), and says which (``ledgerSource``).  On PostgreSQL the ledger is
read only: 复查 and 挂牌督办 act on the workspace's own findings, so they are off,
and a double-click shows the finding (``ui/dialogs/finding_detail.py``) instead of
opening an inspection this PC does not hold."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from checklists.common.vocabulary import FindingState, HazardLevel, SupervisionState
from storage.ledger import FindingQuery

from ..context import Context
from ..errors import show_error
from ..models.ledger import LedgerModel
from ..widgets.flow import FlowLayout, HeadLayout
from ..widgets.tables import SortHeader, set_column_widths


def _combo(name: str, any_text: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(any_text, None)
    combo.setMaximumWidth(200)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(6)
    return combo


REVIEWABLE = (FindingState.OPEN, FindingState.ORDERED, FindingState.RECTIFIED)


class LedgerView(QWidget):
    open_inspection = Signal(str)
    reinspect = Signal(str)          # finding id: 复查 its inspection

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.state = _combo("filterState", self.tr("全部状态"))
        self.state.addItem(self.tr("未销号"), "unclosed")
        for state in FindingState:
            self.state.addItem(ctx.label(state), str(state))
        self.level = _combo("filterLevel", self.tr("全部等级"))
        for level in HazardLevel:
            self.level.addItem(ctx.label(level), str(level))
        self.overdue = QCheckBox(self.tr("仅逾期"))
        self.overdue.setObjectName("filterOverdue")
        self.supervision = _combo("filterSupervision", self.tr("督办：全部"))
        self.supervision.addItem(self.tr("挂牌督办中"), "listed")
        self.supervision.addItem(ctx.label(SupervisionState.OVERDUE), str(SupervisionState.OVERDUE))
        self.enterprise = _combo("filterEnterprise", self.tr("全部单位"))
        self.district = _combo("filterDistrict", self.tr("全部区域"))
        self.checklist = _combo("filterChecklist", self.tr("全部检查表"))
        self.text = QLineEdit()
        self.text.setObjectName("filterText")
        self.text.setPlaceholderText(self.tr("描述、备注或单位名称包含…"))
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(200)
        self.model = LedgerModel(ctx, self)
        self.model.count_changed.connect(self._show_count)
        # queued: a failed read may happen inside Qt's fetchMore while the table paints
        self.model.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.table = QTableView()
        self.table.setObjectName("ledgerTable")
        self.table.setHorizontalHeader(SortHeader(self.table))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(*self.model.sort_indicator())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        set_column_widths(self.table, (92, 170, 64, 136, 240, 76, 180, 110, 104))
        # The description takes what is left, so state and deadline stay in view.
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._activate)
        self.count = QLabel()
        self.count.setObjectName("ledgerCount")
        self.source = QLabel()
        self.source.setObjectName("ledgerSource")
        self.source.setMaximumWidth(280)
        self.source.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        self.reinspect_button = QPushButton(self.tr("复查所选隐患…"))
        self.reinspect_button.setObjectName("ledgerReinspect")
        self.reinspect_button.setToolTip(self.tr("对所选隐患所在的检查进行复查，出具整改复查意见书并销号"))
        self.reinspect_button.clicked.connect(self._reinspect)
        self.supervise_button = QPushButton(self.tr("挂牌督办…"))
        self.supervise_button.setObjectName("ledgerSupervise")
        self.supervise_button.setToolTip(self.tr("对所选重大隐患挂牌督办；已挂牌的，经复查销号后摘牌"))
        self.supervise_button.clicked.connect(self.supervise)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("ledgerRefresh")
        self.refresh_button.setToolTip(self.tr("重新读取台账（例如其他文员刚导入的数据包）"))
        self.refresh_button.clicked.connect(self.refresh)
        self.source.setMinimumHeight(self.refresh_button.sizeHint().height())     # in line with it
        self.export_button = QPushButton(self.tr("导出台账…"))
        self.export_button.setObjectName("ledgerExport")
        self.export_button.setToolTip(self.tr("按当前筛选条件导出为 Excel 或 CSV"))
        self.export_button.clicked.connect(lambda: self.export())
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.apply)
        for combo in (self.state, self.level, self.enterprise, self.district, self.checklist, self.supervision):
            combo.currentIndexChanged.connect(self.apply)
        self.overdue.toggled.connect(self.apply)
        self.text.textChanged.connect(self._debounce.start)
        # Two rows of filters, so the ledger fits a 1024 px screen in English too.
        # Rows wrap where they are too narrow (1024x768 at scale 1.5).
        filters, more = FlowLayout(), HeadLayout(wide=-1)
        for widget in (self.state, self.level, self.overdue, self.enterprise, self.source, self.refresh_button):
            filters.addWidget(widget)
        for widget in (self.supervision, self.district, self.checklist):
            more.addWidget(widget)
        more.addWidget(self.text)
        title = QLabel(self.tr("隐患台账"))
        title.setObjectName("viewTitle")
        head = HeadLayout()
        head.addWidget(title)
        head.addWidget(self.count)
        head.addWidget(self.reinspect_button)
        head.addWidget(self.supervise_button)
        head.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(filters)
        layout.addLayout(more)
        layout.addWidget(self.table, 1)
        self._loaded = False
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.model.modelReset.connect(self._enable)
        ctx.hq.changed.connect(self._source_changed)
        self._show_source()
        self._enable()

    def showEvent(self, event) -> None:
        """The first query runs when the ledger is first shown, not at start-up."""
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        self._loaded = True
        try:
            self._fill_choices()
        except Exception as exc:        # e.g. the headquarters unreachable: said once
            self.model.fail(exc)
            return
        self.apply()

    def _fill_choices(self) -> None:
        """The 单位, 区域 and 检查表 lists, from where the ledger reads (nothing parsed)."""
        read = self.model.read          # (value, text) of each choice
        lists = (read("enterprise_choices", limit=5000), [(d, d) for d in read("districts")],
                 read("checklist_titles"))
        for combo, choices in zip((self.enterprise, self.district, self.checklist), lists):
            keep = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text in choices:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)

    def _source_changed(self) -> None:
        """Another ledger (统计与同步's 连接): read it now if shown, else when next shown."""
        self._show_source()
        if self.isVisible():
            self.refresh()
        else:
            self._loaded = False
        self._enable()

    def _show_source(self) -> None:
        label = self.ctx.hq.label()
        template = self.tr("局机关数据库 %1")
        text = template.replace("%1", label) if label else self.tr("本工作区")
        self.source.setToolTip(text)
        if label:       # the address shortened in its middle; "局机关数据库" whole
            metrics = self.source.fontMetrics()
            room = self.source.maximumWidth() - metrics.horizontalAdvance(template.replace("%1", ""))
            text = template.replace("%1", metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, room))
        self.source.setText(text)

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc)

    def query(self) -> FindingQuery:
        state = self.state.currentData()
        states = None
        if state == "unclosed":
            states = (FindingState.OPEN, FindingState.ORDERED, FindingState.RECTIFIED)
        elif state:
            states = (FindingState(state),)
        level = self.level.currentData()
        supervised = self.supervision.currentData()
        return FindingQuery(
            supervised=supervised == "listed",
            supervision_overdue_on=self.ctx.today() if supervised == SupervisionState.OVERDUE else None,
            states=states, level=HazardLevel(level) if level else None,
            overdue_on=self.ctx.today() if self.overdue.isChecked() else None,
            enterprise_id=self.enterprise.currentData(), district=self.district.currentData(),
            checklist_id=self.checklist.currentData(), text=self.text.text().strip() or None,
            order_by=self.model.query.order_by, descending=self.model.query.descending)

    def apply(self) -> None:
        self.model.set_query(self.query())

    def _show_count(self) -> None:
        """The exact count, or "约 N" from the summary until the count has run."""
        total, estimate = self.model.total, self.model.estimate
        if self.model.error is not None:
            self.count.setText(self.tr("未能读取台账"))
        elif total is not None:
            self.count.setText(self.tr("共 %1 项").replace("%1", f"{total:,}"))
        elif estimate is not None:
            self.count.setText(self.tr("约 %1 项").replace("%1", f"{estimate:,}"))
        else:
            self.count.setText(self.tr("正在计数…"))

    def show_preset(self, preset: str) -> None:
        """From the home view: "overdue", "open" or "supervised" (挂牌督办中)."""
        for widget in (self.overdue, self.supervision, self.state):
            widget.blockSignals(True)
        self.overdue.setChecked(preset == "overdue")
        self.supervision.setCurrentIndex(self.supervision.findData("listed") if preset == "supervised" else 0)
        self.state.setCurrentIndex(0 if preset == "supervised" else self.state.findData("unclosed"))
        for widget in (self.overdue, self.supervision, self.state):
            widget.blockSignals(False)
        self.refresh()

    def selected_finding(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).finding if rows else None

    def _enable(self) -> None:
        finding = self.selected_finding()
        local = not self.ctx.hq_url      # 复查 and 挂牌督办 act on the workspace's findings
        self.reinspect_button.setEnabled(local and bool(finding and finding.state in REVIEWABLE))
        row = self._selected_row()
        listed = bool(row and row.supervision_deadline)
        self.supervise_button.setText(self.tr("摘牌…") if listed else self.tr("挂牌督办…"))
        self.supervise_button.setEnabled(local and bool(row and (listed or (
            row.finding.level == HazardLevel.MAJOR and row.finding.state != FindingState.CLOSED))))
        if local:
            self.reinspect_button.setToolTip(self.tr("对所选隐患所在的检查进行复查，出具整改复查意见书并销号"))
            self.supervise_button.setToolTip(self.tr("对所选重大隐患挂牌督办；已挂牌的，经复查销号后摘牌"))
        else:
            why = self.tr("台账显示的是局机关数据库（只读）：复查、挂牌督办和摘牌只能对本工作区中的隐患办理，"
                          "请在 统计与同步 清空局机关数据库地址后进行")
            self.reinspect_button.setToolTip(why)
            self.supervise_button.setToolTip(why)

    def _selected_row(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def supervise(self):
        """挂牌督办 the selected major hazard, or 摘牌 it when listed (a dialog; the rules are the core's)."""
        from ..dialogs.supervision import DelistDialog, SuperviseDialog

        row = self._selected_row()
        if row is None or self.ctx.hq_url:      # the headquarters' findings are not here
            return None
        listed = self.ctx.ws.finding_supervision(row.finding.id) if row.supervision_deadline else None
        if listed is not None:
            dialog = DelistDialog(self.ctx, listed.id, self)
            dialog.delisted.connect(lambda _: self.model.refresh())
        else:
            dialog = SuperviseDialog(self.ctx, row.finding.id, self)
            dialog.listed.connect(lambda _: self.model.refresh())
        dialog.setModal(True)
        dialog.show()
        self.supervise_dialog = dialog
        return dialog

    def _reinspect(self) -> None:
        finding = self.selected_finding()
        if finding and not self.ctx.hq_url:
            self.reinspect.emit(finding.id)

    def export(self, path: str | None = None):
        """Export the ledger with the current filters (.xlsx or .csv) in the background."""
        from .hq import choose_ledger_file, ledger_export_job

        out = path or choose_ledger_file(self, self.ctx)
        if not out:
            return None
        return self.ctx.ops.run(ledger_export_job(out, self.query(), self.ctx.today(), self.ctx.hq_url),
                                parent=self,
                                title=self.tr("正在导出台账…"), on_done=self._exported)

    def _exported(self, count: int) -> None:
        self.count.setText(self.tr("已导出 %1 条").replace("%1", str(count)))

    def _activate(self, index) -> None:
        """Open the finding's inspection; on the headquarters, show the finding (read only)."""
        row = self.model.row_at(index.row())
        if not self.ctx.hq_url:
            self.open_inspection.emit(row.finding.inspection_id)
            return None
        from ..dialogs.finding_detail import FindingDetailDialog

        dialog = FindingDetailDialog(self.ctx, row, self.source.toolTip(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.detail_dialog = dialog
        return dialog
