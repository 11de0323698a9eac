"""A 双随机 draw as published (一公开): the record file (canonical JSON, exactly the
bytes stored at the draw) and its PDF, and the check of a published record.

``write_draw`` writes both for a drawn plan; ``verify_file`` recomputes a record
from the inputs it states (``storage.draw.verify``) and lists where it differs.
"""
from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from checklists.common.errors import InvalidInput
from checklists.common.messages import Msg
from export.fonts import FontSet, load_fonts
from export.pdf.draw import draw_story
from export.pdf.layout import BOTTOM, LEFT, TEXT_H, TEXT_W, PagedCanvas, PlainFooter, make_styles
from storage import draw
from storage.files import atomic_write
from storage.workspace import Workspace

MAX_RECORD = 64 << 20       # a record file larger than this is not read


def render_pdf(record_bytes: bytes, fonts: FontSet | None = None) -> bytes:
    """The publication PDF of a record file's bytes (its SHA-256 printed on every page)."""
    record = json.loads(record_bytes)
    rl_config.useA85 = 0
    fonts = fonts or load_fonts()
    st = make_styles(fonts)
    out = io.BytesIO()
    template = BaseDocTemplate(
        out, pagesize=A4, leftMargin=LEFT, rightMargin=0, topMargin=0, bottomMargin=BOTTOM,
        title=f"双随机抽查结果公示 {record['plan']['title']}", author=record["publisher"]["department"],
        creator="SiteCheck 现场检查", producer="SiteCheck (reportlab)", invariant=1, pageCompression=1)
    frame = Frame(LEFT, BOTTOM, TEXT_W, TEXT_H, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="text")
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    footer = PlainFooter(fonts, f"抽取记录文件 SHA-256：{hashlib.sha256(record_bytes).hexdigest()}")
    template.build(draw_story(st, record), canvasmaker=partial(PagedCanvas, footer=footer))
    return out.getvalue()


def record_of(ws: Workspace, plan_id: str) -> bytes:
    """The stored record file of a drawn plan."""
    row = ws.plan_draw(plan_id)
    if row is None:
        raise InvalidInput("抽取记录", "该计划尚未抽取", hint="请先进行双随机抽取")
    return row["record"].encode("utf-8")


def write_draw(ws: Workspace, plan_id: str, json_out: str | Path | None,
               pdf_out: str | Path | None = None) -> bytes:
    """Write a drawn plan's record file and/or its PDF; returns the record bytes."""
    data = record_of(ws, plan_id)
    if json_out:
        atomic_write(json_out, lambda fh: fh.write(data), doing="写入抽取记录")
    if pdf_out:
        pdf = render_pdf(data)
        atomic_write(pdf_out, lambda fh: fh.write(pdf), doing="写入抽取公示")
    return data


def read_record(path: str | Path) -> dict[str, Any]:
    """A record file as JSON (too large, unreadable or not JSON: refused)."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_RECORD:
            raise InvalidInput("抽取记录", "文件过大，不是抽取记录", hint="请选择 SiteCheck 导出的 .json 抽取记录")
        value = json.loads(file.read_bytes())
    except OSError as err:
        raise InvalidInput("抽取记录", "无法读取文件 {path}：{reason}", hint="请检查文件名和位置",
                           path=str(file), reason=err.strerror or str(err)) from None
    except (ValueError, RecursionError):
        raise InvalidInput("抽取记录", "文件不是有效的 JSON", hint="请选择 SiteCheck 导出的 .json 抽取记录") from None
    if not isinstance(value, dict):
        raise InvalidInput("抽取记录", "不是 SiteCheck 的双随机抽取记录，或其格式不完整",
                           hint="请用 SiteCheck 导出的 .json 抽取记录")
    return value


def verify_file(path: str | Path) -> list[Msg]:
    """Where a published record differs from its recomputation (empty: it matches)."""
    return draw.verify(read_record(path))


def summary(record: Mapping[str, Any]) -> Msg:
    return Msg("计划「{title}」，{count} 项任务，种子 {seed}", title=record["plan"]["title"],
               count=len(record["tasks"]), seed=record["seed"][:16])
