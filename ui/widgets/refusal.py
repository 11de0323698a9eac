"""拒签: the inspected unit's responsible person refuses to sign.

A checkable group with the inspectors' note, the witness's name and whether the
refusal was photographed or filmed (特种设备安全监督检查办法第二十七条第一款;
安全生产法第六十八条).  The core (``export.docmodel.validate``) decides what is
required; this only gathers it.  ``RefusalDialog`` asks for it when a refusal is
noticed after a document was printed: the document is then corrected (reissued)
with the refusal on it.
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from export.docmodel import Refusal

from .form import limit_length


class RefusalBox(QGroupBox):
    """Checked: the next document prints the refusal in the unit's signature place."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("refusalBox")
        self.setTitle(self.tr("被检查单位负责人拒绝签名"))
        self.setCheckable(True)
        self.setChecked(False)
        self.note = limit_length(QLineEdit(objectName="refusalNote"), "refusal", "note")
        self.note.setPlaceholderText(self.tr("注明情况，如：经宣读记录内容后，现场负责人拒绝签名"))
        self.witness = limit_length(QLineEdit(objectName="refusalWitness"), "refusal", "witness")
        self.witness.setPlaceholderText(self.tr("见证人姓名及身份（必要时）"))
        self.evidence = QCheckBox(self.tr("已拍照、录音或录像记录"), objectName="refusalEvidence")
        form = QFormLayout(self)
        form.addRow(self.tr("情况说明"), self.note)
        form.addRow(self.tr("见证人"), self.witness)
        form.addRow("", self.evidence)
        self.form = form
        self.toggled.connect(self._fold)
        self._fold(False)

    def _fold(self, on: bool) -> None:
        """Unchecked, the box is one line (the finish view must fit a 1024x768 screen)."""
        for row in range(self.form.rowCount()):
            self.form.setRowVisible(row, on)
        self.setFlat(not on)               # no empty frame under the title while folded

    def refusal(self) -> Refusal | None:
        """The refusal as entered, or None when the box is not checked."""
        if not self.isChecked():
            return None
        return Refusal(self.note.text().strip(), self.witness.text().strip(), self.evidence.isChecked())

    def set_refusal(self, refusal: Refusal | None) -> None:
        self.setChecked(refusal is not None)
        self.note.setText(refusal.note if refusal else "")
        self.witness.setText(refusal.witness if refusal else "")
        self.evidence.setChecked(bool(refusal and refusal.evidence))


class RefusalDialog(QDialog):
    """Record a refusal noticed after printing: the document is corrected with it."""

    def __init__(self, number: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("记录拒签并更正"))
        self.setMinimumWidth(520)
        intro = QLabel(self.tr("文书 %1 将按当前数据重新出具，取得新编号并在签名处注明拒签情况；原文书保留存档。")
                       .replace("%1", number))
        intro.setWordWrap(True)
        self.box = RefusalBox(self)
        self.box.setChecked(True)
        self.box.setCheckable(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("更正"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.box)
        layout.addWidget(buttons)

    def refusal(self) -> Refusal:
        return Refusal(self.box.note.text().strip(), self.box.witness.text().strip(),
                       self.box.evidence.isChecked())
