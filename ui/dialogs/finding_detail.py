"""A finding of the headquarters ledger, read only (隐患详情).

On a PostgreSQL headquarters the ledger's rows are not this PC's: their inspection
lives on an inspector's laptop and in the headquarters database, not in the
workspace, so a double-click shows what the row holds instead of opening it.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout

from storage.ledger import LedgerRow

from ..context import Context


class FindingDetailDialog(QDialog):
    def __init__(self, ctx: Context, row: LedgerRow, source: str, parent=None):
        super().__init__(parent)
        self.setObjectName("findingDetail")
        self.setWindowTitle(self.tr("隐患详情"))
        self.setFixedWidth(520)          # the wrapped texts take the height this width needs
        f, label = row.finding, ctx.label
        item = f.item_id or ""
        fields = (
            (self.tr("隐患描述"), f.description), (self.tr("单位"), row.enterprise_name),
            (self.tr("区域"), row.district or ""), (self.tr("等级"), label(f.level)),
            (self.tr("状态"), label(f.state)), (self.tr("整改方式"), label(f.rectification)),
            (self.tr("整改期限"), f.deadline or ""), (self.tr("检查表", "one checklist"), row.checklist_label),
            (self.tr("检查项"), item), (self.tr("依据"), "；".join(f.basis)),
            (self.tr("整改措施"), f.measure or ""), (self.tr("备注"), f.note or ""),
            (self.tr("发现日期"), f.created_at[:10]))
        form = QGridLayout()            # wraps long texts to their height, as a form layout does not
        form.setColumnStretch(1, 1)
        self.values: dict[str, str] = {}
        for n, (name, value) in enumerate(fields):
            text = QLabel(value)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addWidget(QLabel(name), n, 0, Qt.AlignmentFlag.AlignTop)
            form.addWidget(text, n, 1)
            self.values[name] = value
        note = QLabel(self.tr("来自%1，只读：复查、挂牌督办只能对本工作区中的隐患办理。")
                      .replace("%1", source))
        note.setObjectName("findingDetailSource")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def showEvent(self, event) -> None:
        """As tall as the wrapped texts need at the dialog's width (a dialog's size
        does not follow its labels' height for width, and they would be cut off)."""
        super().showEvent(event)
        self.setFixedHeight(self.layout().totalHeightForWidth(self.width()))
