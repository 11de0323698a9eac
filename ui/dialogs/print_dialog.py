"""Where and how to print an issued document: printer (a CUPS queue), copies, duplex.

Opens on the last choice (``ui.prefs``), falling back to the default queue;
Enter prints.  The document panel sends the stored PDF once it is accepted.
"""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox

from export.printing import MAX_COPIES, Queue

from ..prefs import PrintChoice


class PrintDialog(QDialog):
    def __init__(self, queues: list[Queue], choice: PrintChoice, what: str, parent=None):
        super().__init__(parent)
        self.setObjectName("printDialog")
        self.setWindowTitle(self.tr("打印文书"))
        self.setMinimumWidth(460)
        self.what = QLabel(what)
        self.what.setWordWrap(True)
        self.printer = QComboBox()
        self.printer.setObjectName("printerChoice")
        for queue in queues:
            self.printer.addItem(self._label(queue), queue.name)
        self.printer.setCurrentIndex(max(self.printer.findData(choice.queue), 0))
        self.copies = QSpinBox()
        self.copies.setObjectName("printCopies")
        self.copies.setRange(1, MAX_COPIES)
        self.copies.setValue(min(max(choice.copies, 1), MAX_COPIES))
        self.duplex = QCheckBox(self.tr("双面打印（长边翻页）"))
        self.duplex.setObjectName("printDuplex")
        self.duplex.setChecked(choice.duplex)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("打印"))
        ok.setObjectName("printOk")
        ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.what)
        form.addRow(self.tr("打印机"), self.printer)
        form.addRow(self.tr("份数"), self.copies)
        form.addRow("", self.duplex)
        form.addRow(buttons)
        self.printer.setFocus()

    def _label(self, queue: Queue) -> str:
        text = queue.name if queue.info in ("", queue.name) else f"{queue.info} ({queue.name})"
        if queue.default:
            text += self.tr("（默认）")
        if not queue.accepting:
            text += self.tr("（暂停接收作业）")
        return text

    def choice(self) -> PrintChoice:
        return PrintChoice(self.printer.currentData() or "", self.copies.value(), self.duplex.isChecked())
