"""A period's report (storage/reports.py) as an .xlsx workbook (one sheet per table,
Chinese headers) and as a PDF with charts (layout export/pdf/reports.py).

Both outputs print the same ``Sheet`` tables, so the workbook and the PDF never
disagree.  Figures a workspace cannot give (挂牌督办 where it has no such records)
print as "—", never as 0.  Files are written atomically.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from checklists.common.progress import Progress, Steps
from checklists.common.vocabulary import DocumentKind, Family, InspectionMode
from storage.files import atomic_write
from storage.reports import LEVELS, Report
from storage.validate import strip_invisible
from storage.workspace import Workspace

NONE = "—"       # a figure this workspace cannot give
LEVEL_ZH = {"general": "一般隐患", "major": "重大事故隐患（应急管理）", "serious": "严重事故隐患（特种设备）"}
Cell = int | float | str | Decimal | None


@dataclass(frozen=True)
class Sheet:
    name: str                    # the sheet's name (at most 31 characters)
    headers: list[str]
    rows: list[list[Cell]]
    formats: tuple[str, ...] = ()    # per column: "" | "percent" | "yuan"


def cn_period(start: date, end: date) -> str:
    return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"


def area_text(report: Report) -> str:
    where = report.scope.district or "全部区域"
    fam = report.scope.family
    return where + ("" if fam is None else f"，{Family(fam).label_zh}")


def yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def rate(value: float | None) -> Cell:
    return NONE if value is None else round(value, 4)


def sheets(report: Report) -> list[Sheet]:
    """Every table of the report, in the order the PDF prints them."""
    return [_overview(report), _modes(report), _hazards(report), _months(report), _supervision(report),
            _documents(report), _measures(report), _seizures(report), _penalties(report)]


def _overview(r: Report) -> Sheet:
    h = r.total_hazards
    sup = r.supervision
    rows: list[list[Cell]] = [
        ["统计期间", cn_period(r.scope.start, r.scope.end)], ["统计范围", area_text(r)],
        ["逾期判断日", r.today.isoformat()],
        ["检查企业（家）", r.enterprises], ["检查（次）", r.total_inspections],
        ["其中四不两直（次）", r.inspections[InspectionMode.UNANNOUNCED]],
        ["排查隐患（项）", h.found], ["其中重大/严重事故隐患（项）", h.found - r.hazards["general"].found],
        ["本期销号（项）", h.closed], ["本期排查隐患销号率", rate(h.closure_rate)],
        ["逾期未整改（项）", h.overdue],
        ["挂牌督办（项）", sup[0]], ["摘牌（项）", sup[1]],
        ["执法文书（份）", sum(r.documents.values())],
        ["查封（扣押）决定（份）", r.documents[DocumentKind.SEIZURE]],
        ["立案（件）", r.filed], ["作出行政处罚决定（件）", r.decided], ["罚没金额（元）", yuan(r.amount_fen)]]
    return Sheet("概况", ["项目", "数值"], rows)


def _modes(r: Report) -> Sheet:
    rows: list[list[Cell]] = [[m.label_zh, n] for m, n in r.inspections.items()]
    rows.append(["合计", r.total_inspections])
    return Sheet("检查方式", ["检查方式", "检查（次）"], rows)


def _hazards(r: Report) -> Sheet:
    rows: list[list[Cell]] = []
    for name, h in [*((LEVEL_ZH[lv], r.hazards[lv]) for lv in LEVELS), ("合计", r.total_hazards)]:
        rows.append([name, h.found, h.closed, h.closed_of_found, rate(h.closure_rate), h.overdue])
    return Sheet("隐患排查治理", ["隐患级别", "排查隐患（项）", "本期销号（项）", "本期排查且期末前销号（项）",
                                 "销号率", "逾期未整改（项）"], rows, ("", "", "", "", "percent", ""))


def _months(r: Report) -> Sheet:
    return Sheet("按月隐患", ["月份", "排查隐患（项）", "销号（项）"], [[m, f, c] for m, f, c in r.months])


def _supervision(r: Report) -> Sheet:
    sup = r.supervision
    rows: list[list[Cell]] = [["挂牌督办", sup[0]],
                              ["摘牌", sup[1]]]
    return Sheet("挂牌督办", ["项目", "数量（项）"], rows)


def _documents(r: Report) -> Sheet:
    rows: list[list[Cell]] = [[k.label_zh, n] for k, n in r.documents.items()]
    rows.append(["合计", sum(r.documents.values())])
    return Sheet("执法文书", ["文书种类", "出具（份）"], rows)


def _measures(r: Report) -> Sheet:
    rows: list[list[Cell]] = [[m.label_zh, n] for m, n in r.measures.items()]
    rows.append(["现场处理措施决定书（份）", r.documents[DocumentKind.MEASURE]])
    return Sheet("现场处理措施", ["措施", "隐患（项）"], rows)


def _seizures(r: Report) -> Sheet:
    rows: list[list[Cell]] = [["查封（扣押）决定书（份）", r.documents[DocumentKind.SEIZURE]],
                              ["查封（扣押）的场所、设施或财物（项）", r.seized_items],
                              ["解除查封（扣押）决定书（份）", r.documents[DocumentKind.RELEASE]]]
    return Sheet("查封扣押", ["项目", "数量"], rows)


def _penalties(r: Report) -> Sheet:
    rows: list[list[Cell]] = [["立案（件）", r.filed], ["作出行政处罚决定（件）", r.decided],
                              ["罚没金额（元）", yuan(r.amount_fen)]]
    rows += [[f"其中{k.label_zh}（件）", n] for k, n in r.penalty_kinds.items()]
    return Sheet("立案与处罚", ["项目", "数量"], rows)


# ----- the workbook ------------------------------------------------------------------------
def write_xlsx(report: Report, out: str | Path) -> Path:
    """The workbook, one sheet per table, written atomically."""
    path = Path(out)
    atomic_write(path, partial(_write_book, sheets(report)), doing="导出报表")
    return path


def _write_book(tables: list[Sheet], fh: BinaryIO) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(fh, {"strings_to_numbers": False, "strings_to_formulas": False,
                                    "strings_to_urls": False})
    head = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1, "text_wrap": True})
    styles = {"percent": book.add_format({"num_format": "0.0%"}),
              "yuan": book.add_format({"num_format": "#,##0.00"})}
    for table in tables:
        sheet = book.add_worksheet(table.name)
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, len(table.headers), 16)
        sheet.write_row(0, 0, table.headers, head)
        for n, row in enumerate(table.rows, 1):
            for c, value in enumerate(row):
                _write_cell(sheet, n, c, value, styles, table.formats[c] if c < len(table.formats) else "")
    book.close()


def _write_cell(sheet, row: int, col: int, value: Cell, styles: dict, fmt: str) -> None:
    if isinstance(value, Decimal):
        sheet.write_number(row, col, float(value), styles["yuan"])
    elif isinstance(value, float):
        sheet.write_number(row, col, value, styles.get(fmt or "percent"))
    elif isinstance(value, int):
        sheet.write_number(row, col, value)
    elif value:
        sheet.write_string(row, col, strip_invisible(value))


# ----- the PDF ---------------------------------------------------------------------------
def render_pdf(ws: Workspace | None, report: Report, *, fonts: Any = None) -> bytes:
    """The report as a PDF: the tables of ``sheets`` and two charts; the department
    named in ``ws``'s settings heads it (none without a workspace)."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    from export.fonts import load_fonts
    from export.pdf.layout import BOTTOM, LEFT, TEXT_H, TEXT_W, PagedCanvas, PlainFooter, cn_date, make_styles
    from export.pdf.reports import report_story

    rl_config.useA85 = 0
    department = _department(ws)
    fonts = fonts or load_fonts()
    st = make_styles(fonts)
    out = io.BytesIO()
    template = BaseDocTemplate(
        out, pagesize=A4, leftMargin=LEFT, rightMargin=0, topMargin=0, bottomMargin=BOTTOM,
        title=f"安全监管执法统计报表 {cn_period(report.scope.start, report.scope.end)}",
        author=department or "SiteCheck", creator="SiteCheck 现场检查",
        producer="SiteCheck (reportlab)", invariant=1, pageCompression=1)
    frame = Frame(LEFT, BOTTOM, TEXT_W, TEXT_H, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="text")
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    period = cn_period(report.scope.start, report.scope.end)
    footer = PlainFooter(fonts, f"统计报表 {period} · 生成于 {cn_date(report.today)}")
    template.build(report_story(st, report, sheets(report), department),
                   canvasmaker=partial(PagedCanvas, footer=footer))
    return out.getvalue()


def _department(ws: Workspace | None) -> str:
    from export.dossier import department_name

    return department_name(ws) if ws is not None else ""


def write_report(ws: Workspace | None, report: Report, *, xlsx: str | Path | None = None,
                 pdf: str | Path | None = None, progress: Progress | None = None) -> list[Path]:
    """Write the files asked for; returns their paths.  ``ws``: the workspace whose
    settings name the department (the report itself may come from elsewhere: a
    PostgreSQL headquarters)."""
    jobs: list[tuple[Path, Callable[[], None]]] = []
    if xlsx:
        jobs.append((Path(xlsx), lambda: write_xlsx(report, xlsx)))
    if pdf:
        jobs.append((Path(pdf), lambda: _write_pdf(ws, report, Path(pdf))))
    step = Steps(progress, len(jobs), cancelled="已取消导出报表，未写入其余文件")
    for path, job in jobs:
        step.check()
        if progress:
            progress.report(step.done, len(jobs), path.name)
        job()
        step.advance()
    return [p for p, _ in jobs]


def _write_pdf(ws: Workspace | None, report: Report, path: Path) -> None:
    data = render_pdf(ws, report)
    atomic_write(path, lambda fh: fh.write(data), doing="导出报表")

