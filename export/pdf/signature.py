"""A signature captured on screen, drawn as vector paths in its signature block.

``InkMark`` is the content of the blank where a name is handwritten: the strokes
(storage/signatures.py) scaled to fit the blank's height and the room left of
the time, one reportlab path per stroke (line width following the pen's pressure
where it gave one), and the time it was signed, small, at the blank's right end.
It sits above the rule and inside its cell, so it never covers the label or the
text beside it.
"""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from checklists.common.vocabulary import local_time
from export.docmodel import SignedMark
from export.fonts import FontSet, draw_runs
from storage.signatures import NO_PRESSURE, decode

TIME_SIZE = 7
INK_COLOUR = colors.HexColor("#0b1f5c")      # blue-black, like a signing pen
LINE_W = 1.0                                 # points, at full pressure


def signed_time(mark: SignedMark) -> str:
    """2026-12-02 10:30: when it was signed (Asia/Shanghai), to the minute."""
    return local_time(mark.signed_at).strftime("%Y-%m-%d %H:%M")


class InkMark(Flowable):
    """The strokes of ``mark`` in a ``width`` x ``height`` area (the time at its right)."""

    def __init__(self, fonts: FontSet, mark: SignedMark, width: float, height: float = 8 * mm,
                 with_time: bool = True) -> None:
        super().__init__()
        self.fonts, self.mark, self.ink = fonts, mark, decode(mark.strokes)
        self.width, self.height, self.with_time = width, height, with_time
        self.time_text = signed_time(mark) if with_time else ""
        self.time_w = fonts.width(self.time_text, TIME_SIZE) + 2 if with_time else 0

    def wrap(self, avail_w, avail_h):
        return self.width, self.height

    def box(self) -> tuple[float, float, float, float]:
        """How the strokes' bounding box is placed: the scale, then the left, bottom
        and top edges it maps to (PDF points, in this flowable)."""
        xs = [x for s in self.ink.strokes for x, _, _ in s]
        ys = [y for s in self.ink.strokes for _, y, _ in s]
        self.min_x, self.max_y = min(xs), max(ys)
        ink_w, ink_h = max(max(xs) - self.min_x, 1), max(self.max_y - min(ys), 1)
        room_w = max(self.width - self.time_w - 2 * mm, 1)
        scale = min(room_w / ink_w, self.height / ink_h)
        return scale, 1 * mm, 0.0, ink_h * scale

    def draw(self) -> None:
        c = self.canv
        scale, left, bottom, _top = self.box()
        c.saveState()
        c.setStrokeColor(INK_COLOUR)
        c.setLineCap(1)
        c.setLineJoin(1)
        for stroke in self.ink.strokes:
            self._stroke(stroke, scale, left, bottom)
        c.restoreState()
        if self.with_time:
            draw_runs(c, self.fonts, self.width, 0.5 * mm, self.time_text, TIME_SIZE, align="right")

    def _stroke(self, stroke, scale: float, left: float, bottom: float) -> None:
        c = self.canv
        pressures = [p for _, _, p in stroke if p != NO_PRESSURE]
        mean = sum(pressures) / len(pressures) / 254 if pressures else 0.6
        c.setLineWidth(LINE_W * (0.5 + mean))

        def at(x: int, y: int) -> tuple[float, float]:
            return left + (x - self.min_x) * scale, bottom + (self.max_y - y) * scale

        path = c.beginPath()
        path.moveTo(*at(*stroke[0][:2]))
        if len(stroke) == 1:                      # a dot
            x, y = at(*stroke[0][:2])
            path.lineTo(x + 0.3, y)
        for x, y, _ in stroke[1:]:
            path.lineTo(*at(x, y))
        c.drawPath(path, stroke=1, fill=0)
