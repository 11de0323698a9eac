"""``demo``: fill a workspace with realistic sample data, documents included."""
from __future__ import annotations

import argparse
import sys

from storage.cli import open_workspace


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="示例数据：向工作区添加逼真的示例数据（含复查与文书）/ fill a "
                                       "workspace with realistic sample data")
    demo.add_argument("--inspections", type=int, default=20, metavar="N",
                      help="添加多少次检查（默认 20）/ how many inspections to add (default 20)")
    demo.add_argument("--photos", action="store_true",
                      help="每项隐患附一张生成的照片 / attach a generated photo to every finding")
    demo.set_defaults(func=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from .demo import fill_with_documents

    if args.inspections < 0:
        print("sitecheck: --inspections 应为 0 或更大 / must be 0 or more", file=sys.stderr)
        return 2
    with open_workspace(args) as ws:
        summary = fill_with_documents(ws, inspections=args.inspections, photos=args.photos)
        print(f"已添加示例数据 / demo data added: {summary}  ({ws.path})")
    return 0
