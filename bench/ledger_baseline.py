"""The ledger export as it was before XlsxWriter and streaming (openpyxl write-only,
CSV built in memory), kept only as the baseline of bench/ledger.py."""
from __future__ import annotations

import csv
import io
from dataclasses import astuple
from pathlib import Path

from export.ledger import HEADERS, _summary
from storage.files import atomic_write
from storage.ledger import FindingQuery, ledger_rows
from storage.validate import strip_invisible


def _cells(line) -> list:
    values = list(astuple(line))
    values[HEADERS.index("是否逾期")] = "是" if line.overdue else "否"
    return [strip_invisible(v) if isinstance(v, str) else v for v in values]


def export_ledger(ws, out: str | Path, *, query: FindingQuery = FindingQuery(), today=None) -> int:
    path = Path(out)
    lines = list(ledger_rows(ws, query, today=today))
    if path.suffix == ".csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(HEADERS)
        writer.writerows(_cells(line) for line in lines)
        data = text.getvalue().encode("utf-8-sig")
        atomic_write(path, lambda fh: fh.write(data))
        return len(lines)
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("隐患台账")
    sheet.append(HEADERS)
    for line in lines:
        sheet.append(_cells(line))
    summary = book.create_sheet("汇总")
    for row in _summary(ws, today):
        summary.append(row)
    atomic_write(path, book.save)
    return len(lines)
