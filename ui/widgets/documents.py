"""The documents of one inspection: list, in-program preview, print, save, correct.

Every action works on the stored bytes of an issued document
(``Workspace.document_pdf``), so a reprint weeks later prints exactly what was
signed.  Printing sends those bytes as PDF to a CUPS queue chosen in
:class:`PrintDialog` (``export.printing``); only where no queue takes PDF
(no CUPS, e.g. Windows, or raw queues only) does Qt's print dialog rasterise
the pages.  Issuing, printing and correcting run on a pool thread through
:class:`ui.ops.Ops`.
"""
from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import SiteCheckError
from checklists.common.vocabulary import DocumentKind
from export import printing
from export.docmodel import Refusal
from export.issue import reissue
from export.service import NOT_SERVED
from storage.files import atomic_write
from storage.records import Document

from ..actions import install_document_keys
from ..context import Context
from ..dialogs.print_dialog import PrintDialog
from ..dialogs.service import ServiceDialog
from ..errors import show_error
from ..pdfpages import print_pdf
from ..prefs import PrintChoice, remember_print_choice, remembered_print_choice
from . import filedialogs
from .flow import FlowLayout, Pane
from .refusal import RefusalDialog

# the documents that take the unit's signature, and so can record its refusal (拒签)
SIGNED_KINDS = (DocumentKind.RECORD, DocumentKind.ORDER, DocumentKind.SAMR_ORDER, DocumentKind.REVIEW)


def print_job(document_id: str, printer: QPrinter):
    """A job for Ops.run: print the stored PDF of a document on ``printer``; returns pages."""
    def job(ws, progress):
        data = ws.document_pdf(document_id)

        def step(done: int, total: int) -> None:
            progress.check()
            progress.report(done, total)
        return print_pdf(data, printer, step)
    return job


def pdf_queues() -> list[printing.Queue]:
    """The CUPS queues that take PDF; [] where there are none (no CUPS: Qt's dialog then)."""
    return [q for q in printing.queues() if q.takes_pdf] if printing.cups_installed() else []


def queues_job(ws, progress) -> list[printing.Queue]:
    """A job for Ops.run: :func:`pdf_queues` (a CUPS server that does not answer must
    not freeze the window)."""
    found = pdf_queues()
    progress.check()
    return found


def send_job(document_id: str, title: str, choice: PrintChoice):
    """A job for Ops.run: send the stored PDF of a document to a CUPS queue; returns the PrintJob."""
    def job(ws, progress):
        return printing.submit(ws.document_pdf(document_id), choice.queue, copies=choice.copies,
                               duplex=choice.duplex, title=title)
    return job


def reissue_job(document_id: str, refusal: Refusal | None = None):
    def job(ws, progress):
        return reissue(ws, document_id, refusal=refusal, progress=progress)
    return job


class PdfPreview(QWidget):
    """A QPdfView over in-memory PDF bytes (fit to width, all pages).

    The document is a child of this wrapper, not of the QPdfView: a QPdfDocument
    parented to its view crashes Qt 6.12 when the view is destroyed.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.pdf = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setDocument(self.pdf)
        self.view.setStyleSheet("QPdfView { background: #90a4ae; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._buffer: QBuffer | None = None

    def show_bytes(self, data: bytes | None) -> int:
        """Show ``data`` (None clears); returns the page count."""
        self.pdf.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        if not data:
            return 0
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self._buffer)
        return self.pdf.pageCount()


class DocumentPanel(QWidget):
    """Issued documents of an inspection with a preview; ``changed`` after a correction."""

    changed = Signal()
    printed = Signal(int)               # pages printed through Qt's print dialog
    sent = Signal(object)               # the printing.PrintJob CUPS accepted

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.inspection_id: str | None = None
        self.list = QListWidget()
        self.list.setObjectName("documentList")
        self.list.setMinimumHeight(48)          # the buttons under it stay on a short screen
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.preview = PdfPreview()
        self.pages = QLabel()
        self.pages.setObjectName("documentPages")
        self.notice = QLabel()
        self.notice.setObjectName("printNotice")
        self.notice.setWordWrap(True)
        self.printing: PrintDialog | None = None          # the print dialog while it is open
        self.print_button = self._button(self.tr("打印… (Ctrl+P)"), self.print_dialog, "printDocument")
        self.service_button = self._button(self.tr("送达回证…"), self.serve_selected, "serveDocuments")
        self.service_button.setToolTip(self.tr("为所选的一份或多份文书（按住 Ctrl 多选）出具送达回证"))
        # the actions used now and then, in one menu: the row stays one line on a short screen
        self.save_button = self._action(self.tr("另存为 PDF…"), self.save_as, "saveDocument")
        self.reissue_button = self._action(self.tr("更正重开"), self.confirm_reissue, "reissueDocument")
        self.reissue_button.setToolTip(self.tr("按当前数据重新出具，取得新编号并取代原文书（原文书保留存档）"))
        self.refusal_button = self._action(self.tr("记录拒签…"), self.ask_refusal, "recordRefusal")
        self.refusal_button.setToolTip(self.tr("被检查单位负责人拒绝签名：更正重开，在签名处注明拒签情况"))
        more = QMenu(self)
        more.setToolTipsVisible(True)
        for action in (self.save_button, self.reissue_button, self.refusal_button):
            more.addAction(action)
        self.more_button = QToolButton()
        self.more_button.setObjectName("moreDocumentActions")
        self.more_button.setText(self.tr("更多…"))
        self.more_button.setMenu(more)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemSelectionChanged.connect(lambda: self._enable(self.current_id() is not None))
        buttons = FlowLayout()             # wraps onto a second row where the panel is narrow
        for button in (self.print_button, self.service_button, self.more_button):
            buttons.addWidget(button)
        title = QLabel(self.tr("已出具的文书"))
        title.setObjectName("sectionTitle")
        left = Pane()                   # as tall as its wrapped buttons need
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(title)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.pages)
        left_layout.addWidget(self.notice)
        left_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("documentsSplit")
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self._enable(False)
        self.setFocusProxy(self.list)                     # focusing the panel lets Ctrl+P print
        self.keys = install_document_keys(self)

    def _action(self, text: str, slot, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(lambda _=False: slot())
        return action

    def _button(self, text: str, slot, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _enable(self, on: bool) -> None:
        for button in (self.print_button, self.save_button):
            button.setEnabled(on)
        doc = self.current()
        self.reissue_button.setEnabled(on and not self._superseded(doc))
        self.refusal_button.setEnabled(bool(doc) and self.reissue_button.isEnabled() and doc.kind in SIGNED_KINDS)
        self.service_button.setEnabled(bool(self.servable_selection()))

    # ----- content ---------------------------------------------------------------------
    def set_inspection(self, inspection_id: str | None, select: str | None = None) -> None:
        self.inspection_id = inspection_id
        self.refresh(select)

    def refresh(self, select: str | None = None) -> None:
        ws = self.ctx.ws
        keep = select or self.current_id()
        self.list.blockSignals(True)
        self.list.clear()
        docs = ws.documents(inspection_id=self.inspection_id) if self.inspection_id else []
        for doc in docs:
            newer = ws.superseded_by(doc.id)
            label = self.ctx.label(DocumentKind(doc.kind))
            text = f"{label}\n{doc.number}  {doc.issued_at[:16].replace('T', ' ')}"
            if newer is not None:
                text += "\n" + self.tr("已被 %1 更正取代").replace("%1", newer.number)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, doc.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, newer is not None)
            if newer is not None:
                item.setForeground(Qt.GlobalColor.gray)
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
        self.list.setCurrentRow(ids.index(keep) if keep in ids else (0 if ids else -1))
        self._show_current()

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def current(self) -> Document | None:
        doc_id = self.current_id()
        return self.ctx.ws.document(doc_id) if doc_id else None

    def _superseded(self, doc: Document | None) -> bool:
        item = self.list.currentItem()
        return bool(doc and item and item.data(Qt.ItemDataRole.UserRole + 1))

    def _show_current(self) -> None:
        doc_id = self.current_id()
        pages = self.preview.show_bytes(self.ctx.ws.document_pdf(doc_id) if doc_id else None)
        self.pages.setText(self.tr("共 %1 页").replace("%1", str(pages)) if doc_id else "")
        self._enable(doc_id is not None)

    # ----- actions ---------------------------------------------------------------------
    def print_dialog(self):
        """Ctrl+P: the print dialog for CUPS queues (listed in the background; it opens
        when they are known); Qt's rasterising one where none takes PDF."""
        if not self.current_id():
            return None
        return self.ctx.ops.run(queues_job, parent=self, title=self.tr("正在查找打印机…"),
                                on_done=self._choose_printer)

    def _choose_printer(self, queues: list[printing.Queue]) -> None:
        doc = self.current()
        if doc is None or self.printing is not None:
            return
        if not queues:
            self._qt_print_dialog()
            return
        what = (self.tr("%1 %2，共 %3 页").replace("%1", self.ctx.label(DocumentKind(doc.kind)))
                .replace("%2", doc.number).replace("%3", str(self.preview.pdf.pageCount())))
        dialog = self.printing = PrintDialog(queues, remembered_print_choice(), what, self)
        dialog.accepted.connect(lambda: self._chosen(dialog.choice()))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: PrintDialog) -> None:
        dialog.deleteLater()
        if self.printing is dialog:
            self.printing = None

    def _chosen(self, choice: PrintChoice) -> None:
        remember_print_choice(choice)
        self.send(choice)

    def send(self, choice: PrintChoice):
        """Send the selected document's stored PDF to ``choice``'s queue in the background."""
        doc = self.current()
        if doc is None:
            return None
        self.notice.setText(self.tr("正在发送到打印机…"))
        return self.ctx.ops.run(send_job(doc.id, doc.number, choice), parent=self,
                                title=self.tr("正在发送到打印机…"), on_done=self._sent,
                                on_error=self._send_failed)

    def _sent(self, job: printing.PrintJob) -> None:
        text = self.tr("已发送到打印机 %1（作业 %2）").replace("%1", job.queue).replace("%2", str(job.number))
        self.notice.setText(text)
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 10000)
        self.sent.emit(job)

    def _send_failed(self, exc: BaseException) -> None:
        self.notice.setText(self.tr("打印作业没有发出"))
        show_error(self, exc)

    def _qt_print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印文书"))
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter):
        """Print the selected document's stored PDF on ``printer`` in the background."""
        doc_id = self.current_id()
        if not doc_id:
            return None
        self._printer = printer                       # kept alive until the job ends
        return self.ctx.ops.run(print_job(doc_id, printer), parent=self,
                                title=self.tr("正在打印…"), on_done=self._printed)

    def _printed(self, pages: int) -> None:
        self._printer = None
        if shiboken6.isValid(self):
            self.printed.emit(pages)

    def save_as(self) -> None:
        doc = self.current()
        if doc is None:
            return
        name = f"{doc.number}.pdf".replace("/", "-")
        path, _ = filedialogs.save_file(self, filedialogs.PDF, self.tr("另存为 PDF"), name, "PDF (*.pdf)")
        if path:
            try:
                self.save_to(path)
            except SiteCheckError as err:
                show_error(self, err)

    def save_to(self, path: str | Path) -> Path:
        """Write the stored bytes, unchanged, to ``path`` (atomically: a full USB stick
        leaves no half file)."""
        target = Path(path)
        data = self.ctx.ws.document_pdf(self.current_id())
        atomic_write(target, lambda fh: fh.write(data), doing="另存为 PDF")
        return target

    def confirm_reissue(self) -> None:
        doc = self.current()
        if doc is None:
            return
        answer = QMessageBox.question(
            self, self.tr("更正重开"),
            self.tr("按当前数据重新出具文书 %1？新文书取得新编号并取代原文书，原文书保留存档。")
            .replace("%1", doc.number))
        if answer == QMessageBox.StandardButton.Yes:
            self.reissue_current()

    def ask_refusal(self, run=RefusalDialog.exec):
        """拒签 noticed after printing: ask for the note and witness, then correct the
        document with the refusal on it."""
        doc = self.current()
        if doc is None:
            return None
        dialog = RefusalDialog(doc.number, parent=self)
        if not run(dialog):
            return None
        return self.reissue_current(dialog.refusal())

    def reissue_current(self, refusal: Refusal | None = None):
        doc_id = self.current_id()
        if not doc_id:
            return None
        return self.ctx.ops.run(reissue_job(doc_id, refusal), parent=self, title=self.tr("正在出具文书…"),
                                on_done=self._reissued)

    def _reissued(self, doc: Document) -> None:
        if shiboken6.isValid(self):
            self.refresh(doc.id)
            self.changed.emit()

    # ----- 送达回证 ----------------------------------------------------------------------
    def servable_selection(self) -> list[str]:
        """The selected documents a 送达回证 may list: not superseded, not a 送达回证 or 询问笔录."""
        ids = []
        for item in self.list.selectedItems():
            doc = self.ctx.ws.document(item.data(Qt.ItemDataRole.UserRole))
            if not item.data(Qt.ItemDataRole.UserRole + 1) and DocumentKind(doc.kind) not in NOT_SERVED:
                ids.append(doc.id)
        return ids

    def serve_selected(self) -> ServiceDialog | None:
        """Open the 送达回证 dialog for the selected documents (non-blocking)."""
        ids = self.servable_selection()
        if not ids or not self.inspection_id:
            return None
        docs = sorted((self.ctx.ws.document(d) for d in ids), key=lambda d: d.issued_at)
        dialog = ServiceDialog(self.ctx, self.inspection_id, docs, self)
        dialog.accepted.connect(lambda: self._reissued(dialog.issued))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        self.service_dialog = dialog
        return dialog
