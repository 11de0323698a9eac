"""Command-line commands of the storage package: the audit chain and the inspections.

(``demo`` lives in export/demo_cli.py: its sample data includes issued documents.)
"""
from __future__ import annotations

import argparse
import sys

from .paths import default_workspace
from .workspace import Workspace


def open_workspace(args: argparse.Namespace) -> Workspace:
    """The workspace named by ``--workspace`` (or by ``--hq`` as a file), or the default one.
    A command that reaches this does not work on PostgreSQL: ``--hq URL`` is refused."""
    hq = getattr(args, "hq", None)
    if hq and hq.startswith(("postgresql://", "postgres://")):
        from checklists.common.errors import WorkspaceError

        raise WorkspaceError("该命令只能用于工作区文件，不能用于 PostgreSQL 局机关数据库",
                             hint="请用 --workspace 指定工作区文件")
    return Workspace.open(hq or args.workspace or default_workspace())


def positive_int(text: str) -> int:
    """An argparse type: a whole number of 1 or more, with a Chinese message otherwise."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"“{text}” 应为正整数 / must be a whole number of 1 or more")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    from .hq.cli import register as register_hq

    register_hq(sub)
    audit = sub.add_parser("audit", help="审计链 / the audit chain")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="<action>", required=True)
    verify = audit_sub.add_parser("verify", help="校验审计链，报告被修改、调换或删除的事件 / "
                                                 "report edited, reordered or removed events")
    verify.set_defaults(func=run_audit_verify)

    inspections = sub.add_parser("inspections", help="检查记录 / inspections")
    actions = inspections.add_subparsers(dest="inspections_command", metavar="<action>", required=True)
    listing = actions.add_parser("list", help="列出检查，最新在前：ID、日期、企业、方式、检查表、是否完成 / "
                                              "inspections, newest first")
    listing.add_argument("--enterprise", default="", metavar="ID|NAME",
                         help="只列该企业的检查（企业 ID 或名称的一部分）/ only this enterprise's "
                              "inspections (its id or part of its name)")
    listing.add_argument("--limit", type=positive_int, default=50, metavar="N",
                         help="最多列出多少条（默认 50）/ at most N inspections (default 50)")
    listing.set_defaults(func=run_inspections_list)


def run_audit_verify(args: argparse.Namespace) -> int:
    from .hq import SqliteHQ, open_hq
    from .hq.cli import pg_url

    url = pg_url(args)
    with open_hq(url) if url else SqliteHQ(open_workspace(args)) as hq:
        problems = hq.audit_verify()
        count = hq.audit_events()
    for problem in problems:
        print(problem)
    if problems:
        print(f"审计链校验失败：{len(problems)} 处问题 / audit chain: {len(problems)} problem(s)",
              file=sys.stderr)
        return 1
    print(f"审计链完整：{count} 个事件 / audit chain intact: {count} events")
    return 0


def run_inspections_list(args: argparse.Namespace) -> int:
    from .inspection_list import inspection_rows

    with open_workspace(args) as ws:
        rows = inspection_rows(ws, enterprise=args.enterprise, limit=args.limit)
    if not rows:
        print("没有检查记录 / no inspections")
        return 0
    print("检查ID\t日期\t企业\t方式\t检查表\t状态")
    for row in rows:
        i = row.inspection
        used = ",".join(c["id"] for c in i.checklists) or "—"
        state = "已完成 / finished" if i.finished_at else "进行中 / in progress"
        print(f"{i.id}\t{i.started_at[:16].replace('T', ' ')}\t{row.enterprise}\t{i.mode.label_zh}\t"
              f"{used}\t{state}")
    return 0
