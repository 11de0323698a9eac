"""受检设备: the equipment inspected one by one with the checklists' per-equipment
sections, and the attributes recorded for each (e.g. 是否快开门式).  The core checks
the selection (``Workspace.set_equipment_tables``); this dialog only gathers it."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import SiteCheckError
from checklists.common.vocabulary import EquipmentKind
from checklists.conditions import kinds
from checklists.model import Checklist
from storage.records import Equipment, Inspection

from ..context import Context
from ..errors import show_error


class EquipmentTablesDialog(QDialog):
    saved = Signal()

    def __init__(self, ctx: Context, inspection: Inspection, checklists: list[Checklist], parent=None):
        super().__init__(parent)
        self.ctx, self.inspection, self.checklists = ctx, inspection, checklists
        self.setObjectName("equipmentTables")
        self.setWindowTitle(self.tr("受检设备"))
        self.setMinimumWidth(640)
        wanted = [k for c in checklists for k in kinds(c)]
        selected = {e["id"]: e.get("attributes") or {} for e in inspection.equipment_tables or ()}
        pieces = [e for e in ctx.ws.equipment_list(inspection.enterprise_id) if e.kind in wanted]
        order = list(selected)          # the selected ones first, in their order
        pieces.sort(key=lambda e: order.index(e.id) if e.id in selected else len(order))
        self.rows: list[tuple[Equipment, QCheckBox, dict[str, QComboBox]]] = []
        intro = QLabel(self.tr("勾选本次逐台检查的设备（每种在用设备至少一台），并记录每台的属性。"
                               "检查表按所选设备逐台列出检查项。"))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(pieces), 3)
        self.table.setObjectName("equipmentTablesTable")
        self.table.setHorizontalHeaderLabels([self.tr("设备"), self.tr("设备代码"), self.tr("属性")])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        for row, piece in enumerate(pieces):
            self._build_row(row, piece, selected)
        empty = QLabel(self.tr("本单位还没有登记这些种类的设备：请先在“企业与设备”中新增设备。"))
        empty.setWordWrap(True)
        empty.setVisible(not pieces)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.table, empty, buttons):
            layout.addWidget(widget)

    def _build_row(self, row: int, piece: Equipment, selected: dict) -> None:
        check = QCheckBox(f"{self.ctx.label(EquipmentKind(piece.kind))} · {piece.name or ''}")
        check.setObjectName(f"pick_{piece.id}")
        check.setChecked(piece.id in selected)
        self.table.setCellWidget(row, 0, check)
        self.table.setItem(row, 1, QTableWidgetItem(piece.register_code or piece.registration_no or ""))
        cell = QWidget()
        line = QHBoxLayout(cell)
        line.setContentsMargins(4, 0, 4, 0)
        combos: dict[str, QComboBox] = {}
        attributes = {a.id: a for c in self.checklists for a in c.attributes(EquipmentKind(piece.kind))}
        for attribute in attributes.values():
            combo = QComboBox()
            combo.setObjectName(f"attr_{piece.id}_{attribute.id}")
            combo.addItem(self.tr("未记录"), None)
            for choice in attribute.choices:
                combo.addItem(self._choice_text(choice), choice)
            combo.setCurrentIndex(max(0, combo.findData(selected.get(piece.id, {}).get(attribute.id))))
            line.addWidget(QLabel(attribute.label))
            line.addWidget(combo)
            combos[attribute.id] = combo
        line.addStretch(1)
        self.table.setCellWidget(row, 2, cell)
        self.rows.append((piece, check, combos))

    def _choice_text(self, choice: str) -> str:
        return {"yes": self.tr("是"), "no": self.tr("否")}.get(choice, choice)

    def selection(self) -> list[dict]:
        return [{"id": piece.id, "attributes": {name: combo.currentData() for name, combo in combos.items()
                                                if combo.currentData() is not None}}
                for piece, check, combos in self.rows if check.isChecked()]

    def save(self) -> None:
        try:
            self.ctx.ws.set_equipment_tables(self.inspection.id, self.selection())
        except SiteCheckError as exc:
            show_error(self, exc)
            return
        self.saved.emit()
        self.accept()
