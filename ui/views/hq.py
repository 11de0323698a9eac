"""Statistics across all devices (局机关汇总), with charts; sync import / export; ledger export.

Figures come from ``storage.ledger.statistics`` on a pool thread (or, with an
address in 局机关数据库, from a PostgreSQL headquarters several clerks share:
``storage.hq``); the table and the two QPainter charts show the same rows.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import shiboken6
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from export.ledger import export_ledger
from export.reports import write_report
from export.sync.container import PACK_SUFFIX
from storage.hq import is_url, reading
from storage.ledger import FindingQuery
from storage.reports import scope

from .. import prefs
from ..context import Context
from ..widgets import filedialogs
from ..widgets.charts import BarChart, Series
from ..widgets.flow import HeadLayout

FIGURES = ("inspections", "hazards", "major", "rectified", "closed", "overdue")
LEDGER_FILTER = "Excel (*.xlsx);;CSV (*.csv)"
REPORT_FILTER = "Excel (*.xlsx);;PDF (*.pdf)"


def stats_job(by: str, today, hq_url: str = "", period: tuple[date, date] | None = None):
    """A job for Ops.run: (rows, totals) for one grouping, of this workspace or of the
    PostgreSQL headquarters at ``hq_url`` (its own connection, on the pool thread);
    with ``period``, of the inspections started in it."""
    def job(ws, progress):
        with reading(hq_url, ws) as hq:
            return hq.statistics(by=by, today=today, period=period), hq.totals(today=today, period=period)
    return job


def report_job(out: str, start: date, end: date, today, hq_url: str = ""):
    """Write the period's report (.xlsx or .pdf, by the name's ending) on a pool thread,
    of this workspace or of the PostgreSQL headquarters at ``hq_url`` (its own
    connection); the department from this workspace's settings."""
    def job(ws, progress):
        with reading(hq_url, ws) as hq:
            report = hq.report(scope(start, end), today)
        kind = "pdf" if out.lower().endswith(".pdf") else "xlsx"
        return write_report(ws, report, progress=progress, **{kind: out})[0]
    return job


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def ledger_export_job(out: str, query: FindingQuery, today, hq_url: str = ""):
    def job(ws, progress):
        progress.report(0, 0, Path(out).name)
        with reading(hq_url, ws) as hq:
            return export_ledger(hq, out, query=query, today=today, progress=progress)
    return job


def choose_ledger_file(parent, ctx: Context) -> str | None:
    path, chosen = filedialogs.save_file(parent, filedialogs.LEDGER, parent.tr("导出台账"),
                                         f"隐患台账-{ctx.today().isoformat()}.xlsx", LEDGER_FILTER)
    if path and not Path(path).suffix:
        path += ".csv" if "csv" in chosen else ".xlsx"
    return path or None


def group_heading(choice: str) -> str:
    """The first column's heading from the 统计口径 choice: 按区域 -> 区域, By district -> District."""
    text = choice.removeprefix("按").removeprefix("By ")
    return text[:1].upper() + text[1:]


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


class HeadquartersView(QWidget):
    loaded = Signal()
    data_changed = Signal()          # after an import
    # the PostgreSQL headquarters read now ("" = this workspace): the one the GUI shares
    hq_url = property(lambda self: self.ctx.hq_url)

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list = []
        self._generation = 0
        title = QLabel(self.tr("汇总统计与同步"))
        title.setObjectName("viewTitle")
        self.by = QComboBox()
        self.by.setObjectName("statsBy")
        for key, text in (("district", self.tr("按区域")), ("enterprise", self.tr("按企业")),
                          ("equipment_kind", self.tr("按设备类别")), ("inspector", self.tr("按执法人员")),
                          ("month", self.tr("按月份"))):
            self.by.addItem(text, key)
        self.by.currentIndexChanged.connect(self.refresh)
        # The period: limits the figures when 按期间统计 is ticked, and is the report's period.
        self.limit = QCheckBox(self.tr("按期间统计"), objectName="statsLimit")
        self.start, self.end = (QDateEdit(objectName="statsFrom"), QDateEdit(objectName="statsTo"))
        today = ctx.today()
        for edit, day in ((self.start, quarter_start(today)), (self.end, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(to_qdate(day))
            edit.dateChanged.connect(self._period_changed)
        self.limit.toggled.connect(self.refresh)
        # The title row holds the device's bundles, the filter row the packs and the
        # ledger: one row of five buttons does not fit a 1024 px screen in English.
        # Each row wraps where it is too narrow (1024x768 at scale 1.5).
        head, filters = HeadLayout(), HeadLayout(wide=2)
        head.addWidget(title)
        filters.addWidget(QLabel(self.tr("统计口径")))
        filters.addWidget(self.by)
        filters.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding))
        period = HeadLayout(wide=4)     # the spacer after the period
        period.addWidget(self.limit)
        period.addWidget(self.start)
        period.addWidget(QLabel(self.tr("至")))
        period.addWidget(self.end)
        period.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding))
        for row, text, slot, name in (
                (head, self.tr("导入数据包…"), self.import_bundles, "hqImport"),
                (head, self.tr("导出数据包…"), self.export_bundle, "hqExport"),
                (head, self.tr("年度计划与抽查…"), self.open_plans, "hqPlans"),
                (filters, self.tr("导出下发包…"), self.export_pack, "hqPackExport"),
                (filters, self.tr("导入下发包…"), self.import_pack, "hqPackImport"),
                (filters, self.tr("导出台账…"), self.export_ledger, "hqLedgerExport"),
                (period, self.tr("导出报表…"), self.export_report, "hqReport")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        # Several clerks on their own PCs: the figures, imports and the ledger of a
        # PostgreSQL headquarters (docs/headquarters.md); empty = this workspace.
        source = QHBoxLayout()
        source.addWidget(QLabel(self.tr("局机关数据库")))
        self.url = QLineEdit(ctx.hq_url)          # the address remembered on this PC (Context.open)
        self.url.setObjectName("hqUrl")
        self.url.setPlaceholderText(self.tr("留空则使用本工作区；或 postgresql://用户@主机/数据库"))
        self.url.setMinimumWidth(240)
        self.url.returnPressed.connect(self.connect_hq)
        source.addWidget(self.url, 1)
        connect = QPushButton(self.tr("连接"))
        connect.setObjectName("hqConnect")
        connect.clicked.connect(self.connect_hq)
        source.addWidget(connect)
        self.totals = QLabel()
        self.totals.setObjectName("homeFigures")
        self.totals.setWordWrap(True)
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("statsTable")
        self.table.setHorizontalHeaderLabels([
            "", self.tr("检查次数"), self.tr("排查隐患"), self.tr("重大隐患"), self.tr("已整改"),
            self.tr("已销号"), self.tr("逾期未改"), self.tr("销号率")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.hazard_chart = BarChart(self.tr("隐患与整改"), [
            Series(self.tr("排查隐患"), "#78909c", lambda r: r.hazards),
            Series(self.tr("已销号"), "#43a047", lambda r: r.closed),
            Series(self.tr("逾期未改"), "#e53935", lambda r: r.overdue)])
        self.hazard_chart.setObjectName("hazardChart")
        self.rate_chart = BarChart(self.tr("销号率"), [
            Series(self.tr("销号率"), "#0288d1", lambda r: r.closure_rate, percent)], fixed_max=1.0)
        self.rate_chart.setObjectName("rateChart")
        charts = QWidget()
        chart_row = QHBoxLayout(charts)
        chart_row.addWidget(self.hazard_chart, 3)
        chart_row.addWidget(self.rate_chart, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        scroll.setStyleSheet("QScrollArea { background: white; border: 1px solid #cfd8dc; }")
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(source)
        layout.addWidget(self.totals)
        layout.addLayout(filters)
        layout.addLayout(period)
        layout.addWidget(self.table, 2)
        layout.addWidget(scroll, 3)
        self._loaded = False
        self._local_only()

    def connect_hq(self, url: str | None = None):
        """Read (and import into) the PostgreSQL headquarters at ``url`` (default: the
        address typed); "" = this workspace.  Remembered on this PC."""
        text = (self.url.text() if url is None else url).strip()
        if text and not is_url(text):
            from checklists.common.errors import InvalidInput

            from ..errors import show_error

            show_error(self, InvalidInput("局机关数据库", "不是 PostgreSQL 地址：{value}",
                                          hint="形如 postgresql://用户@主机/数据库；工作区文件无需初始化",
                                          value=text))
            return None
        self.url.setText(text)
        prefs.remember_hq_url(text)
        self.ctx.hq.set_url(text)           # the ledger follows (ui/context.py)
        self._local_only()
        return self.refresh()

    def _local_only(self) -> None:
        """What only a workspace does (its own bundle, a laptop's pack import) is off while
        on PostgreSQL; a pack is exported from this desk with the database's registries."""
        for name in ("hqExport", "hqPackImport"):
            self.findChild(QPushButton, name).setEnabled(not self.hq_url)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def refresh(self):
        self._loaded = True
        self._generation += 1
        generation = self._generation
        self.totals.setText(self.tr("正在统计…"))
        period = self.period() if self.limit.isChecked() else None
        return self.ctx.ops.run(stats_job(self.by.currentData(), self.ctx.today(), self.hq_url, period), parent=self,
                                title="", show_progress=False,
                                on_done=lambda data: self._fill(generation, *data))

    def period(self) -> tuple[date, date]:
        return from_qdate(self.start.date()), from_qdate(self.end.date())

    def set_period(self, start: date, end: date, *, limit: bool = True) -> None:
        self.start.setDate(to_qdate(start))
        self.end.setDate(to_qdate(end))
        self.limit.setChecked(limit)

    def _period_changed(self) -> None:
        if self.limit.isChecked():
            self.refresh()

    def _fill(self, generation: int, rows: list, total) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        if self.by.currentData() == "month":
            rows = sorted(rows, key=lambda r: r.key)      # months in calendar order
        self.rows = rows
        head = self.tr("全部合计") if not self.limit.isChecked() else self.tr("%1 至 %2 合计").replace(
            "%1", self.start.date().toString("yyyy-MM-dd")).replace("%2", self.end.date().toString("yyyy-MM-dd"))
        self.totals.setText(head + self.tr("：检查 %1 次，排查隐患 %2 项（重大隐患 %3 项），已整改 %4 项，"
                    "已销号 %5 项，逾期未改 %6 项，销号率 %7")
            .replace("%1", str(total.inspections)).replace("%2", str(total.hazards))
            .replace("%3", str(total.major)).replace("%4", str(total.rectified))
            .replace("%5", str(total.closed)).replace("%6", str(total.overdue))
            .replace("%7", percent(total.closure_rate)))
        self.table.setHorizontalHeaderItem(0, QTableWidgetItem(group_heading(self.by.currentText())))
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            cells = [row.label, *(str(getattr(row, f)) for f in FIGURES), percent(row.closure_rate)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(n, col, item)
        self.hazard_chart.set_rows(rows, lambda r: r.label)
        self.rate_chart.set_rows(rows, lambda r: r.label)
        self.loaded.emit()

    # ----- actions ---------------------------------------------------------------------
    def import_bundles(self, paths: list[str] | None = None, run=None, kind: str = "bundle"):
        from ..dialogs.sync import ImportDialog

        dialog = ImportDialog(self.ctx, self, kind=kind, hq_url=self.hq_url if kind == "bundle" else "")
        if paths:
            dialog.verify(paths)
        (run or ImportDialog.exec)(dialog)
        if dialog.reports:
            self.refresh()
            self.data_changed.emit()
        return dialog

    def import_pack(self, paths: list[str] | None = None, run=None):
        """On a laptop: install headquarters' checklists, registries and number blocks."""
        return self.import_bundles(paths, run, kind="pack")

    def export_pack(self, path: str | None = None):
        """At headquarters: write the pack the field laptops import (connected to
        PostgreSQL: this desk's workspace with the database's registries)."""
        from ..dialogs.sync import file_filter, pack_export_job

        out = path or filedialogs.save_file(
            self, filedialogs.PACK, self.tr("导出下发包"),
            f"局机关下发包-{self.ctx.today().isoformat()}{PACK_SUFFIX}",
            file_filter("pack", for_open=False))[0]
        if not out:
            return None
        return self.ctx.ops.run(pack_export_job(out, self.hq_url), parent=self, title=self.tr("正在导出下发包…"),
                                on_done=lambda _m: self._status(self.tr("已导出下发包：%1").replace("%1", out)))

    def _status(self, text: str) -> None:
        window = self.window()
        if shiboken6.isValid(self) and hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 8000)

    def open_plans(self, run=None):
        """The annual plan and its 双随机 draw (ui/dialogs/plan.py)."""
        from ..dialogs.plan import PlanDialog

        dialog = PlanDialog(self.ctx, self)
        (run or PlanDialog.exec)(dialog)
        return dialog

    def export_bundle(self, run=None):
        from ..dialogs.sync import ExportDialog

        dialog = ExportDialog(self.ctx, self)
        (run or ExportDialog.exec)(dialog)
        return dialog

    def export_ledger(self, path: str | None = None):
        out = path or choose_ledger_file(self, self.ctx)
        if not out:
            return None
        return self.ctx.ops.run(ledger_export_job(out, FindingQuery(), self.ctx.today(), self.hq_url), parent=self,
                                title=self.tr("正在导出台账…"), on_done=self._ledger_written)

    def export_report(self, path: str | None = None):
        """The period's report (统计报表) as .xlsx or PDF, written on a pool thread."""
        start, end = self.period()
        out = path or filedialogs.save_file(
            self, filedialogs.LEDGER, self.tr("导出报表"),
            self.tr("统计报表-%1-%2.xlsx").replace("%1", start.isoformat()).replace("%2", end.isoformat()),
            REPORT_FILTER)[0]
        if not out:
            return None
        if not Path(out).suffix:
            out += ".xlsx"
        return self.ctx.ops.run(report_job(out, start, end, self.ctx.today(), self.hq_url), parent=self,
                                title=self.tr("正在导出报表…"),
                                on_done=lambda p: self._status(self.tr("已导出报表：%1").replace("%1", str(p))))

    def _ledger_written(self, count: int) -> None:
        self._status(self.tr("已导出台账 %1 条").replace("%1", str(count)))
