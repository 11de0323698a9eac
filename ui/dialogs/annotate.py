"""A simple annotation of a photo: arrows, circles and text, in red.

Shapes are kept as fractions of the picture (``storage.photos`` shapes) and
drawn by Pillow on a copy; the result is stored as a new photo derived from the
original, which stays untouched (``Workspace.add_annotated_photo``).
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap, QPolygonF
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
from storage.photos import LABEL_OPACITY, Arrow, Circle, Shape, Text, annotate, arrow_geometry, arrow_head_length

from ..context import Context
from ..errors import show_error

RED = QColor(230, 0, 0)
LINE = 3  # preview line width in screen pixels


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
        """The picture and the shapes as ``storage.photos.annotate`` will draw them:
        arrows with filled heads, text on a light label box."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.image_rect()
        painter.drawPixmap(rect.toRect(), self.pixmap)
        painter.setPen(QPen(RED, LINE))
        for shape in self.shapes:
            match shape:
                case Arrow():
                    self._paint_arrow(painter, rect, shape)
                case Circle():
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawEllipse(QPointF(rect.x() + shape.x * rect.width(),
                                                rect.y() + shape.y * rect.height()),
                                        shape.r * rect.width(), shape.r * rect.width())
                case Text():
                    self._paint_text(painter, rect, shape)

    @staticmethod
    def _paint_arrow(painter: QPainter, rect: QRectF, arrow: Arrow) -> None:
        x0, y0, w, h = rect.x(), rect.y(), rect.width(), rect.height()
        start = (x0 + arrow.x1 * w, y0 + arrow.y1 * h)
        end, head = arrow_geometry(*start, x0 + arrow.x2 * w, y0 + arrow.y2 * h, LINE,
                                   arrow_head_length(LINE, max(w, h)))
        painter.setPen(QPen(RED, LINE))
        painter.drawLine(QPointF(*start), QPointF(*end))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(RED))
        painter.drawPolygon(QPolygonF([QPointF(*p) for p in head]))
        painter.setPen(QPen(RED, LINE))

    def _paint_text(self, painter: QPainter, rect: QRectF, text: Text) -> None:
        font = QFont(self.font())
        font.setPixelSize(max(8, int(text.size * rect.height())))
        font.setBold(True)
        painter.setFont(font)
        origin = QPointF(rect.x() + text.x * rect.width(), rect.y() + text.y * rect.height())
        bounds = QFontMetricsF(font).boundingRect(text.text).translated(origin)
        bounds.moveTop(origin.y())
        pad = max(2.0, font.pixelSize() / 5)
        painter.setPen(QPen(RED, 1))
        painter.setBrush(QColor(255, 255, 255, LABEL_OPACITY))
        painter.drawRoundedRect(bounds.adjusted(-pad, -pad, pad, pad), pad, pad)
        painter.drawText(bounds, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text.text)
        painter.setPen(QPen(RED, LINE))


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
