"""Page geometry (GB/T 9704-2012 as the house style), styles, the page footer and
the blocks every document shares: band and title, field rows, signatures, seal."""
from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer, Table, TableStyle

from export.fonts import FontSet, draw_runs
from storage.validate import strip_invisible

PAGE_W, PAGE_H = A4
TOP, LEFT = 37 * mm, 28 * mm
TEXT_W, TEXT_H = 156 * mm, 225 * mm
BOTTOM = PAGE_H - TOP - TEXT_H  # 35 mm
RIGHT = PAGE_W - LEFT - TEXT_W  # 26 mm

BODY_SIZE = 16      # 三号, the house body size
TABLE_SIZE = 14     # 四号 in tables and field rows, so four columns fit 156 mm
LEADING = 28.5      # about 22 lines in the 225 mm text block

# The band above the title: the 安全生产行政执法文书 series for 应急管理; 市场监管
# documents have no national series name, so they carry the issuing department's.
BANDS = {"ems": "安全生产行政执法文书"}
QR_FORM, QR_SIZE = "sitecheck-qr", 17 * mm
FILED_BY = {"ems": "应急管理部门", "samr": "市场监督管理部门"}


class Para(Paragraph):
    """A Paragraph that remembers its line breaks for the width it was last
    wrapped to: tables wrap every cell several times (measure, split, draw) and
    CJK line breaking is most of a document's render time."""

    _wrapped_at: float | None = None

    def wrap(self, avail_w, avail_h):
        if avail_w != self._wrapped_at or not hasattr(self, "blPara"):  # split() may drop it
            self._size = super().wrap(avail_w, avail_h)
            self._wrapped_at = avail_w
        return self._size


@dataclass(frozen=True)
class Styles:
    fonts: FontSet
    body: ParagraphStyle
    plain: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    label: ParagraphStyle
    title: ParagraphStyle
    band: ParagraphStyle
    number: ParagraphStyle
    caption: ParagraphStyle
    evidence: ParagraphStyle
    heading: ParagraphStyle

    def p(self, text: str, style: ParagraphStyle | None = None, prefix: str = "") -> Paragraph:
        """A paragraph of plain text (escaped, with rare-character fallback, without
        control characters that old data may hold: they would print as empty boxes);
        ``prefix`` is trusted markup put before it (e.g. a bold label)."""
        style = style or self.body
        return Para(prefix + self.fonts.markup(strip_invisible(text), style.fontName), style)


def make_styles(fonts: FontSet) -> Styles:
    def style(name, size, leading, **kw) -> ParagraphStyle:
        kw.setdefault("fontName", fonts.body)
        return ParagraphStyle(name, fontSize=size, leading=leading, wordWrap="CJK", **kw)

    return Styles(
        fonts=fonts,
        body=style("body", BODY_SIZE, LEADING, firstLineIndent=2 * BODY_SIZE, alignment=TA_JUSTIFY),
        plain=style("plain", BODY_SIZE, LEADING, alignment=TA_LEFT),
        cell=style("cell", TABLE_SIZE, 19),
        cell_head=style("cell_head", TABLE_SIZE, 19, fontName=fonts.bold, alignment=TA_CENTER),
        label=style("label", TABLE_SIZE, 19, alignment=TA_LEFT),
        title=style("title", 22, 30, fontName=fonts.bold, alignment=TA_CENTER, spaceBefore=6, spaceAfter=4),
        band=style("band", 15, 22, alignment=TA_CENTER, textColor=colors.HexColor("#b00000")),
        number=style("number", 14, 22, alignment=TA_RIGHT),
        caption=style("caption", 10.5, 14),
        evidence=style("evidence", 9, 12),
        heading=style("heading", BODY_SIZE, LEADING, fontName=fonts.bold),
    )


def cn_date(value: date | None) -> str:
    """2026年3月1日 (Arabic numerals, no leading zeros)."""
    return f"{value.year}年{value.month}月{value.day}日" if value else "    年  月  日"


def cn_time(value: datetime) -> str:
    return f"{value.year}年{value.month}月{value.day}日{value.hour}时{value.minute:02d}分"


def header(st: Styles, family: str, title: str, number: str, department: str) -> list[Flowable]:
    """The band between two rules, the title and the number line."""
    red = colors.HexColor("#b00000")
    return [
        HRFlowable(width="100%", thickness=1.2, color=red, spaceAfter=3),
        st.p(BANDS.get(family, department), st.band),
        HRFlowable(width="100%", thickness=1.2, color=red, spaceBefore=2, spaceAfter=10),
        st.p(title, st.title),
        st.p(number, st.number),
        Spacer(0, 6),
    ]


def field_rows(st: Styles, rows: list[list[tuple[str, str]]]) -> list[Flowable]:
    """Filled-in form fields: each row is (label, value) pairs; values sit on a rule.
    Label columns fit their text, value columns share what is left."""
    out: list[Flowable] = []
    for pairs in rows:
        label_w = [st.fonts.width(label, TABLE_SIZE) + 4 for label, _ in pairs]
        free = (TEXT_W - sum(label_w)) / len(pairs)
        widths = [w for lw in label_w for w in (lw, free)]
        cells = [[c for label, value in pairs for c in (st.p(label, st.label), st.p(value, st.cell))]]
        table = Table(cells, colWidths=widths)
        style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                 ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                 ("TOPPADDING", (0, 0), (-1, -1), 5)]
        style += [("LINEBELOW", (i, 0), (i, 0), 0.6, colors.black) for i in range(1, len(widths), 2)]
        table.setStyle(TableStyle(style))
        out.append(table)
    return out


def grid(st: Styles, head: list[str], rows: list[list[Flowable]], widths_mm: list[float]) -> Table:
    """A ruled table whose header row repeats on every page it spills onto."""
    data = [[st.p(h, st.cell_head) for h in head], *rows]
    table = Table(data, colWidths=[w * mm for w in widths_mm], repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table


def signatures(st: Styles, rows: list[tuple[str, str]]) -> Table:
    """Signature lines: (label, right-hand text such as 证号：…) per row; the
    blank for the handwritten name is a rule."""
    label_w = max(st.fonts.width(label, TABLE_SIZE) for label, _ in rows) + 12
    right_w = 58 * mm
    data = [[st.p(label, st.label), "", st.p(right, st.label)] for label, right in rows]
    table = Table(data, colWidths=[label_w, TEXT_W - label_w - right_w, right_w],
                  rowHeights=[11 * mm] * len(rows))
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 0),
        ("RIGHTPADDING", (1, 0), (1, -1), 8),
        ("LEFTPADDING", (2, 0), (2, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


class SealBlock(Flowable):
    """落款: the department name and the date at the right, with room for the seal
    over them (the seal image is drawn there when the department has one)."""

    def __init__(self, fonts: FontSet, department: str, when: date, seal_png: bytes | None,
                 with_name: bool = True) -> None:
        super().__init__()
        self.fonts, self.when, self.seal = fonts, when, seal_png
        self.department = strip_invisible(department)
        self.with_name = with_name
        self.width, self.height = TEXT_W, (34 if with_name else 18) * mm

    def wrap(self, avail_w, avail_h):
        return self.width, self.height

    def draw(self) -> None:
        c, right = self.canv, self.width - 4 * mm
        date_text = cn_date(self.when)
        name_w = self.fonts.width(self.department, BODY_SIZE) if self.with_name else 0
        block_w = max(name_w, self.fonts.width(date_text, BODY_SIZE))
        centre = right - block_w / 2
        if self.with_name:
            draw_runs(c, self.fonts, centre, 18 * mm, self.department, BODY_SIZE, align="center")
        draw_runs(c, self.fonts, centre, 8 * mm, date_text, BODY_SIZE, align="center")
        if self.seal:
            size = 38 * mm  # the usual 38-42 mm round seal, over the name and date
            c.drawImage(ImageReader(io.BytesIO(self.seal)), centre - size / 2, -2 * mm, size, size,
                        mask="auto", preserveAspectRatio=True)


@dataclass(frozen=True)
class Footer:
    """What every page carries at the bottom: 第 N 页 共 M 页, the issuing department's
    address and phone (``contact``), and the number with the first 16 hex digits of
    the content hash as text and as a QR code."""

    fonts: FontSet
    number: str
    hash16: str
    contact: str = ""

    def draw(self, c: Canvas, page: int, total: int) -> None:
        draw_runs(c, self.fonts, PAGE_W / 2, BOTTOM - 14 * mm, f"第 {page} 页 共 {total} 页", 12,
                  align="center")
        draw_runs(c, self.fonts, LEFT, 12 * mm, f"文书编号 {self.number}  校验码 {self.hash16}", 7.5)
        if self.contact:
            draw_runs(c, self.fonts, LEFT, 16 * mm, self._fitted(self.contact, TEXT_W - QR_SIZE - 4 * mm), 7.5)
        if not c.hasForm(QR_FORM):
            self._qr_form(c)
        c.saveState()
        c.translate(PAGE_W - RIGHT - QR_SIZE, 8 * mm)
        c.doForm(QR_FORM)
        c.restoreState()

    def _fitted(self, text: str, width: float) -> str:
        """``text`` cut (with …) to fit ``width`` at the footer's size."""
        text = strip_invisible(text)
        while text and self.fonts.width(text, 7.5) > width:
            text = text[:-2] + "…"
        return text

    def _qr_form(self, c: Canvas) -> None:
        """The QR code (number and hash) as one form XObject, drawn once, placed on
        every page: encoding it is the slowest part of a page."""
        qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        qr.addData(f"{self.number} {self.hash16}")
        # make() would try all eight masks for the "best" one: 8x the work for a
        # code that reads as well with mask 0 (any mask is valid, ISO/IEC 18004)
        qr.version = qr.calculate_version()
        qr.makeImpl(False, 0)
        n = qr.getModuleCount()
        box = QR_SIZE / (n + 2)  # one module of quiet zone around
        c.beginForm(QR_FORM, 0, 0, QR_SIZE, QR_SIZE)
        path = c.beginPath()
        for r, row in enumerate(qr.modules):
            col = 0
            for dark, run in itertools.groupby(bool(m) for m in row):
                count = len(list(run))
                if dark:
                    path.rect((col + 1) * box, QR_SIZE - (r + 2) * box, count * box, box)
                col += count
        c.setFillColorRGB(0, 0, 0)
        c.drawPath(path, stroke=0, fill=1)
        c.endForm()


class PagedCanvas(Canvas):
    """A canvas that holds its pages back until the end, so each footer can say
    how many pages there are."""

    def __init__(self, *args, footer: Footer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for n, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._footer.draw(self, n, total)
            Canvas.showPage(self)
        Canvas.save(self)
