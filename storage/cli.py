"""Command-line commands of the storage package: demo data and the audit chain."""
from __future__ import annotations

import argparse
import sys

from .paths import default_workspace
from .workspace import Workspace


def open_workspace(args: argparse.Namespace) -> Workspace:
    """The workspace named by ``--workspace``, or the default one."""
    return Workspace.open(args.workspace or default_workspace())


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="示例数据 (fill a workspace with realistic sample data)")
    demo.add_argument("--inspections", type=int, default=20, metavar="N",
                      help="how many inspections to add (default 20)")
    demo.add_argument("--photos", action="store_true", help="attach a generated photo to every finding")
    demo.set_defaults(func=run_demo)

    audit = sub.add_parser("audit", help="审计链 (the audit chain)")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="<action>", required=True)
    verify = audit_sub.add_parser("verify", help="report edited, reordered or removed events")
    verify.set_defaults(func=run_audit_verify)


def run_demo(args: argparse.Namespace) -> int:
    from .demo import fill

    if args.inspections < 0:
        print("sitecheck: --inspections must be 0 or more", file=sys.stderr)
        return 2
    with open_workspace(args) as ws:
        summary = fill(ws, inspections=args.inspections, photos=args.photos)
        print(f"已添加示例数据 / demo data added: {summary}  ({ws.path})")
    return 0


def run_audit_verify(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        problems = ws.audit_verify()
        count = ws.db.execute("SELECT COUNT(*) FROM audit_event").fetchone()[0]
    for problem in problems:
        print(problem)
    if problems:
        print(f"审计链校验失败：{len(problems)} 处问题 / audit chain: {len(problems)} problem(s)",
              file=sys.stderr)
        return 1
    print(f"审计链完整：{count} 个事件 / audit chain intact: {count} events")
    return 0
