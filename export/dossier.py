"""The enterprise file (一企一档) as a printable PDF dossier.

``render_dossier`` lays out ``Workspace.enterprise_file`` (storage/dossier.py); the
band names the department of the settings (应急管理 first, else 市场监管; none when
neither is set: nothing is made up).
"""
from __future__ import annotations

import io
from datetime import date
from functools import partial
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from checklists.common.progress import Progress
from export.fonts import FontSet, load_fonts
from export.pdf.dossier import dossier_story
from export.pdf.layout import BOTTOM, LEFT, TEXT_H, TEXT_W, PagedCanvas, PlainFooter, cn_date, make_styles
from storage.files import atomic_write
from storage.setting_store import DEPARTMENT_SETTINGS
from storage.workspace import Workspace


def department_name(ws: Workspace) -> str:
    for key in DEPARTMENT_SETTINGS.values():
        name = (ws.setting(key) or {}).get("name")
        if name:
            return name
    return ""


def render_dossier(ws: Workspace, enterprise_id: str, *, today: date | None = None,
                   fonts: FontSet | None = None) -> bytes:
    """The PDF dossier of one enterprise as of ``today``."""
    found = ws.enterprise_file(enterprise_id, today)
    rl_config.useA85 = 0
    fonts = fonts or load_fonts()
    st = make_styles(fonts)
    out = io.BytesIO()
    template = BaseDocTemplate(
        out, pagesize=A4, leftMargin=LEFT, rightMargin=0, topMargin=0, bottomMargin=BOTTOM,
        title=f"企业安全监管档案 {found.enterprise.name}", author=department_name(ws) or "SiteCheck",
        creator="SiteCheck 现场检查", producer="SiteCheck (reportlab)", invariant=1, pageCompression=1)
    frame = Frame(LEFT, BOTTOM, TEXT_W, TEXT_H, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="text")
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    footer = PlainFooter(fonts, f"{found.enterprise.name} 企业档案 · 打印于 {cn_date(found.today)}")
    template.build(dossier_story(st, found, department_name(ws)),
                   canvasmaker=partial(PagedCanvas, footer=footer))
    return out.getvalue()


def write_dossier(ws: Workspace, enterprise_id: str, out: str | Path, *,
                  progress: Progress | None = None) -> Path:
    if progress:
        progress.report(0, 0, Path(out).name)
    pdf = render_dossier(ws, enterprise_id)
    atomic_write(out, lambda fh: fh.write(pdf), doing="写入企业档案")
    return Path(out)
