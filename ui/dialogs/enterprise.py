"""Add or edit an enterprise; errors appear next to their field."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit

from checklists.common.vocabulary import RiskColour, Sector
from storage.records import Enterprise

from ..context import Context
from ..widgets.form import FieldForm, limit_length

TEXT_FIELDS = ("name", "credit_code", "address", "district", "legal_rep", "legal_rep_title",
               "contact", "phone", "industry")


class EnterpriseDialog(QDialog):
    def __init__(self, ctx: Context, enterprise: Enterprise | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.enterprise, self.result_record = ctx, enterprise, None
        self.setWindowTitle(self.tr("编辑企业") if enterprise else self.tr("新增企业"))
        self.setMinimumWidth(520)
        self.form = FieldForm(self)
        labels = {
            "name": self.tr("单位名称"), "credit_code": self.tr("统一社会信用代码"),
            "address": self.tr("地址"), "district": self.tr("所在区域"),
            "legal_rep": self.tr("法定代表人"), "legal_rep_title": self.tr("职务"),
            "contact": self.tr("联系人"), "phone": self.tr("联系电话"), "industry": self.tr("行业"),
        }
        aliases = {"name": ("单位名称",), "credit_code": ("统一社会信用代码",),
                   "phone": ("联系电话",)}
        self.edits: dict[str, QLineEdit] = {}
        for key in TEXT_FIELDS:
            edit = limit_length(QLineEdit(getattr(enterprise, key, None) or ""), "enterprise", key)
            edit.setObjectName(key)
            self.edits[key] = self.form.add_row(key, labels[key], edit, *aliases.get(key, ()))
        self.edits["credit_code"].setMaxLength(18)
        self.edits["credit_code"].setPlaceholderText(self.tr("18位，含校验位"))
        self.sector = QComboBox()
        self.sector.setObjectName("sector")
        self.sector.addItem(self.tr("（未确定）"), None)
        for sector in Sector:
            self.sector.addItem(ctx.label(sector), str(sector))
        if enterprise and enterprise.sector:
            self.sector.setCurrentIndex(self.sector.findData(enterprise.sector))
        self.sector.setToolTip(self.tr("决定适用的重大事故隐患判定标准：工贸企业重大事故隐患判定标准只适用于"
                                       "冶金、有色、建材、机械、轻工、纺织、烟草、商贸等工贸企业"))
        self.form.add_row("sector", self.tr("企业类别"), self.sector, "企业类别")
        self.risk = QComboBox()
        self.risk.setObjectName("risk_colour")
        self.risk.addItem(self.tr("（未评定）"), None)
        for colour in RiskColour:
            self.risk.addItem(ctx.label(colour), str(colour))
        if enterprise and enterprise.risk_colour:
            self.risk.setCurrentIndex(self.risk.findData(enterprise.risk_colour))
        self.form.add_row("risk_colour", self.tr("风险等级"), self.risk, "风险等级")
        self.form.place_in(self, self.save)

    def values(self) -> dict:
        values = {key: edit.text() for key, edit in self.edits.items()}
        values["risk_colour"] = self.risk.currentData()
        values["sector"] = self.sector.currentData()
        return values

    def save(self) -> None:
        ws, values = self.ctx.ws, self.values()
        record = self.form.submit(
            lambda: ws.update_enterprise(self.enterprise.id, **values) if self.enterprise
            else ws.add_enterprise(**values))
        if record is None:
            return
        self.result_record = record
        self.accept()
