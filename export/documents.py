"""Render SiteCheck's enforcement documents to PDF from plain data (export.docmodel).

``render(doc)`` returns the PDF bytes of a 现场检查记录, 指令书, 整改复查意见书 or
photo annex; the same data always gives the same bytes.  Fonts are registered
once per process (``load_fonts``); pass a FontSet to skip even that lookup.
"""
from __future__ import annotations

# first: export/pdf/__init__.py imports reportlab's paragraph module its own way
import export.pdf  # noqa: F401

# isort: split

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from checklists.common.errors import DocumentError
from export.docmodel import OrderDoc, PhotoAnnex, RecordDoc, ReviewDoc, content_hash, other_kinds, title_of, validate
from export.fonts import FontSet, load_fonts
from export.pdf.kinds import order_story, record_story, review_story
from export.pdf.layout import BOTTOM, LEFT, TEXT_H, TEXT_W, Footer, PagedCanvas, header, make_styles
from export.pdf.photos import PhotoPool, photo_annex

if TYPE_CHECKING:
    from export.docmodel import Document

__all__ = ["DocumentError", "content_hash", "render", "render_hashed"]

AUTHOR_FALLBACK = "SiteCheck"


def _story(st, doc: Document, pool: PhotoPool) -> list:
    if isinstance(doc, RecordDoc):
        story = record_story(st, doc)
        lines = doc.findings if doc.include_photos else ()
    elif isinstance(doc, OrderDoc):
        story = order_story(st, doc)
        lines = doc.findings if doc.include_photos else ()
    elif isinstance(doc, ReviewDoc):
        story = review_story(st, doc)
        lines = doc.lines if doc.include_photos else ()
    elif isinstance(doc, PhotoAnnex):
        annex = photo_annex(st, doc.findings, doc.parent_title or "现场检查", doc.number, pool)
        if not annex:
            raise DocumentError("照片附件中没有照片，无法出具", hint="请先为问题项添加现场照片")
        return header(st, doc.family, "现场照片", doc.number, doc.department.name) + annex[2:]
    else:
        return _other_story(st, doc, pool)
    return story + photo_annex(st, lines, title_of(doc), doc.number, pool)


def _other_story(st, doc: Document, pool: PhotoPool) -> list:
    """The story of a document of export/docmodel_other.py's kinds (their layout
    modules are imported with them: an order's process needs neither)."""
    other = other_kinds()
    if other and isinstance(doc, (other.MeasureDoc, other.SeizureDoc, other.ReleaseDoc)):
        from export.pdf.decisions import measure_story, release_story, seizure_story

        make = {other.MeasureDoc: measure_story, other.SeizureDoc: seizure_story, other.ReleaseDoc: release_story}
        story = make[type(doc)](st, doc)
        lines = (getattr(doc, "lines", ()) or getattr(doc, "findings", ())) if getattr(doc, "include_photos", 0) else ()
        return story + photo_annex(st, lines, title_of(doc), doc.number, pool)
    if other and isinstance(doc, other.ServiceDoc):
        from export.pdf.service import service_story

        return service_story(st, doc)
    if other and isinstance(doc, other.InterviewDoc):
        from export.pdf.interview import interview_story

        return interview_story(st, doc)
    if other and isinstance(doc, other.SupervisionDoc):
        from export.pdf.supervision import supervision_story

        return supervision_story(st, doc)
    raise DocumentError("不支持的文书类型：{kind}", kind=type(doc).__name__)


def _page_template(doc: Document, fonts: FontSet) -> PageTemplate | None:
    """The 询问笔录's own page (a signature block on each); None for every other kind."""
    other = other_kinds()
    if other and isinstance(doc, other.InterviewDoc):
        from export.pdf.interview import signed_page_template

        return signed_page_template(fonts)
    return None


def render(doc: Document, fonts: FontSet | None = None) -> bytes:
    """The PDF of ``doc``.  Raises DocumentError (naming the field) when the data
    cannot make a valid document."""
    return render_hashed(doc, fonts)[0]


@dataclass(frozen=True)
class Seal:
    """What signing adds to a PDF: the QR code's text and Info entries (export/signing.py)."""

    qr: str
    info: dict[str, str] = field(default_factory=dict)


def render_hashed(doc: Document, fonts: FontSet | None = None,
                  seal: Callable[[str], Seal] | None = None) -> tuple[bytes, str]:
    """The PDF of ``doc`` and its :func:`content_hash` (computed once: hashing
    the photos is not free).  ``seal(content_hash)``, when given, signs: its QR
    text replaces the unsigned one and its entries join the PDF's Info."""
    validate(doc)
    rl_config.useA85 = 0  # binary streams: smaller files, same bytes every time
    fonts = fonts or load_fonts()
    st = make_styles(fonts)
    digest = content_hash(doc)
    out = io.BytesIO()
    template = BaseDocTemplate(
        out, pagesize=A4,
        leftMargin=LEFT, rightMargin=0, topMargin=0, bottomMargin=BOTTOM,
        title=f"{title_of(doc)} {doc.number}", author=doc.department.name or AUTHOR_FALLBACK,
        subject=doc.number, creator="SiteCheck 现场检查", producer="SiteCheck (reportlab)",
        invariant=1, pageCompression=1,
    )
    frame = Frame(LEFT, BOTTOM, TEXT_W, TEXT_H, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="text")
    page = _page_template(doc, fonts) or PageTemplate(id="page", frames=[frame])
    template.addPageTemplates([page])
    sealed = seal(digest) if seal else Seal("")
    footer = Footer(fonts, doc.number, digest[:16], doc.department.contact, qr=sealed.qr)
    # photos not yet at print size are pre-scaled on other cores while this thread lays out the text
    with PhotoPool() as pool:
        try:
            template.build(_story(st, doc, pool), canvasmaker=partial(PagedCanvas, footer=footer, info=sealed.info))
        except LayoutError as exc:  # reportlab's text (kept as the cause) names its own objects
            raise DocumentError("文书中有一项内容超过一整页，无法排版",
                                hint="请缩短过长的单项内容（如单位名称、地址、问题描述）后重试") from exc
    return out.getvalue(), digest
