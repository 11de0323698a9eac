"""Start an inspection: enterprise, equipment, checklist(s), mode, inspectors, start time.

The checklist follows the equipment chosen (its type's checklist is checked); a
new enterprise or inspector is added from here without leaving the dialog.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from checklists.common.errors import InvalidInput
from checklists.common.vocabulary import InspectionMode, Sector, TaskSource, local_time
from storage.records import Inspection
from storage.validate import check_column

from ..context import Context
from ..widgets.form import FieldForm, limit_length
from .enterprise import EnterpriseDialog

Run = Callable[[QDialog], int]


def checkable(text: str, data, checked: bool = False) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, data)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def checked_data(widget: QListWidget) -> list:
    return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


class InspectorDialog(QDialog):
    """Add an inspector (姓名, 执法证号) to the workspace's list of inspectors."""

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx, self.result_record = ctx, None
        self.setWindowTitle(self.tr("新增执法人员"))
        self.form = FieldForm(self)
        self.name = self.form.add_row("name", self.tr("姓名"), limit_length(
            QLineEdit(objectName="inspectorName"), "inspector", "name"), "执法人员姓名")
        self.cert_no = self.form.add_row("cert_no", self.tr("执法证号"), limit_length(
            QLineEdit(objectName="inspectorCertNo"), "inspector", "cert_no"))
        self.form.place_in(self, self.save)

    def save(self) -> None:
        self.result_record = self.form.submit(self._add)
        if self.result_record:
            self.accept()

    def _add(self) -> dict:
        person = {key: check_column("inspector", key, edit.text().strip())
                  for key, edit in (("name", self.name), ("cert_no", self.cert_no))}
        if not person["name"]:
            raise InvalidInput("姓名", self.tr("请填写执法人员姓名"))
        if not person["cert_no"]:
            raise InvalidInput("执法证号", self.tr("请填写执法证号"))
        people = list(self.ctx.ws.setting("inspectors", []) or [])
        if any(p.get("cert_no") == person["cert_no"] for p in people):
            raise InvalidInput("执法证号", self.tr("该执法证号已在执法人员名单中"),
                               hint=self.tr("请在名单中勾选该执法人员"))
        self.ctx.ws.set_settings({"inspectors": [*people, person]})
        return person


class NewInspectionDialog(QDialog):
    def __init__(self, ctx: Context, enterprise_id: str | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.result_record = ctx, None
        self.setWindowTitle(self.tr("新建检查"))
        self.setMinimumWidth(560)
        self.form = FieldForm(self)
        self.enterprise = QComboBox()
        self.enterprise.setObjectName("enterprise")
        self.enterprise.setEditable(True)
        self.enterprise.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.enterprise.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.enterprise.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        for ent in ctx.ws.enterprises(limit=5000):
            self.enterprise.addItem(ent.name, ent.id)
        add_enterprise = QPushButton(self.tr("新增企业…"), objectName="newEnterprise")
        add_enterprise.clicked.connect(lambda: self.add_enterprise())
        self.form.add_row("enterprise", self.tr("被检查单位"), self.enterprise, "被检查单位",
                          beside=add_enterprise)
        self.sector = QComboBox()
        self.sector.setObjectName("sector")
        self.sector.addItem(self.tr("（未确定）"), None)
        for sector in Sector:
            self.sector.addItem(ctx.label(sector), str(sector))
        self.sector.setToolTip(self.tr("决定检查项的隐患级别：工贸企业重大事故隐患判定标准只适用于工贸企业"))
        self.form.add_row("sector", self.tr("企业类别"), self.sector, "企业类别")
        self.equipment = QComboBox()
        self.equipment.setObjectName("equipment")
        self.form.add_row("equipment", self.tr("设备"), self.equipment, "设备")
        self.checklists = QListWidget()
        self.checklists.setObjectName("checklists")
        self.checklists.setMaximumHeight(140)
        self.applies_to: dict[str, str | None] = {}        # checklist hash -> equipment kind
        for checklist in ctx.ws.checklists():
            self.applies_to[checklist.hash] = checklist.applies_to
            self.checklists.addItem(checkable(f"{checklist.title}（{checklist.version}）",
                                              checklist.hash))
        self.form.add_row("checklists", self.tr("检查表"), self.checklists, "检查表")
        self.mode = QComboBox()
        self.mode.setObjectName("mode")
        for mode in InspectionMode:
            self.mode.addItem(ctx.label(mode), str(mode))
        self.form.add_row("mode", self.tr("检查方式"), self.mode, "检查方式")
        # a task of the annual plan for this laptop's inspectors (from the pack); shown
        # only where the chosen enterprise has one
        self.task = QComboBox(objectName="planTask")
        self.task.currentIndexChanged.connect(self._task_chosen)
        self.form.add_row("task", self.tr("计划任务"), self.task, "检查任务")
        # 任务来源, stated at the opening of a 特种设备 inspection (特种设备安全监督检查办法第十九条)
        self.source = QComboBox()
        self.source.setObjectName("taskSource")
        self.source.addItem(self.tr("（请选择）"), None)
        for source in TaskSource:
            if source != TaskSource.REVIEW:          # a re-inspection is started from its finding
                self.source.addItem(ctx.label(source), str(source))
        self.source_note = limit_length(QLineEdit(objectName="taskSourceNote"), "inspection", "task_source_note")
        self.source_note.setPlaceholderText(self.tr("如：2026年度电梯安全监督检查计划、投诉举报编号"))
        self.form.add_row("source", self.tr("任务来源"), self.source, "任务来源", beside=self.source_note)
        self.inspectors = QListWidget()
        self.inspectors.setObjectName("inspectors")
        self.inspectors.setMaximumHeight(120)
        for n, person in enumerate(ctx.ws.setting("inspectors", []) or []):
            self.inspectors.addItem(checkable(f"{person['name']}（{person['cert_no']}）", person,
                                              checked=n < 2))
        add_inspector = QPushButton(self.tr("新增执法人员…"), objectName="newInspector")
        add_inspector.clicked.connect(lambda: self.add_inspector())
        self.form.add_row("inspectors", self.tr("执法人员"), self.inspectors, "执法人员",
                          beside=add_inspector)
        # the workspace clock, as Asia/Shanghai wall-clock time
        self.started = QDateTimeEdit(QDateTime(local_time(ctx.ws.clock()).replace(tzinfo=None)))
        self.started.setObjectName("startedAt")
        self.started.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.started.setCalendarPopup(True)
        self.form.add_row("started", self.tr("开始时间"), self.started)
        self.enterprise.currentIndexChanged.connect(self._fill_equipment)
        self.equipment.currentIndexChanged.connect(self._preselect_checklists)
        if enterprise_id:
            self.enterprise.setCurrentIndex(max(0, self.enterprise.findData(enterprise_id)))
        self._fill_equipment()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("开始检查"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def _fill_equipment(self) -> None:
        enterprise_id = self.enterprise.currentData()
        self._fill_tasks(enterprise_id)
        sector = self.ctx.ws.enterprise(enterprise_id).sector if enterprise_id else None
        self.sector.setCurrentIndex(max(0, self.sector.findData(sector)))
        self.equipment.clear()
        self.equipment.addItem(self.tr("（不针对具体设备）"), None)
        if not enterprise_id:
            return
        for item in self.ctx.ws.equipment_list(enterprise_id):
            code = item.register_code or item.registration_no or ""
            self.equipment.addItem(f"{self.ctx.label(item.kind)} {item.name or ''} {code}".strip(),
                                   item.id)
        if self.equipment.count() > 1:
            self.equipment.setCurrentIndex(1)

    def _fill_tasks(self, enterprise_id: str | None) -> None:
        """This device's open plan tasks for the enterprise; the row shows only if there are."""
        self.task.blockSignals(True)
        self.task.clear()
        self.task.addItem(self.tr("（不属于计划任务）"), None)
        tasks = [t for t in self.ctx.ws.plan_tasks(mine=True, enterprise_id=enterprise_id)
                 if not t.finished] if enterprise_id else []
        for task in tasks:
            self.task.addItem(task.label, task)
        self.task.blockSignals(False)
        self.form.layout_.setRowVisible(self.task.parentWidget(), bool(tasks))
        if tasks:
            self.task.setCurrentIndex(1)

    def _task_chosen(self) -> None:
        """A task chosen: its source (年度监督检查计划) and its team are filled in."""
        task = self.task.currentData()
        if task is None:
            return
        self.source.setCurrentIndex(max(0, self.source.findData(str(TaskSource.PLAN))))
        self.source_note.setText(task.label)
        team = {p["cert_no"] for p in task.inspectors}
        listed = set()
        for i in range(self.inspectors.count()):
            item = self.inspectors.item(i)
            cert = item.data(Qt.ItemDataRole.UserRole).get("cert_no")
            listed.add(cert)
            item.setCheckState(Qt.CheckState.Checked if cert in team else Qt.CheckState.Unchecked)
        for person in task.inspectors:          # a teammate not in this laptop's list
            if person["cert_no"] not in listed:
                self.inspectors.addItem(checkable(f"{person['name']}（{person['cert_no']}）", dict(person),
                                                  checked=True))

    def _preselect_checklists(self) -> None:
        """Equipment chosen: the first checklist for its type is checked, other
        equipment checklists and general ones unchecked; none: equipment ones unchecked."""
        equipment_id = self.equipment.currentData()
        kind = self.ctx.ws.equipment(equipment_id).kind if equipment_id else None
        chosen = next((h for h, applies in self.applies_to.items() if kind and applies == kind), None)
        for i in range(self.checklists.count()):
            item = self.checklists.item(i)
            checklist_hash = item.data(Qt.ItemDataRole.UserRole)
            if chosen is None and self.applies_to[checklist_hash] is None:
                continue                # no equipment checklist: general ones as they were
            item.setCheckState(Qt.CheckState.Checked if checklist_hash == chosen
                               else Qt.CheckState.Unchecked)

    def add_enterprise(self, run: Run = EnterpriseDialog.exec) -> str | None:
        """新增企业 from here: the new enterprise is chosen; returns its id."""
        dialog = EnterpriseDialog(self.ctx, parent=self)
        if not run(dialog) or not dialog.result_record:
            return None
        ent = dialog.result_record
        self.enterprise.addItem(ent.name, ent.id)
        self.enterprise.setCurrentIndex(self.enterprise.count() - 1)
        return ent.id

    def add_inspector(self, run: Run = InspectorDialog.exec) -> dict | None:
        """新增执法人员 from here: saved to the list of inspectors and checked."""
        dialog = InspectorDialog(self.ctx, parent=self)
        if not run(dialog) or not dialog.result_record:
            return None
        person = dialog.result_record
        self.inspectors.addItem(checkable(f"{person['name']}（{person['cert_no']}）", person,
                                          checked=True))
        return person

    def check_checklist(self, checklist_id_or_hash: str) -> None:
        for i in range(self.checklists.count()):
            item = self.checklists.item(i)
            checklist = self.ctx.ws.checklist(item.data(Qt.ItemDataRole.UserRole))
            if checklist_id_or_hash in (checklist.id, checklist.hash):
                item.setCheckState(Qt.CheckState.Checked)

    def save(self) -> None:
        self.form.clear_errors()
        enterprise_id = self.enterprise.currentData()
        if not enterprise_id or self.enterprise.currentText() != self.enterprise.itemText(
                self.enterprise.currentIndex()):
            self.form.show_invalid(InvalidInput("被检查单位", self.tr("请选择被检查单位"),
                                                hint=self.tr("或点“新增企业…”")))
            return
        started = local_time(self.started.dateTime().toPython())  # typed as Asia/Shanghai time
        sector = self.sector.currentData()
        if sector != self.ctx.ws.enterprise(enterprise_id).sector and self.form.submit(
                lambda: self.ctx.ws.update_enterprise(enterprise_id, sector=sector)) is None:
            return
        record: Inspection | None = self.form.submit(lambda: self.ctx.ws.start_inspection(
            enterprise_id, checked_data(self.checklists), checked_data(self.inspectors),
            mode=self.mode.currentData(), equipment_id=self.equipment.currentData(),
            started_at=started, task_source=self.source.currentData(),
            task_source_note=self.source_note.text(), require_source=True,
            task_id=self.task.currentData().id if self.task.currentData() else None))
        if record is None:
            return
        self.result_record = record
        self.accept()
