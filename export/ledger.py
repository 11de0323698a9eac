"""The hazard ledger (隐患台账) as Excel (.xlsx, XlsxWriter) or CSV (UTF-8 with BOM).

One row per finding with Chinese headers; the xlsx adds a 汇总 sheet with the
totals and the figures by district, equipment type, inspector and month.
Control characters stored by older versions are dropped from every cell.

Both formats stream: rows go from the SQLite cursor to the file one at a time
(XlsxWriter in constant-memory mode keeps one row in memory), so a ledger of a
million findings is written in bounded memory.  Files are written atomically
(temporary file, fsync, rename); a cancelled or failed export leaves no file.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import date
from operator import attrgetter
from pathlib import Path
from typing import Any, BinaryIO

from checklists.common.errors import InvalidInput
from checklists.common.messages import Msg
from checklists.common.progress import Progress, Steps
from storage.files import atomic_write
from storage.hq import as_hq
from storage.ledger import (
    BY_ZH,
    FindingQuery,
    LedgerLine,
    StatRow,
)
from storage.validate import strip_invisible
from storage.workspace import Workspace

HEADERS = ("隐患编号", "被检查单位", "统一社会信用代码", "所在区域", "设备类别", "设备注册代码",
           "检查日期", "执法人员", "检查表", "检查项", "隐患描述", "隐患等级", "依据", "整改措施",
           "整改方式", "整改期限", "状态", "状态日期", "是否逾期", "来源设备")
STAT_HEADERS = ("检查次数", "排查隐患", "重大隐患", "已整改", "已销号", "逾期未改", "销号率")
SUMMARY_GROUPS = ("district", "equipment_kind", "inspector", "month")
# Column widths of the ledger sheet, in characters (a Chinese character counts about 2).
WIDTHS = (38, 30, 20, 10, 10, 22, 11, 16, 24, 10, 48, 9, 40, 30, 9, 11, 11, 11, 8, 16)
XLSX_MAX_ROWS = 1_048_576          # Excel's limit per sheet, the heading row included
REPORT_EVERY = 2000                # rows between progress reports (and cancel checks)

_VALUES = attrgetter(*(f.name for f in fields(LedgerLine)))
_OVERDUE = [f.name for f in fields(LedgerLine)].index("overdue")


def export_ledger(ws: Workspace | Any, out: str | Path, *, query: FindingQuery = FindingQuery(),
                  today: date | None = None, progress: Progress | None = None) -> int:
    """Write the ledger to ``out`` (.xlsx or .csv by extension); returns the rows written.

    ``progress`` hears every few thousand rows and may cancel (``Cancelled``): the
    partial file is removed and nothing is left behind."""
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InvalidInput("--out", "不支持的文件类型 {suffix}", hint="请使用 .xlsx 或 .csv",
                           suffix=path.suffix or Msg("（无扩展名）"))
    ws = as_hq(ws)          # a workspace, or a headquarters of either engine
    total = ws.count_findings(query)
    if suffix == ".xlsx" and total >= XLSX_MAX_ROWS:
        raise InvalidInput("--out", "台账有 {total} 行，超过 Excel 每张工作表 {limit} 行的上限",
                           hint="请导出为 .csv，或按地区、日期等条件筛选后分批导出",
                           total=f"{total:,}", limit=f"{XLSX_MAX_ROWS - 1:,}")
    written = [0]
    step = Steps(progress, total, cancelled="导出已取消，未生成文件")

    def lines() -> Iterator[list]:
        for n, line in enumerate(ws.ledger_rows(query, today=today), 1):
            if n % REPORT_EVERY == 0:
                step.advance(REPORT_EVERY)
            written[0] = n
            yield _cells(line)

    def write(fh: BinaryIO) -> None:
        if suffix == ".csv":
            _write_csv(fh, lines())
        else:
            _write_xlsx(fh, lines(), summary)
        step.check()            # a cancel while the file was being finished (the zip) still counts

    summary = _summary(ws, today) if suffix == ".xlsx" else []
    atomic_write(path, write, doing="导出台账")
    step.progress.report(written[0], total, "")
    return written[0]


def _cells(line: LedgerLine) -> list:
    """A ledger row's cells: 是/否 for overdue, no control characters (old workspaces or
    other programs may have stored some; a spreadsheet program refuses them)."""
    values = list(_VALUES(line))
    values[_OVERDUE] = "是" if values[_OVERDUE] else "否"
    return [strip_invisible(v) if isinstance(v, str) else v for v in values]


def _write_csv(fh: BinaryIO, rows: Iterable[list]) -> None:
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="", write_through=False)
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(HEADERS)
        writer.writerows(rows)
        text.flush()
    finally:
        text.detach()                   # the caller owns (fsyncs and closes) the file


def _stat_cells(row: StatRow) -> list:
    return [strip_invisible(row.label), row.inspections, row.hazards, row.major, row.rectified, row.closed,
            row.overdue, round(row.closure_rate, 4)]


def _summary(ws: Any, today: date | None) -> list[list]:
    """The 汇总 sheet's rows (a few hundred at most), computed before the file is opened."""
    rows: list[list] = [["统计日期", (today or ws.today()).isoformat()], ["", *STAT_HEADERS],
                        _stat_cells(ws.totals(today=today))]
    for by in SUMMARY_GROUPS:
        rows += [[], [f"按{BY_ZH[by]}", *STAT_HEADERS]]
        rows += [_stat_cells(row) for row in ws.statistics(by=by, today=today)]
    return rows


def _write_xlsx(fh: BinaryIO, rows: Iterable[list], summary: list[list]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(fh, {"constant_memory": True, "strings_to_numbers": False,
                                    "strings_to_formulas": False, "strings_to_urls": False})
    try:
        _fill_book(book, rows, summary)
    except BaseException:
        book.fileclosed = True          # nothing to write: the caller removes the partial file
        raise
    try:
        book.close()
    except BaseException as exc:        # e.g. the disk filled up while the zip was written
        failure: BaseException | None = exc
        while failure is not None:
            _drop_open_zips(failure.__traceback__)
            failure = failure.__context__
        if isinstance(exc.__context__, OSError):  # XlsxWriter wraps it (FileCreateError): the
            raise exc.__context__ from None         # disk error itself says what to do
        raise


def _drop_open_zips(tb) -> None:
    """Let go of the zip XlsxWriter was writing when it failed.  Left alone, its
    finaliser would try to finish the archive in a file the caller has closed and
    removed, and print a traceback at exit; nothing more can be written anyway."""
    import zipfile

    while tb is not None:
        for value in list(tb.tb_frame.f_locals.values()):
            if isinstance(value, zipfile.ZipFile):
                value.fp = None         # ZipFile.close() (and its finaliser) then do nothing
        tb = tb.tb_next


def _fill_book(book, rows: Iterable[list], summary: list[list]) -> None:
    head = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1, "text_wrap": True})
    sheet = book.add_worksheet("隐患台账")
    sheet.freeze_panes(1, 0)
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)
    sheet.write_row(0, 0, HEADERS, head)
    write_string, last = sheet.write_string, 0
    for last, row in enumerate(rows, 1):
        for column, value in enumerate(row):
            if value is not None and value != "":
                write_string(last, column, value)
    sheet.autofilter(0, 0, max(last, 1), len(HEADERS) - 1)
    _write_summary(book, summary, head)


def _write_summary(book, summary: list[list], head) -> None:
    sheet = book.add_worksheet("汇总")
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, len(STAT_HEADERS), 11)
    percent = book.add_format({"num_format": "0.0%"})
    for r, row in enumerate(summary):
        if len(row) > 1 and row[1] == STAT_HEADERS[0]:
            sheet.write_row(r, 0, row, head)
            continue
        for c, value in enumerate(row):
            if c == len(STAT_HEADERS) and isinstance(value, float):
                sheet.write_number(r, c, value, percent)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, value)
