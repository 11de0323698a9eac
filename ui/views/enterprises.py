"""Enterprises and their equipment: Chinese substring search, add and edit."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage.records import Enterprise

from ..context import Context
from ..dialogs.enterprise import EnterpriseDialog
from ..dialogs.equipment import EquipmentDialog
from ..models.records import RecordTableModel
from ..widgets.flow import FlowLayout
from ..widgets.tables import set_column_widths


def _table(model) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setAlternatingRowColors(True)
    return table


class EnterprisesView(QWidget):
    """List with search on the left half, the selected enterprise's equipment below."""

    start_inspection = Signal(str)   # enterprise id

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit()
        self.search.setObjectName("enterpriseSearch")
        self.search.setPlaceholderText(self.tr("搜索单位名称、信用代码、地址或区域…"))
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.model = RecordTableModel([
            (self.tr("单位名称"), lambda e: e.name),
            (self.tr("区域"), lambda e: e.district),
            (self.tr("统一社会信用代码"), lambda e: e.credit_code),
            (self.tr("联系人"), lambda e: e.contact),
            (self.tr("联系电话"), lambda e: e.phone),
            (self.tr("风险等级"), lambda e: e.risk_colour and ctx.label(_risk(e.risk_colour))),
        ], parent=self)
        self.table = _table(self.model)
        self.table.setObjectName("enterpriseTable")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_equipment())
        self.table.doubleClicked.connect(lambda *_: self.edit_enterprise())
        self.equipment_model = RecordTableModel([
            (self.tr("类别"), lambda q: ctx.label(q.kind)),
            (self.tr("名称"), lambda q: q.name),
            (self.tr("设备注册代码"), lambda q: q.register_code),
            (self.tr("使用登记证号"), lambda q: q.registration_no),
            (self.tr("位置"), lambda q: q.location),
            (self.tr("下次定期检验"), lambda q: q.next_inspection_date),
        ], alert=lambda q, col: col == 5 and q.overdue(ctx.today()), parent=self)
        self.equipment_table = _table(self.equipment_model)
        self.equipment_table.setObjectName("equipmentTable")
        self.equipment_table.doubleClicked.connect(lambda *_: self.edit_equipment())
        for table, widths in ((self.table, (320, 90, 200, 90, 140)),
                              (self.equipment_table, (100, 120, 220, 150, 120))):
            set_column_widths(table, widths)
        self._build()
        self.refresh()

    def _build(self) -> None:
        buttons = FlowLayout()          # wraps where one row is too wide (English, scale 1.5)
        for text, slot, name in ((self.tr("新增企业"), self.add_enterprise, "addEnterprise"),
                                 (self.tr("编辑企业"), self.edit_enterprise, "editEnterprise"),
                                 (self.tr("企业档案…"), lambda: self.open_file(), "enterpriseFile"),
                                 (self.tr("新增设备"), self.add_equipment, "addEquipment"),
                                 (self.tr("编辑设备"), self.edit_equipment, "editEquipment"),
                                 (self.tr("对该单位开始检查"), self._start, "startForEnterprise")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.search)
        top_layout.addWidget(self.table)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        self.equipment_title = QLabel(self.tr("设备"))
        self.equipment_title.setObjectName("sectionTitle")
        self.equipment_title.setWordWrap(True)      # a long enterprise name
        bottom_layout.addWidget(self.equipment_title)
        bottom_layout.addWidget(self.equipment_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("enterprisesSplit")
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([400, 220])
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("企业与设备"))
        title.setObjectName("viewTitle")
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

    # ----- data ------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.current_enterprise()
        self.model.set_records(self.ctx.ws.enterprises(self.search.text()))
        if current:
            self.select(current.id)
        elif self.model.rowCount():
            self.table.selectRow(0)
        self._show_equipment()

    def select(self, enterprise_id: str) -> None:
        for row, record in enumerate(self.model.records):
            if record.id == enterprise_id:
                self.table.selectRow(row)
                return

    def current_enterprise(self) -> Enterprise | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def _show_equipment(self) -> None:
        ent = self.current_enterprise()
        self.equipment_model.set_records(self.ctx.ws.equipment_list(ent.id) if ent else [])
        self.equipment_title.setText(self.tr("设备：%1").replace("%1", ent.name) if ent
                                     else self.tr("设备"))

    # ----- actions ---------------------------------------------------------------------
    def add_enterprise(self) -> None:
        dialog = EnterpriseDialog(self.ctx, parent=self)
        if dialog.exec() and dialog.result_record:
            self.search.clear()
            self.refresh()
            self.select(dialog.result_record.id)

    def edit_enterprise(self) -> None:
        ent = self.current_enterprise()
        if ent and EnterpriseDialog(self.ctx, ent, parent=self).exec():
            self.refresh()

    def open_file(self, run=None):
        """The enterprise file (一企一档) of the selected enterprise (ui/dialogs/dossier.py)."""
        from ..dialogs.dossier import DossierDialog

        ent = self.current_enterprise()
        if ent is None:
            return None
        dialog = DossierDialog(self.ctx, ent.id, parent=self)
        (run or DossierDialog.exec)(dialog)
        self.refresh()
        return dialog

    def add_equipment(self) -> None:
        ent = self.current_enterprise()
        if ent and EquipmentDialog(self.ctx, ent.id, parent=self).exec():
            self._show_equipment()

    def edit_equipment(self) -> None:
        ent = self.current_enterprise()
        index = self.equipment_table.currentIndex()
        if ent and index.isValid():
            item = self.equipment_model.record(index.row())
            if EquipmentDialog(self.ctx, ent.id, item, parent=self).exec():
                self._show_equipment()

    def _start(self) -> None:
        ent = self.current_enterprise()
        if ent:
            self.start_inspection.emit(ent.id)


def _risk(code: str):
    from checklists.common.vocabulary import RiskColour

    return RiskColour(code)
