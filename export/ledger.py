"""The hazard ledger (隐患台账) as Excel (.xlsx, openpyxl) or CSV (UTF-8 with BOM).

One row per finding with Chinese headers; the xlsx adds a 汇总 sheet with the
totals and the figures by district, equipment type, inspector and month.
Control characters stored by older versions are dropped from every cell.
Files are written atomically (temporary file, fsync, rename).
"""
from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import astuple
from datetime import date
from pathlib import Path

from checklists.common.errors import InvalidInput
from checklists.common.progress import Progress, Steps
from storage.files import atomic_write
from storage.ledger import (
    BY_ZH,
    FindingQuery,
    LedgerLine,
    StatRow,
    ledger_rows,
    statistics,
    totals,
)
from storage.validate import strip_invisible
from storage.workspace import Workspace

HEADERS = ("隐患编号", "被检查单位", "统一社会信用代码", "所在区域", "设备类别", "设备注册代码",
           "检查日期", "执法人员", "检查表", "检查项", "隐患描述", "隐患等级", "依据", "整改措施",
           "整改方式", "整改期限", "状态", "状态日期", "是否逾期", "来源设备")
STAT_HEADERS = ("检查次数", "排查隐患", "重大隐患", "已整改", "已销号", "逾期未改", "销号率")
SUMMARY_GROUPS = ("district", "equipment_kind", "inspector", "month")
STEP_ROWS = 500         # progress is reported (and a cancel seen) every this many rows


def export_ledger(ws: Workspace, out: str | Path, *, query: FindingQuery = FindingQuery(),
                  today: date | None = None, progress: Progress | None = None) -> int:
    """Write the ledger to ``out`` (.xlsx or .csv by extension); returns the rows written.

    ``progress`` counts the rows twice (read, then written); a cancel leaves no file."""
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InvalidInput("--out", f"不支持的文件类型 {path.suffix or '（无扩展名）'}",
                           hint="请使用 .xlsx 或 .csv")
    step = Steps(progress, 2 * ws.count_findings(query), cancelled="导出已取消，未生成文件")
    lines = []
    for line in ledger_rows(ws, query, today=today):
        lines.append(line)
        if len(lines) % STEP_ROWS == 0:
            step.advance(STEP_ROWS)
    step.advance(len(lines) % STEP_ROWS)
    if suffix == ".csv":
        atomic_write(path, lambda fh: fh.write(_csv_bytes(lines, step)), doing="导出台账")
    else:
        book = _workbook(ws, lines, today, step)
        atomic_write(path, lambda fh: _save_xlsx(book, fh), doing="导出台账")
    return len(lines)


def _save_xlsx(book, fh) -> None:
    """``book.save(fh)``, with the zip closed by us even when the disk fills up
    (openpyxl leaves it open on an error, and its finaliser then prints a traceback)."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    try:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(book, archive).write_data()
    except BaseException:
        for sheet in book.worksheets:      # finish the write-only sheets' generators now,
            for gen in (getattr(sheet, "_rows", None), getattr(sheet, "_writer", None)):
                with contextlib.suppress(Exception):    # not in a finaliser that prints
                    if gen is not None:
                        gen.close()
        raise


def _cells(line: LedgerLine) -> list:
    values = list(astuple(line))
    values[HEADERS.index("是否逾期")] = "是" if line.overdue else "否"
    return _printable(values)


def _printable(values: list) -> list:
    """Cells without control characters: old workspaces or other programs may have
    stored some, and openpyxl refuses them (IllegalCharacterError)."""
    return [strip_invisible(v) if isinstance(v, str) else v for v in values]


def _csv_bytes(lines: list[LedgerLine], step: Steps) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for n, line in enumerate(lines, start=1):
        writer.writerow(_cells(line))
        if n % STEP_ROWS == 0:
            step.advance(STEP_ROWS)
    return text.getvalue().encode("utf-8-sig")


def _stat_cells(row: StatRow) -> list:
    return [strip_invisible(row.label), row.inspections, row.hazards, row.major, row.rectified, row.closed,
            row.overdue, round(row.closure_rate, 4)]


def _workbook(ws: Workspace, lines: list[LedgerLine], today: date | None, step: Steps):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("隐患台账")
    sheet.freeze_panes = "A2"
    sheet.append(HEADERS)
    for n, line in enumerate(lines, start=1):
        sheet.append(_cells(line))
        if n % STEP_ROWS == 0:
            step.advance(STEP_ROWS)
    summary = book.create_sheet("汇总")
    summary.append(["统计日期", (today or ws.today()).isoformat()])
    summary.append(["", *STAT_HEADERS])
    summary.append(_stat_cells(totals(ws, today=today)))
    for by in SUMMARY_GROUPS:
        summary.append([])
        summary.append([f"按{BY_ZH[by]}", *STAT_HEADERS])
        for row in statistics(ws, by=by, today=today):
            summary.append(_stat_cells(row))
    return book
