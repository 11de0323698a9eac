"""Add or edit a piece of special equipment (register code, next periodic inspection)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit

from checklists.common.vocabulary import EquipmentKind
from storage.records import Equipment

from ..context import Context
from ..widgets.form import FieldForm, limit_length


class EquipmentDialog(QDialog):
    def __init__(self, ctx: Context, enterprise_id: str, equipment: Equipment | None = None,
                 parent=None):
        super().__init__(parent)
        self.ctx, self.enterprise_id, self.equipment = ctx, enterprise_id, equipment
        self.result_record = None
        self.setWindowTitle(self.tr("编辑设备") if equipment else self.tr("新增设备"))
        self.setMinimumWidth(480)
        self.form = FieldForm(self)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in EquipmentKind:
            self.kind.addItem(ctx.label(kind), str(kind))
        if equipment:
            self.kind.setCurrentIndex(self.kind.findData(str(equipment.kind)))
        self.form.add_row("kind", self.tr("设备类别"), self.kind, "设备类别")
        labels = {"name": self.tr("设备名称"), "register_code": self.tr("设备注册代码"),
                  "registration_no": self.tr("使用登记证号"), "location": self.tr("安装位置"),
                  "next_inspection_date": self.tr("下次定期检验日期")}
        self.edits: dict[str, QLineEdit] = {}
        for key, label in labels.items():
            edit = QLineEdit(getattr(equipment, key, None) or "")
            if key != "next_inspection_date":
                limit_length(edit, "equipment", key)
            edit.setObjectName(key)
            self.edits[key] = self.form.add_row(key, label, edit, "下次定期检验日期"
                                                if key == "next_inspection_date" else key)
        self.edits["next_inspection_date"].setPlaceholderText("2026-12-31")
        self.form.place_in(self, self.save)

    def values(self) -> dict:
        return {"kind": self.kind.currentData(),
                **{key: edit.text() for key, edit in self.edits.items()}}

    def save(self) -> None:
        ws, values = self.ctx.ws, self.values()
        record = self.form.submit(
            lambda: ws.update_equipment(self.equipment.id, **values) if self.equipment
            else ws.add_equipment(self.enterprise_id, **values))
        if record is None:
            return
        self.result_record = record
        self.accept()
