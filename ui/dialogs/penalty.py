"""Record a 行政处罚 decision for one of an enterprise's inspections (企业档案 → 行政处罚 →
登记行政处罚…): the 立案 date and, once decided, the decision's number, date, kinds
(行政处罚法第九条) and the amount.  The rules are in ``storage/penalty.py``; a refused
value is shown under its field and nothing is saved.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QListWidget, QListWidgetItem

from checklists.common.vocabulary import PenaltyKind
from storage.penalty import yuan_text

from ..context import Context
from ..widgets.form import FieldForm, limit_length


class PenaltyDialog(QDialog):
    """A new record, or with ``penalty`` that record to complete (e.g. the decision once made)."""

    def __init__(self, ctx: Context, enterprise_id: str, parent=None, penalty=None):
        super().__init__(parent)
        self.ctx, self.penalty = ctx, penalty
        self.saved = None
        self.setWindowTitle(self.tr("登记行政处罚") if penalty is None else self.tr("修改行政处罚记录"))
        self.form = FieldForm(self)
        self.inspection = QComboBox(objectName="penaltyInspection")
        for insp in ctx.ws.inspections(enterprise_id=enterprise_id, limit=500):
            self.inspection.addItem(f"{insp.started_at[:10]} {ctx.label(insp.mode)}", insp.id)
        self.filed_on = QLineEdit(ctx.today().isoformat(), objectName="penaltyFiledOn")
        self.number = limit_length(QLineEdit(objectName="penaltyNumber"), "penalty", "decision_number")
        self.decided_on = QLineEdit(objectName="penaltyDecidedOn")
        self.decided_on.setPlaceholderText(self.tr("未决定的留空，如 2026-12-31"))
        self.kinds = QListWidget(objectName="penaltyKinds")
        for kind in PenaltyKind:
            item = QListWidgetItem(ctx.label(kind))
            item.setData(Qt.ItemDataRole.UserRole, str(kind))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.kinds.addItem(item)
        self.kinds.setMinimumHeight(120)
        self.amount = QLineEdit(objectName="penaltyAmount")
        self.amount.setPlaceholderText(self.tr("元，如 12000.50"))
        self.note = limit_length(QLineEdit(objectName="penaltyNote"), "penalty", "note")
        self.form.add_row("inspection", self.tr("所属检查"), self.inspection)
        self.form.add_row("filed_on", self.tr("立案日期"), self.filed_on, "立案日期")
        self.form.add_row("number", self.tr("处罚决定书文号"), self.number, "处罚决定书文号", "处罚决定")
        self.form.add_row("decided_on", self.tr("处罚决定日期"), self.decided_on, "处罚决定日期")
        self.form.add_row("kinds", self.tr("处罚种类"), self.kinds, "处罚种类")
        self.form.add_row("amount", self.tr("罚没金额（元）"), self.amount, "罚没金额")
        self.form.add_row("note", self.tr("备注"), self.note, "处罚备注")
        self.form.place_in(self, self.save)
        self.resize(520, 560)
        if penalty is not None:
            self._show(penalty)

    def _show(self, penalty) -> None:
        self.inspection.setCurrentIndex(self.inspection.findData(penalty.inspection_id))
        self.inspection.setEnabled(False)
        self.filed_on.setText(penalty.filed_on)
        self.number.setText(penalty.decision_number or "")
        self.decided_on.setText(penalty.decided_on or "")
        for kind in penalty.kinds:
            self.check_kind(str(kind))
        self.amount.setText(yuan_text(penalty.amount_fen))
        self.note.setText(penalty.note or "")

    def checked_kinds(self) -> list[str]:
        return [self.kinds.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.kinds.count())
                if self.kinds.item(n).checkState() == Qt.CheckState.Checked]

    def check_kind(self, code: str) -> None:
        for n in range(self.kinds.count()):
            if self.kinds.item(n).data(Qt.ItemDataRole.UserRole) == code:
                self.kinds.item(n).setCheckState(Qt.CheckState.Checked)

    def save(self) -> None:
        inspection_id = self.inspection.currentData()
        if inspection_id is None:
            return
        values = {"filed_on": self.filed_on.text(), "decision_number": self.number.text(),
                  "decided_on": self.decided_on.text(), "kinds": self.checked_kinds(),
                  "amount": self.amount.text(), "note": self.note.text()}
        if self.penalty is None:
            self.saved = self.form.submit(lambda: self.ctx.ws.record_penalty(inspection_id, **values))
        else:
            self.saved = self.form.submit(lambda: self.ctx.ws.update_penalty(self.penalty.id, **values))
        if self.saved is not None:
            self.accept()
