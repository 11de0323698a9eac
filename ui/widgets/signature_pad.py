"""A pad to sign on: pen (QTabletEvent, with pressure), touch (QTouchEvent) or mouse.

The pad records strokes as points in its own pixels (y downwards) and paints them
as it goes; ``undo`` takes the last stroke back, ``clear`` all of them.
``ink()`` gives the strokes as ``storage.signatures.Ink`` (quantised, compact);
what is stored and how is decided there, not here.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPen, QTabletEvent, QTouchEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from storage.signatures import Ink, ink_from_points

INK = QColor("#0b1f5c")


class SignaturePad(QWidget):
    """Where one person signs.  ``changed`` after each stroke, undo and clear."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 140)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.strokes: list[list[tuple[float, float, float | None]]] = []
        self.drawing = False

    def sizeHint(self) -> QSize:
        return QSize(640, 220)

    # ----- what was drawn -------------------------------------------------------------
    def is_empty(self) -> bool:
        return not self.strokes

    def ink(self) -> Ink:
        return ink_from_points(self.width(), self.height(), self.strokes)

    def undo(self) -> None:
        if self.strokes:
            self.strokes.pop()
            self.drawing = False
            self.update()
            self.changed.emit()

    def clear(self) -> None:
        self.strokes.clear()
        self.drawing = False
        self.update()
        self.changed.emit()

    # ----- input ----------------------------------------------------------------------
    def _begin(self, at: QPointF, pressure: float | None) -> None:
        self.strokes.append([(at.x(), at.y(), pressure)])
        self.drawing = True
        self.update()

    def _extend(self, at: QPointF, pressure: float | None) -> None:
        if self.drawing:
            self.strokes[-1].append((at.x(), at.y(), pressure))
            self.update()

    def _end(self) -> None:
        if self.drawing:
            self.drawing = False
            self.changed.emit()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self._end()
        event.accept()                  # no mouse event is made from it

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position(), None)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                    QEvent.Type.TouchCancel):
            self._touch(event)
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        """One finger writes; the first point of the touch is followed."""
        points = event.points()
        kind = event.type()
        if kind == QEvent.Type.TouchBegin and points:
            self._begin(points[0].position(), None)
        elif kind == QEvent.Type.TouchUpdate and points:
            self._extend(points[0].position(), None)
        else:
            self._end()
        event.accept()

    # ----- painting -------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#b0b0b0"), 1, Qt.PenStyle.DashLine))
        base = int(self.height() * 0.78)
        painter.drawLine(16, base, self.width() - 16, base)         # a line to sign on
        for stroke in self.strokes:
            pressures = [p for _, _, p in stroke if p is not None]
            width = 1.2 + 2.4 * (sum(pressures) / len(pressures) if pressures else 0.5)
            painter.setPen(QPen(INK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                                Qt.PenJoinStyle.RoundJoin))
            path = QPainterPath(QPointF(stroke[0][0], stroke[0][1]))
            if len(stroke) == 1:
                path.lineTo(stroke[0][0] + 0.5, stroke[0][1])
            for x, y, _ in stroke[1:]:
                path.lineTo(x, y)
            painter.drawPath(path)
        painter.end()
