"""``report``: a period's figures as .xlsx and/or PDF (docs/reports.md)."""
from __future__ import annotations

import argparse
from pathlib import Path

from checklists.common.errors import InvalidInput
from checklists.common.vocabulary import Family
from storage.cli import open_workspace


def register(sub: argparse._SubParsersAction) -> None:
    rep = sub.add_parser("report", help="季度、年度统计报表（Excel、PDF）/ quarterly and annual reports (.xlsx, PDF)")
    rep.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD",
                     help="统计期间第一天 / first day of the period")
    rep.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD",
                     help="统计期间最后一天（含）/ last day of the period (included)")
    rep.add_argument("--district", help="只统计该区域的企业 / only enterprises in this district")
    rep.add_argument("--family", choices=[str(f) for f in Family],
                     help="执法系统：" + "，".join(f"{f} {f.label_zh}" for f in Family) + " / enforcement system")
    rep.add_argument("--xlsx", type=Path, metavar="FILE.xlsx", help="写出 Excel 报表 / write the workbook")
    rep.add_argument("--pdf", type=Path, metavar="FILE.pdf", help="写出 PDF 报表 / write the PDF")
    rep.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> int:
    from .reports import write_report

    if not args.xlsx and not args.pdf:
        raise InvalidInput("--xlsx/--pdf", "未指定输出文件", hint="请用 --xlsx 或 --pdf 指定至少一个输出文件")
    with open_workspace(args) as ws:
        report = ws.report(args.start, args.end, district=args.district, family=args.family)
        written = write_report(ws, report, xlsx=args.xlsx, pdf=args.pdf)
    h = report.total_hazards
    print(f"检查 {report.total_inspections} 次，排查隐患 {h.found} 项，本期销号 {h.closed} 项")
    for path in written:
        print(f"已写出报表 {path} / written")
    return 0
