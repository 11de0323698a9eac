"""Issued PDFs inside the program: load stored bytes into QtPdf, render, print.

Printing here is the fallback for machines where no CUPS queue takes PDF (e.g.
Windows); elsewhere ``export.printing`` sends the PDF itself, about 60x faster from
the click to the job accepted (bench/printing.py).  It draws each page of the
*stored* PDF (``Workspace.document_pdf``; never a re-render) as an image rendered
at the printer's resolution.  QPdfDocument.render
returns a transparent image, so every page is composited onto white first.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from checklists.common.errors import DocumentError

POINTS_PER_INCH = 72


class PdfBytes(QObject):
    """A QPdfDocument over bytes held in memory (the buffer lives as long as this object)."""

    def __init__(self, data: bytes, parent: QObject | None = None):
        super().__init__(parent)
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self.buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            raise DocumentError("无法读取文书的 PDF 数据", hint="该文书的存档可能已损坏，请重新同步或更正重开")

    @property
    def pages(self) -> int:
        return self.document.pageCount()

    def page_image(self, page: int, dpi: float) -> QImage:
        """Page ``page`` at ``dpi``, on an opaque white background."""
        points = self.document.pagePointSize(page)
        size = QSize(round(points.width() * dpi / POINTS_PER_INCH),
                     round(points.height() * dpi / POINTS_PER_INCH))
        rendered = self.document.render(page, size)
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.drawImage(0, 0, rendered)
        painter.end()
        return image


def print_pdf(data: bytes, printer: QPrinter,
              progress: Callable[[int, int], None] | None = None) -> int:
    """Print the PDF ``data`` on ``printer``, one printed page per PDF page; returns pages.

    Pages keep their proportions and are centred in the printable area; the
    printer's page range (from a print dialog) is honoured.
    """
    pdf = PdfBytes(data)              # no parent: freed with the Python object, any thread
    pages = _page_numbers(printer, pdf.pages)
    dpi = printer.resolution()
    painter = QPainter()
    if not painter.begin(printer):
        raise DocumentError("无法开始打印", hint="请检查打印机是否可用，或选择“打印到文件”")
    try:
        for n, page in enumerate(pages):
            if n:
                printer.newPage()
            image = pdf.page_image(page, dpi)
            painter.drawImage(_fit(image.size(), _paint_rect(printer)), image)
            if progress:
                progress(n + 1, len(pages))
    finally:
        painter.end()
    return len(pages)


def _page_numbers(printer: QPrinter, count: int) -> list[int]:
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage() - 1, min(printer.toPage(), count) - 1
        return list(range(max(first, 0), last + 1))
    return list(range(count))


def _paint_rect(printer: QPrinter) -> QRect:
    return printer.pageLayout().paintRectPixels(printer.resolution())


def _fit(size: QSize, area: QRect) -> QRect:
    scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    x = (area.width() - scaled.width()) // 2
    y = (area.height() - scaled.height()) // 2
    return QRect(x, y, scaled.width(), scaled.height())


def file_printer(path: str, resolution: int = 300) -> QPrinter:
    """A printer that writes a PDF file (tests, and "print to file")."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    printer.setResolution(resolution)
    printer.setFullPage(False)
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer
