"""现场签名: the inspectors and the inspected unit's responsible person (or, when the
unit refused, the witness) sign on screen for the inspection's next 现场检查记录,
指令书 or 送达回证.

Each signature is stored at once as a draft of that document (``Workspace.add_signature``);
issuing the document draws it in its block with the time and binds it to the
document (``export.onsite``).  Nothing here is required: a document issued
without signatures prints blank lines to sign on paper, as before.
"""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import SiteCheckError
from checklists.common.vocabulary import DocumentKind, SignerRole, local_time
from export.docmodel import Refusal
from export.onsite import signed_kind

from ..context import Context
from ..errors import show_error
from ..widgets.form import limit_length
from ..widgets.signature_pad import SignaturePad

DOCUMENTS = (DocumentKind.RECORD, DocumentKind.ORDER, DocumentKind.SERVICE)


class PadDialog(QDialog):
    """One person signs: the pad, 撤销一笔, 清除, 完成."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setObjectName("padDialog")
        self.setWindowTitle(title)
        self.resize(760, 380)              # room to sign; the pad grows with the dialog
        self.pad = SignaturePad(self)
        hint = QLabel(self.tr("请用手写笔、手指或鼠标在框内签名"))
        self.undo_button = QPushButton(self.tr("撤销一笔"), objectName="padUndo")
        self.clear_button = QPushButton(self.tr("清除"), objectName="padClear")
        self.undo_button.clicked.connect(self.pad.undo)
        self.clear_button.clicked.connect(self.pad.clear)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.done_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.done_button.setText(self.tr("完成"))
        self.done_button.setObjectName("padDone")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.undo_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.pad, 1)
        layout.addLayout(row)
        self.pad.changed.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        empty = self.pad.is_empty()
        self.done_button.setEnabled(not empty)
        self.undo_button.setEnabled(not empty)
        self.clear_button.setEnabled(not empty)


class SigningDialog(QDialog):
    """The signers of one document of the inspection, each with 签名… and 撤销."""

    def __init__(self, ctx: Context, inspection_id: str, refusal: Refusal | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.inspection_id, self.refusal = ctx, inspection_id, refusal
        self.setObjectName("signingDialog")
        self.setWindowTitle(self.tr("现场签名"))
        self.setMinimumWidth(560)
        self.pad_dialog: PadDialog | None = None
        self.document = QComboBox(objectName="signingDocument")
        for kind in DOCUMENTS:
            self.document.addItem(ctx.label(signed_kind(ctx.ws, inspection_id, kind)), str(kind))
        self.document.currentIndexChanged.connect(self.refresh)
        intro = QLabel(self.tr("签名在出具该文书时印在其签名处，并注明签名时间；不在屏幕上签名的，"
                               "打印后在纸上签名。"))
        intro.setWordWrap(True)
        self.grid = QGridLayout()
        self.rows: list[tuple[SignerRole, QLineEdit, QLabel, QPushButton, QPushButton]] = []
        self._build_rows()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.document)
        layout.addWidget(intro)
        holder = QWidget()
        holder.setLayout(self.grid)
        layout.addWidget(holder)
        layout.addStretch(1)
        layout.addWidget(close)
        self.refresh()

    def _build_rows(self) -> None:
        insp = self.ctx.ws.inspection(self.inspection_id)
        signers = [(SignerRole.INSPECTOR, p.get("name", ""), False) for p in insp.inspectors]
        if self.refusal is None:
            unit = insp.site_manager or self.ctx.ws.enterprise(insp.enterprise_id).legal_rep or ""
            signers.append((SignerRole.UNIT, unit, True))
        else:
            signers.append((SignerRole.WITNESS, self.refusal.witness, True))
        for n, (role, name, editable) in enumerate(signers):
            field = limit_length(QLineEdit(name, objectName=f"signerName{n}"), "signature", "signer")
            field.setReadOnly(not editable)
            state = QLabel(objectName=f"signState{n}")
            sign = QPushButton(self.tr("签名…"), objectName=f"sign{n}")
            withdraw = QPushButton(self.tr("撤回签名"), objectName=f"withdraw{n}")
            sign.clicked.connect(lambda _c=False, k=n: self.sign(k))
            withdraw.clicked.connect(lambda _c=False, k=n: self.withdraw(k))
            for col, widget in enumerate((QLabel(self.ctx.label(role)), field, state, sign, withdraw)):
                self.grid.addWidget(widget, n, col)
            self.rows.append((role, field, state, sign, withdraw))

    # ----- state ----------------------------------------------------------------------
    def kind(self) -> DocumentKind:
        return signed_kind(self.ctx.ws, self.inspection_id, self.document.currentData())

    def _draft(self, n: int):
        role, field = self.rows[n][0], self.rows[n][1]
        drafts = self.ctx.ws.signature_drafts(self.inspection_id, self.kind())
        return next((s for s in drafts if s.role == role and s.signer == field.text().strip()), None)

    def refresh(self) -> None:
        for n, (_role, field, state, sign, withdraw) in enumerate(self.rows):
            found = self._draft(n)
            when = local_time(datetime.fromisoformat(found.signed_at)).strftime("%H:%M") if found else ""
            state.setText(self.tr("已签名 %1").replace("%1", when) if found else self.tr("未签名"))
            state.setAlignment(Qt.AlignmentFlag.AlignCenter)
            sign.setText(self.tr("重签…") if found else self.tr("签名…"))
            withdraw.setEnabled(found is not None)
            field.setEnabled(found is None or field.isReadOnly())

    # ----- actions --------------------------------------------------------------------
    def sign(self, n: int) -> PadDialog:
        """Open the pad for row ``n``; 完成 stores the signature."""
        role, field = self.rows[n][0], self.rows[n][1]
        title = self.tr("%1 %2 签名").replace("%1", self.ctx.label(role)).replace("%2", field.text().strip())
        dialog = self.pad_dialog = PadDialog(title, self)
        dialog.accepted.connect(lambda: self._store(n, dialog))
        dialog.open()
        return dialog

    def _store(self, n: int, dialog: PadDialog) -> None:
        role, field = self.rows[n][0], self.rows[n][1]
        try:
            self.ctx.ws.add_signature(self.inspection_id, self.kind(), role, field.text(), dialog.pad.ink())
        except SiteCheckError as exc:
            show_error(self, exc)
        self.refresh()

    def withdraw(self, n: int) -> None:
        found = self._draft(n)
        if found is None:
            return
        try:
            self.ctx.ws.discard_signature(found.id)
        except SiteCheckError as exc:
            show_error(self, exc)
        self.refresh()
