"""Page geometry (GB/T 9704-2012 as the house style), styles, the page footer and
the blocks every document shares: band and title, field rows, signatures, seal."""
from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from export.fonts import FontSet, draw_runs
from export.pdf import linebreak, qrencoder
from export.pdf.linebreak import break_lines
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
    """A Paragraph broken into lines by the Chinese rules of export/pdf/linebreak.py
    that remembers its line breaks for the width it was last wrapped to: tables
    wrap every cell several times (measure, split, draw) and CJK line breaking is
    most of a document's render time."""

    _wrapped_at: float | None = None

    def wrap(self, avail_w, avail_h):
        if avail_w != self._wrapped_at or not hasattr(self, "blPara"):  # split() may drop it
            self._size = super().wrap(avail_w, avail_h)
            self._wrapped_at = avail_w
        return self._size

    def breakLinesCJK(self, maxWidths):  # reportlab names it
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara  # the first part of a split keeps its lines
        if not self.frags:
            return super().breakLinesCJK(maxWidths)
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        self.height = 0
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return break_lines(self.frags, widths, auto not in ("", "off"))


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
    linebreak.install()

    def style(name, size, leading, **kw) -> ParagraphStyle:
        kw.setdefault("fontName", fonts.body)
        # allowWidows=0: a paragraph never leaves one line alone at the top of a page
        return ParagraphStyle(name, fontSize=size, leading=leading, wordWrap="CJK", allowWidows=0, **kw)

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
        heading=style("heading", BODY_SIZE, LEADING, fontName=fonts.bold, keepWithNext=1),
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
        style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), st.fonts.body),
                 ("LEFTPADDING", (0, 0), (-1, -1), 0),
                 ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                 ("TOPPADDING", (0, 0), (-1, -1), 5)]
        style += [("LINEBELOW", (i, 0), (i, 0), 0.6, colors.black) for i in range(1, len(widths), 2)]
        table.setStyle(TableStyle(style))
        out.append(table)
    return out


class Grid(Table):
    """A table that breaks between rows, and inside a row only at the top of a
    page (a row taller than a page).  reportlab's own order (between rows, then
    inside a row) let the rest of a split table split again in the space left
    under its first part, so the repeated header appeared in the middle of the
    page, above a row cut in two."""

    def split(self, availWidth, availHeight):
        if availHeight >= TEXT_H - 0.5:  # a whole page: a row that does not fit may be cut
            return super().split(availWidth, availHeight)
        self._calc(availWidth, availHeight)
        return self._splitRows(availHeight, doInRowSplit=0)


def grid(st: Styles, head: list[str], rows: list[list[Flowable]], widths_mm: list[float]) -> Table:
    """A ruled table whose header row repeats at the top of every page it spills onto."""
    data = [[st.p(h, st.cell_head) for h in head], *rows]
    table = Grid(data, colWidths=[w * mm for w in widths_mm], repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("FONTNAME", (0, 0), (-1, -1), st.fonts.body),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table


SIGN_LINE_MIN = 40 * mm  # room for a handwritten name
SIGN_ROW_H = 10 * mm
SIGN_INK_H = 7 * mm       # a signature captured on screen, above the rule
SEAL_MARK = "（印章）"
MAX_EMPTY = 0.4  # no page but the last may end with more of its text block empty


def signatures(st: Styles, rows: list[tuple]) -> list[Table]:
    """Signature lines: (label, right-hand text such as 证号：…) per row, or (label,
    right, SignedMark) where the signature was captured on screen (drawn on the
    line, export/pdf/signature.py); the blank for the handwritten name is a rule at
    least SIGN_LINE_MIN long.  Rows with a right-hand text (the inspectors) and rows
    without (the unit) are separate tables, so a long label
    (被检查单位现场负责人（签名）：) does not shorten the other lines."""
    groups = itertools.groupby(rows, key=lambda row: bool(row[1]))
    return [_sign_table(st, list(group), right) for right, group in groups]


def _sign_table(st: Styles, rows: list[tuple], with_right: bool) -> Table:
    from export.pdf.signature import InkMark  # it draws with this module's fonts

    right_w = max(st.fonts.width(row[1], TABLE_SIZE) for row in rows) + 12 if with_right else 0
    label_w = max(st.fonts.width(row[0], TABLE_SIZE) for row in rows) + 4
    label_w = min(label_w, TEXT_W - right_w - SIGN_LINE_MIN)  # a longer label wraps
    line_w = TEXT_W - label_w - right_w if with_right else max(SIGN_LINE_MIN, min(60 * mm, TEXT_W - label_w))
    if any(len(row) > 2 for row in rows):          # room for the strokes and the time
        line_w = max(line_w, min(80 * mm, TEXT_W - label_w - right_w - 40))
    data = [[st.p(row[0], st.label), InkMark(st.fonts, row[2], line_w, SIGN_INK_H) if len(row) > 2 else "",
             st.p(row[1], st.label)] for row in rows]
    table = Table(data, colWidths=[label_w, line_w, TEXT_W - label_w - line_w],
                  rowHeights=[SIGN_ROW_H] * len(rows), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("FONTNAME", (0, 0), (-1, -1), st.fonts.body),
        ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (2, 0), (2, -1), 12), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


class SealBlock(Flowable):
    """落款: the department name and the date at the right, the name followed by
    （印章） where the seal is stamped, or with the department's seal image drawn
    over name and date (GB/T 9704: the seal presses on name and date)."""

    def __init__(self, fonts: FontSet, department: str, when: date, seal_png: bytes | None,
                 with_name: bool = True) -> None:
        super().__init__()
        self.fonts, self.when, self.seal = fonts, when, seal_png
        self.department = strip_invisible(department)
        self.with_name = with_name
        height = (34 if seal_png else 24) if with_name else 12
        self.width, self.height = TEXT_W, height * mm

    def wrap(self, avail_w, avail_h):
        return self.width, self.height

    def draw(self) -> None:
        c, right = self.canv, self.width - 4 * mm
        date_text = cn_date(self.when)
        name = self.department + ("" if self.seal else SEAL_MARK) if self.with_name else ""
        block_w = max(self.fonts.width(name, BODY_SIZE), self.fonts.width(date_text, BODY_SIZE))
        centre = right - block_w / 2
        base = 4 * mm if not self.seal else 10 * mm
        if name:
            draw_runs(c, self.fonts, centre, base + 9 * mm, name, BODY_SIZE, align="center")
        draw_runs(c, self.fonts, centre, base, date_text, BODY_SIZE, align="center")
        if self.seal:
            size = 38 * mm  # the usual 38-42 mm round seal, over the name and date
            c.drawImage(ImageReader(io.BytesIO(self.seal)), centre - size / 2, -2 * mm, size, size,
                        mask="auto", preserveAspectRatio=True)


class KeepTail(KeepTogether):
    """The last paragraph of the text (``lead``) and what must stand on the same
    page as its end (signatures, seal block).  Kept together when they fit; else
    the paragraph is split so that its last two lines go over with the block —
    or its last line only, where two would leave more than MAX_EMPTY of the page
    empty.  A lead too short to split moves over whole with the block."""

    def __init__(self, lead: Flowable, block: list[Flowable]) -> None:
        super().__init__([lead, *block])
        self.lead, self.block = lead, block

    def split(self, avail_w, avail_h):
        if getattr(self, "_wrapInfo", None) != (avail_w, avail_h):
            self.wrap(avail_w, avail_h)
        if avail_h >= self._H:
            return list(self._content)
        return self._split_lead(avail_w, avail_h) or super().split(avail_w, avail_h)

    def _split_lead(self, width: float, height: float) -> list[Flowable]:
        lead = self.lead
        if not isinstance(lead, Paragraph) or not hasattr(lead, "blPara"):
            return []
        lines, step = len(lead.blPara.lines), lead.style.leading
        room = int((height - lead.getSpaceBefore()) / step + 1e-6)
        tail = 2 if height - (lines - 2) * step <= MAX_EMPTY * TEXT_H else 1
        head = min(room, lines - tail)
        if head < 2:  # no orphan line at the foot of the page
            return []
        lead.allowWidows = 1  # the split point is chosen here
        parts = lead.split(width, head * step + 1e-3)
        if len(parts) != 2:
            return []
        return [parts[0], KeepTogether([parts[1], *self.block])]


@dataclass(frozen=True)
class PlainFooter:
    """The footer of a print-out that is not an enforcement document (the enterprise
    file, a report, a draw record): page N of M, and one line of small print."""

    fonts: FontSet
    line: str

    def draw(self, c: Canvas, page: int, total: int) -> None:
        draw_runs(c, self.fonts, PAGE_W / 2, BOTTOM - 14 * mm, f"第 {page} 页 共 {total} 页", 12,
                  align="center")
        draw_runs(c, self.fonts, LEFT, 12 * mm, self.line, 7.5)


@dataclass(frozen=True)
class Footer:
    """What every page carries at the bottom: 第 N 页 共 M 页, the issuing department's
    address and phone (``contact``), and the number with the first 16 hex digits of
    the content hash as text; the QR code holds the signed statement (``qr``,
    export/signing.py) or, unsigned (a preview), the number and the hash."""

    fonts: FontSet
    number: str
    hash16: str
    contact: str = ""
    qr: str = ""

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
        """The QR code (the statement, or number and hash) as one form XObject, drawn
        once, placed on every page: encoding it is the slowest part of a page."""
        qr = qr_code(self.qr or f"{self.number} {self.hash16}")
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


def qr_code(text: str):
    """``text`` as a QR code at level M (15 % of it may be lost); the statement's
    Base45 text is all in the compact alphanumeric mode.  (reportlab's encoder module
    is loaded on its own, without the barcode package: ``export.pdf.qrencoder``.)"""
    encoder = qrencoder()
    qr = encoder.QRCode(None, encoder.QRErrorCorrectLevel.M)
    qr.addData(text)
    # make() would try all eight masks for the "best" one: 8x the work for a
    # code that reads as well with mask 0 (any mask is valid, ISO/IEC 18004)
    qr.version = qr.calculate_version()
    qr.makeImpl(False, 0)
    return qr


class _Info(PDFInfo):
    """The document information dictionary with SiteCheck's own entries added."""

    def __init__(self, extra: dict[str, str]) -> None:
        super().__init__()
        self.extra = extra

    def format(self, document) -> bytes:
        entries = {"Title": PDFString(self.title), "Author": PDFString(self.author),
                   "Producer": PDFString(self.producer), "Creator": PDFString(self.creator),
                   "Subject": PDFString(self.subject), "Keywords": PDFString(self.keywords),
                   "Trapped": PDFName(self.trapped)}
        entries["ModDate"] = entries["CreationDate"] = PDFDate(ts=document._timeStamp,
                                                               dateFormatter=self._dateFormatter)
        entries.update({k.lstrip("/"): PDFString(v) for k, v in self.extra.items()})
        return PDFDictionary(entries).format(document)


class PagedCanvas(Canvas):
    """A canvas that holds its pages back until the end, so each footer can say
    how many pages there are; ``info`` adds entries to the PDF's Info dictionary."""

    def __init__(self, *args, footer: Footer, info: dict[str, str] | None = None, **kwargs) -> None:
        # reportlab starts every page in Helvetica, which it declares but never
        # embeds: start in the embedded body font, so every font is embedded
        kwargs["initialFontName"] = kwargs.get("initialFontName") or footer.fonts.body
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict] = []
        if info:
            extended = _Info(dict(info))
            extended.__dict__.update(self._doc.info.__dict__)
            self._doc.info = extended

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
