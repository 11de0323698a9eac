"""Command-line commands of the hazard ledger: export it (.xlsx/.csv) and its statistics."""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from checklists.common.vocabulary import FindingState, HazardLevel
from storage.cli import open_workspace
from storage.ledger import BY_ZH, GROUPS

# ledger stats --by takes a group's code or its Chinese name, as its help lists them.
BY_NAMES = {**{zh: by for by, zh in BY_ZH.items()}, **{by: by for by in GROUPS}}


def _labelled(values) -> str:
    return "，".join(f"{v} {v.label_zh}" for v in values)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ledger commands to the main parser."""
    ledger = sub.add_parser("ledger", help="隐患台账：导出与统计 / hazard ledger: export and statistics")
    actions = ledger.add_subparsers(dest="ledger_command", metavar="<action>", required=True)
    exp = actions.add_parser("export", help="导出隐患台账为 .xlsx 或 .csv / write the ledger as .xlsx or .csv")
    exp.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx|FILE.csv",
                     help="输出文件，按扩展名选择格式 / output file; its extension picks the format")
    exp.add_argument("--state", action="append", choices=[str(s) for s in FindingState],
                     help=f"只导出该状态的隐患，可重复：{_labelled(FindingState)} / only findings in "
                          "this state; repeatable")
    exp.add_argument("--level", choices=[str(v) for v in HazardLevel],
                     help=f"隐患级别：{_labelled(HazardLevel)} / hazard level")
    exp.add_argument("--district", help="只导出该区域的企业 / only enterprises in this district")
    exp.add_argument("--overdue", action="store_true", help="只导出已逾期的隐患 / only findings past their deadline")
    exp.add_argument("--text", help="隐患描述或备注包含此文字 / description or note contains this")
    exp.add_argument("--supervised", action="store_true",
                     help="只导出挂牌督办中（未摘牌）的隐患 / only findings under supervision (not delisted)")
    exp.add_argument("--supervision-overdue", action="store_true",
                     help="只导出逾期督办的隐患 / only findings whose supervision deadline has passed")
    exp.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
                     help="判断逾期所用的日期（默认今天）/ the date for overdue (default today)")
    exp.set_defaults(func=run_ledger_export)
    stats = actions.add_parser("stats", help="按分组统计检查、隐患与销号率 / figures per group")
    stats.add_argument("--by", default="district", type=lambda text: BY_NAMES.get(text, text),
                       choices=tuple(GROUPS), metavar="GROUP",
                       help="分组（默认 district）：" + "，".join(f"{by} {zh}" for by, zh in BY_ZH.items())
                            + " / group by (default district); the code or the Chinese name")
    stats.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
                       help="判断逾期所用的日期（默认今天）/ the date for overdue (default today)")
    stats.set_defaults(func=run_ledger_stats)


def open_hq_of(args: argparse.Namespace):
    """The headquarters the command works on: PostgreSQL (``--hq URL``, SITECHECK_HQ_URL)
    or the workspace (``--hq FILE``, ``--workspace``, the default one)."""
    from storage.hq import SqliteHQ, open_hq
    from storage.hq.cli import pg_url

    url = pg_url(args)
    return open_hq(url) if url else SqliteHQ(open_workspace(args))


def run_ledger_export(args: argparse.Namespace) -> int:
    from export.ledger import export_ledger
    from storage.ledger import FindingQuery

    with open_hq_of(args) as hq:
        today = args.today or hq.today()
        query = FindingQuery(states=tuple(args.state) if args.state else None, level=args.level,
                             district=args.district, text=args.text,
                             overdue_on=today if args.overdue else None, supervised=args.supervised,
                             supervision_overdue_on=today if args.supervision_overdue else None,
                             order_by="created_at")
        count = export_ledger(hq, args.out, query=query, today=today)
    print(f"已导出隐患台账 {args.out}：{count} 项")
    return 0


def run_ledger_stats(args: argparse.Namespace) -> int:
    with open_hq_of(args) as hq:
        rows = hq.statistics(by=args.by, today=args.today)
    print("分组\t检查\t隐患\t重大\t已整改\t已销号\t逾期\t销号率")
    for r in rows:
        print(f"{r.label}\t{r.inspections}\t{r.hazards}\t{r.major}\t{r.rectified}\t{r.closed}\t"
              f"{r.overdue}\t{r.closure_rate:.1%}")
    return 0
