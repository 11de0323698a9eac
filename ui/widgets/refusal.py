"""拒签: the inspected unit's responsible person refuses to sign.

A checkable group with who refused, the inspectors' note, the witness's name (the
witness signs in 现场签名 or on paper), whether the refusal was photographed or
filmed, and the photo, video or sound files of it, linked by their SHA-256
(``export.onsite.evidence_file``, hashed off the UI thread) (特种设备安全监督检查办法第二十七条第一款;
安全生产法第六十八条).  The core (``export.docmodel.validate``) decides what is
required; this only gathers it.  ``RefusalDialog`` asks for it when a refusal is
noticed after a document was printed: the document is then corrected (reissued)
with the refusal on it.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from checklists.common.errors import SiteCheckError
from checklists.common.sizes import format_size
from export.docmodel import EvidenceFile, Refusal
from export.onsite import evidence_file

from ..errors import show_error
from .filedialogs import open_file
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
        self.who = limit_length(QLineEdit(objectName="refusalWho"), "refusal", "who")
        self.who.setPlaceholderText(self.tr("拒绝签名的人的姓名、职务"))
        self.evidence = QCheckBox(self.tr("已拍照、录音或录像记录"), objectName="refusalEvidence")
        self.files: list[EvidenceFile] = []
        self.ctx = None                     # set by the view: links files off the UI thread
        self.link_button = QPushButton(self.tr("关联证据文件…"), objectName="refusalLink")
        self.link_button.setToolTip(self.tr("选择拒签的照片、录像或录音原始文件：记录其 SHA-256，文件不复制"))
        self.link_button.clicked.connect(self.choose_file)
        self.linked = QLabel(objectName="refusalFiles")
        self.linked.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("拒签人"), self.who)
        form.addRow(self.tr("情况说明"), self.note)
        form.addRow(self.tr("见证人"), self.witness)
        form.addRow("", self.evidence)
        form.addRow(self.link_button, self.linked)
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
        return Refusal(self.note.text().strip(), self.witness.text().strip(), self.evidence.isChecked(),
                       self.who.text().strip(), tuple(self.files))

    def set_refusal(self, refusal: Refusal | None) -> None:
        self.setChecked(refusal is not None)
        self.note.setText(refusal.note if refusal else "")
        self.witness.setText(refusal.witness if refusal else "")
        self.who.setText(refusal.who if refusal else "")
        self.evidence.setChecked(bool(refusal and refusal.evidence))
        self.files = list(refusal.files) if refusal else []
        self._show_files()

    def choose_file(self) -> None:
        path = open_file(self, "evidence", self.tr("选择拒签的证据文件"),
                         self.tr("照片、录像或录音 (*.jpg *.jpeg *.png *.heic *.webp *.mp4 *.mov *.avi *.3gp *.mkv "
                                 "*.m4v *.mts *.wav *.m4a *.mp3 *.amr *.aac)"))
        if path:
            self.link(path)

    def link(self, path: str):
        """Hash ``path`` (in the background when the view gave its context) and list it."""
        def job(_ws, progress):
            return evidence_file(path, progress)

        if self.ctx is None:
            try:
                self._linked(job(None, None))
            except SiteCheckError as exc:
                show_error(self, exc)
            return None
        return self.ctx.ops.run(job, parent=self, title=self.tr("正在计算证据文件的 SHA-256…"),
                                on_done=self._linked, on_error=lambda exc: show_error(self, exc))

    def _linked(self, found: EvidenceFile) -> None:
        if not shiboken6.isValid(self):
            return
        if all(f.sha256 != found.sha256 for f in self.files):
            self.files.append(found)
        self.evidence.setChecked(True)
        self._show_files()

    def _show_files(self) -> None:
        self.linked.setText("\n".join(f"{f.name}（{format_size(f.size)}，SHA-256 {f.sha256[:12]}…）"
                                      for f in self.files))


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
                       self.box.evidence.isChecked(), self.box.who.text().strip(), tuple(self.box.files))
