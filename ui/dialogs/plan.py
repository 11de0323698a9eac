"""The annual plan and its 双随机 draw at headquarters (统计与同步 → 年度计划与抽查…).

One dialog: choose or create a plan; 抽取: the hashes to publish first, the draw and
its files (record and PDF); 任务: the tasks drawn and how far each got; 回避声明:
the inspectors' declared conflicts.  The draw, the hashes and the files run on a
pool thread (``ui/ops.py``); every rule is in ``storage/plan.py``.
"""
from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import InvalidInput, SiteCheckError
from checklists.common.vocabulary import Family, RiskColour
from export.draw import write_draw

from ..context import Context
from ..errors import show_error
from ..widgets import filedialogs
from ..widgets.flow import HeadLayout
from ..widgets.form import FieldForm, limit_length


def _date_edit(value: QDate, name: str) -> QDateEdit:
    edit = QDateEdit(value)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def simple_table(name: str, heads: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(heads))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(heads)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for n, row in enumerate(rows):
        for col, text in enumerate(row):
            table.setItem(n, col, QTableWidgetItem(text))


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").replace("、", ",").split(",") if part.strip()]


class NewPlanDialog(QDialog):
    """A new plan: its period, scope, share drawn, key risk colours, team size."""

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx, self.result_record = ctx, None
        self.setWindowTitle(self.tr("新建年度计划"))
        self.form = FieldForm(self)
        year = ctx.today().year + 1
        self.title = limit_length(QLineEdit(self.tr("%1年度双随机抽查计划").replace("%1", str(year))),
                                  "plan", "title")
        self.title.setObjectName("planTitle")
        self.form.add_row("title", self.tr("计划名称"), self.title, "计划名称")
        self.family = QComboBox(objectName="planFamily")
        for family in Family:
            self.family.addItem(ctx.label(family), str(family))
        self.form.add_row("family", self.tr("公示部门"), self.family, "执法系统")
        self.start = _date_edit(QDate(year, 1, 1), "planStart")
        self.end = _date_edit(QDate(year, 12, 31), "planEnd")
        self.form.add_row("start", self.tr("计划开始日期"), self.start, "计划开始日期")
        self.form.add_row("end", self.tr("计划结束日期"), self.end, "计划结束日期")
        self.ratio = QSpinBox(objectName="planRatio", minimum=1, maximum=100, value=10, suffix=" %")
        self.form.add_row("ratio", self.tr("抽查比例"), self.ratio, "抽查比例")
        self.team = QSpinBox(objectName="planTeam", minimum=2, maximum=5, value=2)
        self.form.add_row("team", self.tr("每组执法人员数"), self.team, "每组执法人员数", "执法人员")
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.colours: dict[RiskColour, QCheckBox] = {}
        for colour in RiskColour:
            self.colours[colour] = QCheckBox(ctx.label(colour), objectName=f"key_{colour}")
            self.colours[colour].setChecked(colour == RiskColour.RED)
            row.addWidget(self.colours[colour])
        self.form.add_row("key", self.tr("全部检查的风险等级"), box, "重点企业风险等级")
        self.districts = QLineEdit(objectName="planDistricts")
        self.districts.setPlaceholderText(self.tr("留空为全部；多个用逗号分隔"))
        self.industries = QLineEdit(objectName="planIndustries")
        self.industries.setPlaceholderText(self.tr("留空为全部；多个用逗号分隔"))
        self.form.add_row("districts", self.tr("区域"), self.districts, "区域或行业")
        self.form.add_row("industries", self.tr("行业"), self.industries)
        self.form.place_in(self, self.save)

    def values(self) -> dict:
        return {"title": self.title.text(), "family": self.family.currentData(),
                "period_start": self.start.date().toString("yyyy-MM-dd"),
                "period_end": self.end.date().toString("yyyy-MM-dd"),
                "ratio_percent": self.ratio.value(), "team_size": self.team.value(),
                "key_colours": [str(c) for c, box in self.colours.items() if box.isChecked()],
                "districts": _names(self.districts.text()), "industries": _names(self.industries.text())}

    def save(self) -> None:
        values = self.values()
        record = self.form.submit(lambda: self.ctx.ws.create_plan(**values))
        if record is not None:
            self.result_record = record
            self.accept()


class PlanDialog(QDialog):
    """Plans, their draw, tasks and progress, and the declared conflicts."""

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx, self._shown_draw = ctx, False
        self.setWindowTitle(self.tr("年度计划与双随机抽查"))
        self.resize(860, 560)
        self.plans = QComboBox(objectName="plans")
        self.plans.currentIndexChanged.connect(self.refresh)
        new = QPushButton(self.tr("新建计划…"), objectName="planNew")
        new.clicked.connect(self.new_plan)
        head = HeadLayout()
        head.addWidget(self.plans)
        head.addWidget(new)
        self.progress = QLabel(objectName="planProgress")
        self.progress.setWordWrap(True)
        self.tabs = QTabWidget(objectName="planTabs")
        self.tabs.addTab(self._build_draw(), self.tr("抽取"))
        self.tasks = simple_table("planTasks", [self.tr("序号"), self.tr("被检查单位"), self.tr("区域"),
                                          self.tr("类别"), self.tr("执法人员"), self.tr("进度")])
        self.tabs.addTab(self.tasks, self.tr("任务"))
        self.tabs.addTab(self._build_conflicts(), self.tr("回避声明"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.progress)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.load_plans()

    def _build_draw(self) -> QWidget:
        page = QWidget()
        self.draw_form = FieldForm(page)
        self.draw_date = _date_edit(QDate(self.ctx.today()), "drawDate")
        self.draw_form.add_row("date", self.tr("抽取日期"), self.draw_date, "抽取日期")
        self.public_value = limit_length(QLineEdit(objectName="publicValue"), "plan_draw", "public_value")
        self.public_value.setPlaceholderText(self.tr("如：抽取前一交易日上证指数收盘值"))
        self.draw_form.add_row("public_value", self.tr("公开随机值"), self.public_value, "公开随机值")
        self.drawn_by = limit_length(QLineEdit(objectName="drawnBy"), "plan_draw", "drawn_by")
        self.draw_form.add_row("drawn_by", self.tr("抽取人"), self.drawn_by, "抽取人")
        buttons = HeadLayout(wide=-1)
        self.hash_button = QPushButton(self.tr("计算公示哈希"), objectName="drawHashes")
        self.hash_button.clicked.connect(self.show_hashes)
        self.draw_button = QPushButton(self.tr("抽取"), objectName="drawRun")
        self.draw_button.clicked.connect(self.run_draw)
        self.export_button = QPushButton(self.tr("导出抽取记录与公示…"), objectName="drawExport")
        self.export_button.clicked.connect(lambda: self.export_draw())
        for button in (self.hash_button, self.draw_button, self.export_button):
            buttons.addWidget(button)
        buttons.addWidget(QWidget())
        self.draw_info = QLabel(objectName="drawInfo")
        self.draw_info.setWordWrap(True)
        self.draw_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(self.draw_form)
        column.addLayout(buttons)
        column.addWidget(self.draw_info)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def _build_conflicts(self) -> QWidget:
        page = QWidget()
        self.conflicts = simple_table("conflicts", [self.tr("执法证号"), self.tr("被检查单位"), self.tr("回避理由")])
        self.conflict_person = QComboBox(objectName="conflictPerson")
        self.conflict_firm = QComboBox(objectName="conflictFirm")
        self.conflict_reason = limit_length(QLineEdit(objectName="conflictReason"),
                                            "inspector_conflict", "reason")
        self.conflict_reason.setPlaceholderText(self.tr("回避理由"))
        add = QPushButton(self.tr("登记"), objectName="conflictAdd")
        add.clicked.connect(self.add_conflict)
        withdraw = QPushButton(self.tr("撤回所选"), objectName="conflictWithdraw")
        withdraw.clicked.connect(self.withdraw_conflict)
        row = HeadLayout(wide=2)
        for widget in (self.conflict_person, self.conflict_firm, self.conflict_reason, add, withdraw):
            row.addWidget(widget)
        layout = QVBoxLayout(page)
        layout.addWidget(self.conflicts, 1)
        layout.addLayout(row)
        return page

    # ----- reading --------------------------------------------------------------------
    @property
    def plan_id(self) -> str | None:
        return self.plans.currentData()

    def load_plans(self, select: str | None = None) -> None:
        self.plans.blockSignals(True)
        self.plans.clear()
        for plan in self.ctx.ws.plans():
            self.plans.addItem(f"{plan.title}（{plan.period_start} — {plan.period_end}）", plan.id)
        if select:
            self.plans.setCurrentIndex(self.plans.findData(select))
        self.plans.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        ws, plan_id = self.ctx.ws, self.plan_id
        drawn = ws.plan_draw(plan_id) if plan_id else None
        for widget in (self.hash_button, self.draw_button, self.public_value, self.drawn_by, self.draw_date):
            widget.setEnabled(bool(plan_id) and drawn is None)
        self.export_button.setEnabled(drawn is not None)
        if not plan_id:
            self.progress.setText(self.tr("还没有计划：请先新建计划"))
            fill_table(self.tasks, [])
        else:
            done = ws.plan_progress(plan_id)
            self.progress.setText(self.tr("任务 %1 项，已开始 %2 项，已完成 %3 项")
                                  .replace("%1", str(done.total)).replace("%2", str(done.started))
                                  .replace("%3", str(done.done)))
            self._fill_tasks(plan_id)
        if drawn:
            self.draw_date.setDate(QDate.fromString(drawn["draw_date"], "yyyy-MM-dd"))
            self.public_value.setText(drawn["public_value"])
            self.drawn_by.setText(drawn["drawn_by"])
            self.draw_info.setText(self.tr("已于 %1 抽取（抽取人：%2，公开随机值：%3）。记录文件 SHA-256：%4")
                                   .replace("%1", drawn["draw_date"]).replace("%2", drawn["drawn_by"])
                                   .replace("%3", drawn["public_value"]).replace("%4", drawn["record_sha256"]))
        elif plan_id:
            if self._shown_draw:                  # not the values of the plan shown before
                self.draw_date.setDate(QDate(self.ctx.today()))
                self.public_value.clear()
            self.draw_info.setText(self.tr("抽取前请公示候选企业名单、执法人员名单的哈希，并事先指明将采用的公开随机值。"))
        self._shown_draw = drawn is not None
        self._fill_conflicts()

    def _fill_tasks(self, plan_id: str) -> None:
        rows = []
        for task in self.ctx.ws.plan_tasks(plan_id=plan_id):
            state = self.tr("已完成") if task.finished else self.tr("已开始") if task.inspection_id \
                else self.tr("未开始")
            team = "、".join(f"{p['name']}（{p['cert_no']}）" for p in task.inspectors)
            rows.append([str(task.seq), task.enterprise, task.district, self.ctx.label(task.kind), team, state])
        fill_table(self.tasks, rows)

    def _fill_conflicts(self) -> None:
        ws = self.ctx.ws
        self.conflict_rows = ws.conflicts()
        fill_table(self.conflicts, [[c["cert_no"], c["enterprise"], c["reason"]] for c in self.conflict_rows])
        people = ws.plan(self.plan_id).inspectors if self.plan_id else ws.setting("inspectors") or []
        self.conflict_person.clear()
        for person in people:
            self.conflict_person.addItem(f"{person['name']}（{person['cert_no']}）", person["cert_no"])
        if self.conflict_firm.count() == 0:
            for firm in ws.enterprises(limit=100_000):
                self.conflict_firm.addItem(firm.name, firm.id)

    # ----- actions --------------------------------------------------------------------
    def new_plan(self, run=None) -> NewPlanDialog:
        dialog = NewPlanDialog(self.ctx, self)
        (run or NewPlanDialog.exec)(dialog)
        if dialog.result_record is not None:
            self.load_plans(select=dialog.result_record.id)
        return dialog

    def _draw_values(self) -> tuple[str, str, str]:
        return (self.draw_date.date().toString("yyyy-MM-dd"), self.public_value.text(),
                self.drawn_by.text())

    def _refused(self, exc: BaseException) -> None:
        if not (isinstance(exc, InvalidInput) and self.draw_form.show_invalid(exc)):
            show_error(self, exc)

    def show_hashes(self):
        plan_id, (day, value, _by) = self.plan_id, self._draw_values()
        self.draw_form.clear_errors()

        def job(ws, progress):
            return ws.draw_inputs(plan_id, day, value)

        return self.ctx.ops.run(job, parent=self, title="", show_progress=False,
                                on_done=self._hashes_shown, on_error=self._refused)

    def _hashes_shown(self, given) -> None:
        lines = [self.tr("候选企业 %1 家，执法人员 %2 名。请在抽取前公示：")
                 .replace("%1", str(len(given.candidates))).replace("%2", str(len(given.inspectors)))]
        labels = {"candidates_sha256": self.tr("候选企业名单"), "inspectors_sha256": self.tr("执法人员名单"),
                  "history_sha256": self.tr("上次检查组"), "parameters_sha256": self.tr("抽取参数")}
        lines += [f"{labels[k]} SHA-256：{v}" for k, v in given.hashes().items()]
        self.draw_info.setText("\n".join(lines))

    def run_draw(self):
        plan_id, (day, value, by) = self.plan_id, self._draw_values()
        self.draw_form.clear_errors()

        def job(ws, progress):
            return ws.run_draw(plan_id, draw_date=day, public_value=value, drawn_by=by)

        return self.ctx.ops.run(job, parent=self, title=self.tr("正在抽取…"), cancellable=False,
                                on_done=self._drawn, on_error=self._refused)

    def _drawn(self, result) -> None:
        if shiboken6.isValid(self):
            self.refresh()
            self.tabs.setCurrentIndex(1)

    def export_draw(self, path: str | None = None):
        plan_id = self.plan_id
        out = path or filedialogs.save_file(
            self, filedialogs.PDF, self.tr("导出抽取记录与公示"),
            self.tr("双随机抽取记录-%1.json").replace("%1", self.ctx.today().isoformat()),
            self.tr("抽取记录 (*.json)"))[0]
        if not out or not plan_id:
            return None
        json_out = Path(out).with_suffix(".json")
        pdf_out = json_out.with_suffix(".pdf")

        def job(ws, progress):
            write_draw(ws, plan_id, json_out, pdf_out)
            return pdf_out

        return self.ctx.ops.run(job, parent=self, title=self.tr("正在导出抽取记录与公示…"),
                                on_done=lambda pdf: self.draw_info.setText(
                                    self.tr("已导出：%1 与 %2").replace("%1", str(json_out)).replace("%2", str(pdf))))

    def add_conflict(self) -> None:
        try:
            self.ctx.ws.declare_conflict(self.conflict_person.currentData() or "",
                                         self.conflict_firm.currentData() or "", self.conflict_reason.text())
        except SiteCheckError as exc:
            show_error(self, exc)
            return
        self.conflict_reason.clear()
        self._fill_conflicts()

    def withdraw_conflict(self) -> None:
        row = self.conflicts.currentRow()
        if 0 <= row < len(self.conflict_rows):
            self.ctx.ws.withdraw_conflict(self.conflict_rows[row]["id"])
            self._fill_conflicts()
