"""Start an inspection: enterprise, equipment, checklist(s), mode, inspectors, start time."""
from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from checklists.common.errors import InvalidInput
from checklists.common.vocabulary import InspectionMode
from storage.records import Inspection

from ..context import Context
from ..widgets.form import FieldForm


def checkable(text: str, data, checked: bool = False) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, data)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def checked_data(widget: QListWidget) -> list:
    return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


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
        self.form.add_row("enterprise", self.tr("被检查单位"), self.enterprise, "被检查单位")
        self.equipment = QComboBox()
        self.equipment.setObjectName("equipment")
        self.form.add_row("equipment", self.tr("设备"), self.equipment, "设备")
        self.checklists = QListWidget()
        self.checklists.setObjectName("checklists")
        self.checklists.setMaximumHeight(140)
        for checklist in ctx.ws.checklists():
            self.checklists.addItem(checkable(f"{checklist.title}（{checklist.version}）",
                                              checklist.hash))
        self.form.add_row("checklists", self.tr("检查表"), self.checklists, "检查表")
        self.mode = QComboBox()
        self.mode.setObjectName("mode")
        for mode in InspectionMode:
            self.mode.addItem(ctx.label(mode), str(mode))
        self.form.add_row("mode", self.tr("检查方式"), self.mode, "检查方式")
        self.inspectors = QListWidget()
        self.inspectors.setObjectName("inspectors")
        self.inspectors.setMaximumHeight(120)
        for n, person in enumerate(ctx.ws.setting("inspectors", []) or []):
            self.inspectors.addItem(checkable(f"{person['name']}（{person['cert_no']}）", person,
                                              checked=n < 2))
        self.form.add_row("inspectors", self.tr("执法人员"), self.inspectors, "执法人员")
        self.started = QDateTimeEdit(QDateTime(ctx.ws.clock()))     # the workspace clock
        self.started.setObjectName("startedAt")
        self.started.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.started.setCalendarPopup(True)
        self.form.add_row("started", self.tr("开始时间"), self.started)
        self.enterprise.currentIndexChanged.connect(self._fill_equipment)
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
        self.equipment.clear()
        self.equipment.addItem(self.tr("（不针对具体设备）"), None)
        enterprise_id = self.enterprise.currentData()
        if not enterprise_id:
            return
        for item in self.ctx.ws.equipment_list(enterprise_id):
            code = item.register_code or item.registration_no or ""
            self.equipment.addItem(f"{self.ctx.label(item.kind)} {item.name or ''} {code}".strip(),
                                   item.id)
        if self.equipment.count() > 1:
            self.equipment.setCurrentIndex(1)

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
                                                hint=self.tr("可先在“企业与设备”中新增")))
            return
        started = self.started.dateTime().toPython().astimezone()
        record: Inspection | None = self.form.submit(lambda: self.ctx.ws.start_inspection(
            enterprise_id, checked_data(self.checklists), checked_data(self.inspectors),
            mode=self.mode.currentData(), equipment_id=self.equipment.currentData(),
            started_at=started))
        if record is None:
            return
        self.result_record = record
        self.accept()
