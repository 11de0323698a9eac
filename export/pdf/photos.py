"""附件：现场照片 — photos pre-scaled to their print size, four to a page, each
with what makes it evidence: 拍摄时间, 拍摄地点, 拍摄人 and the finding it proves."""
from __future__ import annotations

import io
import os
import struct
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PIL import UnidentifiedImageError
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFError
from reportlab.pdfbase.pdfutils import readJPEGInfo
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from checklists.common.errors import DocumentError
from export.docmodel import FindingLine, PhotoRef, ReviewLine
from export.pdf.layout import TEXT_W, Styles
from storage.printsize import PRINT_BOX, PRINT_DPI, PrintPhoto, print_rendition

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

# Photos print at 72 x 60 mm at 170 dpi: the print rendition a photo gets when it
# is imported (storage/photos.py: print_rendition, PRINT_BOX, PRINT_DPI).
CELL_W = TEXT_W / 2                       # two columns
BOX_W, BOX_H = PRINT_BOX                  # each photo fits this box (72 x 60 mm)


@dataclass(frozen=True)
class Prepared:
    jpeg: bytes
    width: float   # points, as printed
    height: float

    @classmethod
    def of(cls, printed: PrintPhoto, box_w: float = BOX_W, box_h: float = BOX_H) -> Prepared:
        """A print rendition centred in the box: its size in points."""
        scale = min(box_w / printed.width, box_h / printed.height)
        return cls(printed.jpeg, printed.width * scale, printed.height * scale)


def prescale(jpeg: bytes, box_w: float = BOX_W, box_h: float = BOX_H, dpi: int = PRINT_DPI) -> Prepared:
    """Decode, apply EXIF orientation, scale to fit ``box_w`` x ``box_h`` points at
    ``dpi`` and re-encode, so a 12 MP original is not embedded full size (for a
    photo stored without its print rendition)."""
    try:
        printed = print_rendition(jpeg, box_w, box_h, dpi)
    except (UnidentifiedImageError, OSError) as exc:
        raise DocumentError("照片无法读取（{error}）", hint="请重新导入该照片", error=exc) from exc
    return Prepared.of(printed, box_w, box_h)


EVIDENCE_ITEM_CHARS = 24      # the item's question, shortened to this many characters
EVIDENCE_FINDING_CHARS = 40   # the finding's description
_BREAKS = "。；;，,、：:！？!?）)」』 "


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters: cut after the last
    punctuation mark of the second half when there is one, else at the limit,
    and marked with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    cut = max(head.rfind(c) for c in _BREAKS)
    if cut >= limit // 2:
        head = head[:cut + 1]
    return head.rstrip(_BREAKS) + "…"


def photo_time(value: datetime) -> str:
    """2026年12月2日 14:05."""
    return f"{value.year}年{value.month}月{value.day}日 {value.hour:02d}:{value.minute:02d}"


def photo_place(photo: PhotoRef) -> str:
    """GPS as latitude and longitude in degrees (5 decimals), else the site's address."""
    if photo.gps is not None:
        lat, lon = photo.gps
        return (f"{'北纬' if lat >= 0 else '南纬'}{abs(lat):.5f}°，"
                f"{'东经' if lon >= 0 else '西经'}{abs(lon):.5f}°")
    return photo.place or "未记录"


def proves(line, photo: PhotoRef) -> str:
    """The finding a photo proves: the item's question and the finding, shortened."""
    finding = shorten(line.description, EVIDENCE_FINDING_CHARS)
    item = shorten(photo.item, EVIDENCE_ITEM_CHARS) if photo.item else ""
    return f"{item}——{finding}" if item else finding


def _caption(st: Styles, n: int, line, photo: PhotoRef) -> list[Flowable]:
    parts = [f"图{n}  第{line.seq}项"]
    ref = photo.item_ref or line.item_ref
    if ref:
        parts.append(f"检查项 {ref}")
    if getattr(line, "equipment", ""):      # a per-equipment table's finding
        parts.append(line.equipment)
    text = "，".join(parts)
    if photo.caption:
        text += f"：{photo.caption}"
    fields = (("拍摄时间", photo_time(photo.taken_at) if photo.taken_at else "未记录"),
              ("拍摄地点", photo_place(photo)),
              ("拍摄人", photo.taken_by or "未记录"),
              ("证明问题", proves(line, photo)))
    return [st.p(text, st.caption), *(st.p(value, st.evidence, prefix=f"{label}：") for label, value in fields)]


def prescale_all(jpegs: list[bytes]) -> list[Prepared]:
    """:func:`prescale` on all cores (Pillow releases the GIL while it decodes)."""
    if len(jpegs) < 2:
        return [prescale(j) for j in jpegs]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(len(jpegs), os.cpu_count() or 1)) as pool:
        return list(pool.map(prescale, jpegs))


class PrintCache:
    """Print-size photos by the SHA-256 of their source (bounded, thread-safe).

    Stored photos never change, so a photo prepared once (for the record, or in
    advance while the inspector reviews the findings) is not decoded again for
    the order, a correction or the review."""

    def __init__(self, size: int = 160) -> None:
        self._items: OrderedDict[str, Prepared] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, photo: PhotoRef) -> Prepared:
        if not photo.sha256:
            return prescale(photo.jpeg)
        hit = self.held(photo)
        if hit:
            return hit
        prepared = prescale(photo.jpeg)
        self.put(photo.sha256, prepared)
        return prepared

    def held(self, photo: PhotoRef) -> Prepared | None:
        """The photo's print-size form when it is here (then nothing is decoded)."""
        if not photo.sha256:
            return None
        with self._lock:
            hit = self._items.get(photo.sha256)
            if hit:
                self._items.move_to_end(photo.sha256)
            return hit

    def put(self, sha256: str, prepared: Prepared) -> None:
        """Keep ``prepared`` as the print-size form of the photo ``sha256`` (its stored rendition)."""
        with self._lock:
            self._items[sha256] = prepared
            self._items.move_to_end(sha256)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


# One per process, like reportlab's font registry: the photos it holds are
# immutable and named by their hash, so sharing it cannot show stale pixels.
PRINT_CACHE = PrintCache()


class Ready:
    """A photo already in the print cache, as a Future that is done."""

    def __init__(self, prepared: Prepared) -> None:
        self._prepared = prepared

    def result(self) -> Prepared:
        return self._prepared


class PhotoPool:
    """Where the photos of a document are prepared: taken from the print cache at
    once (a document issued from a workspace finds every photo there, as its stored
    print rendition), else scaled on a thread pool started only for such a photo."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None

    def prepare(self, photo: PhotoRef) -> Future | Ready:
        held = PRINT_CACHE.held(photo)
        if held:
            return Ready(held)
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
        return self._pool.submit(PRINT_CACHE.get, photo)

    def __enter__(self) -> PhotoPool:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


class _JpegReader(ImageReader):
    """An ImageReader of a JPEG that reads nothing: reportlab embeds JPEG bytes as
    they are, reading their size from the JPEG header itself (``jpeg_fh``), but
    drawImage decodes every pixel just to name the image (``getRGBData``), and
    ImageReader would have Pillow identify the file (importing its JPEG reader)."""

    def __init__(self, jpeg: bytes) -> None:  # not ImageReader's: nothing to identify
        try:  # what reportlab will read: a broken photo is the user's error, not a grey box
            readJPEGInfo(io.BytesIO(jpeg))
        except (struct.error, PDFError) as exc:
            raise DocumentError("照片无法读取（{error}）", hint="请重新导入该照片", error=exc) from exc
        self._jpeg = jpeg
        self._dataA = None  # no alpha channel (getRGBData would have set this)

    def getRGBData(self) -> bytes:
        return self._jpeg

    def jpeg_fh(self) -> io.BytesIO:
        return io.BytesIO(self._jpeg)


class PhotoBox(Flowable):
    """A photo centred in its fixed BOX_W x BOX_H box.  Its pixels are prepared
    in the background (a Future) while the text pages are laid out, and are
    needed only when the annex page is drawn."""

    def __init__(self, prepared: Future | Ready) -> None:
        super().__init__()
        self.prepared = prepared
        self.width, self.height = BOX_W, BOX_H

    def wrap(self, avail_w, avail_h):
        return BOX_W, BOX_H

    def draw(self) -> None:
        prep = self.prepared.result()  # raises the DocumentError of a broken photo
        self.canv.drawImage(_JpegReader(prep.jpeg), (BOX_W - prep.width) / 2, (BOX_H - prep.height) / 2,
                            prep.width, prep.height)


def _cell(st: Styles, n: int, line, photo: PhotoRef, prepared: Future | Ready) -> list[Flowable]:
    return [PhotoBox(prepared), Spacer(0, 2 * mm), *_caption(st, n, line, photo)]


def photo_annex(st: Styles, lines: tuple[FindingLine | ReviewLine, ...], parent: str,
                number: str, pool: PhotoPool) -> list[Flowable]:
    """The annex story (starting on a new page), or nothing when there are no
    photos; photos not yet at print size are pre-scaled on ``pool`` meanwhile."""
    items = [(line, photo) for line in lines for photo in line.photos]
    if not items:
        return []
    prepared = [pool.prepare(photo) for _, photo in items]
    cells = [_cell(st, n, line, photo, prep) for n, ((line, photo), prep) in enumerate(zip(items, prepared), 1)]
    if len(cells) % 2:
        cells.append([])
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[CELL_W, CELL_W])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("FONTNAME", (0, 0), (-1, -1), st.fonts.body),  # the empty cell: no unembedded Helvetica
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6 * mm), ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, colors.grey),
    ]))
    return [PageBreak(), st.p("附件：现场照片", st.heading),
            st.p(f"所属文书：{parent} {number}　照片共{len(items)}张", st.caption), Spacer(0, 3 * mm), table]
