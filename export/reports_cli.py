"""``report``: a period's figures as .xlsx and/or PDF (docs/reports.md)."""
from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from checklists.common.errors import InvalidInput
from checklists.common.vocabulary import Family
from storage.cli import open_workspace
from storage.workspace import Workspace


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
    """On the headquarters the command is given (``--hq``, SITECHECK_HQ_URL: PostgreSQL;
    else the workspace); the PDF's department from the workspace's settings (on
    PostgreSQL: of ``--workspace`` when given, else none)."""
    from storage.hq import SqliteHQ, open_hq
    from storage.hq.cli import pg_url
    from storage.reports import scope

    from .reports import write_report

    if not args.xlsx and not args.pdf:
        raise InvalidInput("--xlsx/--pdf", "未指定输出文件", hint="请用 --xlsx 或 --pdf 指定至少一个输出文件")
    where = scope(args.start, args.end, args.district, args.family)
    url = pg_url(args)
    with open_hq(url) if url else SqliteHQ(open_workspace(args)) as hq:
        report = hq.report(where)
        if url is None:
            written = write_report(hq.ws, report, xlsx=args.xlsx, pdf=args.pdf)
    if url is not None:
        with _settings(args) as ws:
            written = write_report(ws, report, xlsx=args.xlsx, pdf=args.pdf)
    h = report.total_hazards
    print(f"检查 {report.total_inspections} 次，排查隐患 {h.found} 项，本期销号 {h.closed} 项")
    for path in written:
        print(f"已写出报表 {path} / written")
    return 0


@contextmanager
def _settings(args: argparse.Namespace) -> Iterator[Workspace | None]:
    """The workspace whose settings name the department (``--workspace``), or None."""
    if not args.workspace:
        yield None
        return
    with Workspace.open(args.workspace) as ws:
        yield ws
