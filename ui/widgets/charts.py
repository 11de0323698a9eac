"""Small charts drawn with QPainter (no chart module, no web view).

``BarChart`` draws horizontal grouped bars, one group per row: a label on the
left, one bar per series, the value at the end of each bar.  Horizontal bars
keep long Chinese names (districts, enterprises) readable.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    value: Callable[[object], float]
    text: Callable[[float], str] = lambda v: f"{v:g}"


class BarChart(QWidget):
    BAR = 11
    GAP = 3
    ROW_GAP = 10
    LEGEND = 28

    def __init__(self, title: str, series: Sequence[Series], max_rows: int = 12,
                 fixed_max: float | None = None, parent=None):
        super().__init__(parent)
        self.title = title
        self.series = list(series)
        self.max_rows = max_rows
        self.fixed_max = fixed_max
        self.rows: list = []
        self.labels: list[str] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(320)

    def set_rows(self, rows: Sequence, label: Callable[[object], str]) -> None:
        self.rows = list(rows)[: self.max_rows]
        self.labels = [label(r) for r in self.rows]
        self.updateGeometry()
        self.update()

    def row_height(self) -> int:
        return len(self.series) * (self.BAR + self.GAP) + self.ROW_GAP

    def sizeHint(self) -> QSize:
        return QSize(480, self.legend_height() + 24 + max(1, len(self.rows)) * self.row_height())

    def _bold(self) -> QFont:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold

    def legend_rects(self) -> list[QRectF]:
        """Where the title and each series' swatch and name go: in a row after the
        title, wrapping onto more rows when the chart is too narrow for them."""
        metrics = QFontMetrics(self.font())
        line = max(metrics.height(), 12) + 6
        rects = [QRectF(4, 4, QFontMetrics(self._bold()).horizontalAdvance(self.title), line - 6)]
        x, y = rects[0].right() + 20, 4
        for series in self.series:
            width = 16 + metrics.horizontalAdvance(series.name)
            if x + width > self.width() - 4 and x > 8:
                x, y = 8, y + line
            rects.append(QRectF(x, y, width, line - 6))
            x += width + 16
        return rects

    def legend_height(self) -> int:
        return max(self.LEGEND, round(self.legend_rects()[-1].bottom()) + 8)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()      # the legend may wrap onto more rows, or fewer

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def maximum(self) -> float:
        if self.fixed_max:
            return self.fixed_max
        values = [s.value(r) for r in self.rows for s in self.series]
        return max(values, default=0) or 1

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        metrics = QFontMetrics(self.font())
        self._legend(painter, metrics)
        if not self.rows:
            painter.setPen(QColor("#757575"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("暂无数据"))
            return
        label_w = min(max(metrics.horizontalAdvance(t) for t in self.labels) + 12, self.width() // 3)
        value_w = metrics.horizontalAdvance("100.0%") + 8
        left, top = label_w + 8, self.legend_height() + 12
        span = max(self.width() - left - value_w - 8, 10)
        top_value = self.maximum()
        painter.setPen(QPen(QColor("#cfd8dc")))
        painter.drawLine(left, top - 4, left, top + len(self.rows) * self.row_height())
        for n, row in enumerate(self.rows):
            y = top + n * self.row_height()
            text = metrics.elidedText(self.labels[n], Qt.TextElideMode.ElideRight, label_w - 4)
            painter.setPen(QColor("#37474f"))
            painter.drawText(QRectF(4, y, label_w - 4, self.row_height() - self.ROW_GAP),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            for k, series in enumerate(self.series):
                value = series.value(row)
                width = span * value / top_value if top_value else 0
                bar = QRectF(left + 1, y + k * (self.BAR + self.GAP), max(width, 1 if value else 0), self.BAR)
                painter.fillRect(bar, QColor(series.colour))
                painter.setPen(QColor("#455a64"))
                painter.drawText(QRectF(bar.right() + 4, bar.top() - 3, value_w, self.BAR + 6),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 series.text(value))
        painter.end()

    def _legend(self, painter: QPainter, metrics: QFontMetrics) -> None:
        title, *entries = self.legend_rects()
        painter.setPen(QColor("#263238"))
        painter.setFont(self._bold())
        painter.drawText(title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(self.font())
        for series, rect in zip(self.series, entries):
            painter.fillRect(QRectF(rect.x(), rect.center().y() - 6, 12, 12), QColor(series.colour))
            painter.setPen(QColor("#455a64"))
            painter.drawText(rect.adjusted(16, 0, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             series.name)
