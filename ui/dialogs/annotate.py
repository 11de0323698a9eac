"""A simple annotation of a photo: arrows, circles and text, in red.

Shapes are kept as fractions of the picture (``storage.photos`` shapes) and
drawn by Pillow on a copy; the result is stored as a new photo derived from the
original, which stays untouched (``Workspace.add_annotated_photo``).
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import SiteCheckError
from storage.photos import Arrow, Circle, Shape, Text, annotate

from ..context import Context
from ..errors import show_error

RED = QColor(230, 0, 0)


class Canvas(QWidget):
    """Shows the picture scaled to fit; mouse drags add shapes of the current tool."""

    def __init__(self, pixmap: QPixmap, parent=None):
        super().__init__(parent)
        self.pixmap = pixmap
        self.shapes: list[Shape] = []
        self.tool = "arrow"
        self._start: QPointF | None = None
        self.ask_text = lambda: QInputDialog.getText(self, self.tr("标注文字"), self.tr("文字："))
        self.setMinimumSize(640, 480)

    def image_rect(self) -> QRectF:
        size = self.pixmap.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) / 2
        y = (self.height() - size.height()) / 2
        return QRectF(x, y, size.width(), size.height())

    def to_unit(self, point: QPointF) -> tuple[float, float]:
        rect = self.image_rect()
        fx = (point.x() - rect.x()) / rect.width()
        fy = (point.y() - rect.y()) / rect.height()
        return min(max(fx, 0.0), 1.0), min(max(fy, 0.0), 1.0)

    def add_drag(self, start: tuple[float, float], end: tuple[float, float]) -> None:
        """Turn a drag (in unit coordinates) into a shape of the current tool."""
        if self.tool == "arrow":
            self.shapes.append(Arrow(*start, *end))
        elif self.tool == "circle":
            aspect = self.pixmap.height() / max(1, self.pixmap.width())
            r = max(0.01, ((end[0] - start[0]) ** 2 + ((end[1] - start[1]) * aspect) ** 2) ** 0.5)
            self.shapes.append(Circle(start[0], start[1], min(r, 1.0)))
        else:
            text, ok = self.ask_text()
            if ok and text.strip():
                self.shapes.append(Text(start[0], start[1], text.strip()))
        self.update()

    def mousePressEvent(self, event) -> None:
        self._start = event.position()

    def mouseReleaseEvent(self, event) -> None:
        if self._start is not None:
            self.add_drag(self.to_unit(self._start), self.to_unit(event.position()))
        self._start = None

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.image_rect()
        painter.drawPixmap(rect.toRect(), self.pixmap)
        painter.setPen(QPen(RED, 3))
        w, h, x0, y0 = rect.width(), rect.height(), rect.x(), rect.y()
        for shape in self.shapes:
            match shape:
                case Arrow():
                    painter.drawLine(QPointF(x0 + shape.x1 * w, y0 + shape.y1 * h),
                                     QPointF(x0 + shape.x2 * w, y0 + shape.y2 * h))
                    painter.drawEllipse(QPointF(x0 + shape.x2 * w, y0 + shape.y2 * h), 4, 4)
                case Circle():
                    painter.drawEllipse(QPointF(x0 + shape.x * w, y0 + shape.y * h),
                                        shape.r * w, shape.r * w)
                case Text():
                    font = QFont(self.font())
                    font.setPixelSize(max(8, int(shape.size * h)))
                    painter.setFont(font)
                    painter.drawText(QPointF(x0 + shape.x * w, y0 + shape.y * h + font.pixelSize()),
                                     shape.text)


class AnnotateDialog(QDialog):
    def __init__(self, ctx: Context, photo_id: str, parent=None):
        super().__init__(parent)
        self.ctx, self.photo_id, self.result_record = ctx, photo_id, None
        self.setWindowTitle(self.tr("标注照片"))
        self.normal = ctx.ws.photo_bytes(photo_id, "normal")
        pixmap = QPixmap()
        pixmap.loadFromData(self.normal)
        self.canvas = Canvas(pixmap, self)
        tools = QHBoxLayout()
        group = QButtonGroup(self)
        for key, text in (("arrow", self.tr("箭头")), ("circle", self.tr("圆圈")),
                          ("text", self.tr("文字"))):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setChecked(key == "arrow")
            button.clicked.connect(lambda _=False, k=key: setattr(self.canvas, "tool", k))
            group.addButton(button)
            tools.addWidget(button)
        undo = QPushButton(self.tr("撤销"))
        undo.clicked.connect(self.undo)
        tools.addWidget(undo)
        tools.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(buttons)

    def undo(self) -> None:
        if self.canvas.shapes:
            self.canvas.shapes.pop()
            self.canvas.update()

    def save(self) -> None:
        """Draw the shapes with Pillow and store the result as a new, derived photo."""
        if not self.canvas.shapes:
            self.reject()
            return
        try:
            jpeg = annotate(self.normal, self.canvas.shapes)
            self.result_record = self.ctx.ws.add_annotated_photo(self.photo_id, jpeg)
        except SiteCheckError as exc:
            show_error(self, exc)
            return
        self.accept()
