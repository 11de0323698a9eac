"""Command-line commands of the hazard ledger: export it (.xlsx/.csv) and its statistics."""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from storage.cli import open_workspace


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ledger commands to the main parser."""
    ledger = sub.add_parser("ledger", help="hazard ledger / 隐患台账")
    actions = ledger.add_subparsers(dest="ledger_command", metavar="<action>", required=True)
    exp = actions.add_parser("export", help="write the ledger as .xlsx or .csv")
    exp.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx|FILE.csv")
    exp.add_argument("--state", action="append", choices=("open", "ordered", "rectified", "closed"))
    exp.add_argument("--level", choices=("general", "major"))
    exp.add_argument("--district")
    exp.add_argument("--overdue", action="store_true", help="only findings past their deadline")
    exp.add_argument("--text", help="description or note contains this")
    exp.add_argument("--today", type=date.fromisoformat, help="date for overdue (YYYY-MM-DD)")
    exp.set_defaults(func=run_ledger_export)
    stats = actions.add_parser("stats", help="figures by district|enterprise|equipment_kind|inspector|month")
    stats.add_argument("--by", default="district",
                       choices=("district", "enterprise", "equipment_kind", "inspector", "month"))
    stats.add_argument("--today", type=date.fromisoformat)
    stats.set_defaults(func=run_ledger_stats)


def run_ledger_export(args: argparse.Namespace) -> int:
    from storage.ledger import FindingQuery

    from export.ledger import export_ledger

    with open_workspace(args) as ws:
        today = args.today or ws.today()
        query = FindingQuery(states=tuple(args.state) if args.state else None, level=args.level,
                             district=args.district, text=args.text,
                             overdue_on=today if args.overdue else None, order_by="created_at")
        count = export_ledger(ws, args.out, query=query, today=today)
    print(f"已导出隐患台账 {args.out}：{count} 项")
    return 0


def run_ledger_stats(args: argparse.Namespace) -> int:
    from storage.ledger import statistics

    with open_workspace(args) as ws:
        rows = statistics(ws, by=args.by, today=args.today)
    print("分组\t检查\t隐患\t重大\t已整改\t已销号\t逾期\t销号率")
    for r in rows:
        print(f"{r.label}\t{r.inspections}\t{r.hazards}\t{r.major}\t{r.rectified}\t{r.closed}\t"
              f"{r.overdue}\t{r.closure_rate:.1%}")
    return 0
