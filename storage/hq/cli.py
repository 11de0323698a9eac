"""The ``hq`` commands (``hq init``), and where a headquarters command works: ``--hq``
(a ``postgresql://`` address or a workspace file), else ``--workspace``, else
SITECHECK_HQ_URL, else the default workspace."""
from __future__ import annotations

import argparse
import os

from . import ENV, is_url


def register(sub: argparse._SubParsersAction) -> None:
    hq = sub.add_parser("hq", help="局机关数据库（PostgreSQL）/ the headquarters database (PostgreSQL)")
    actions = hq.add_subparsers(dest="hq_command", metavar="<action>", required=True)
    init = actions.add_parser("init", help="创建或升级局机关数据库的架构 / create or upgrade the "
                                           "headquarters schema")
    init.add_argument("url", nargs="?", metavar="URL",
                      help="数据库地址 postgresql://用户@主机/数据库（默认 SITECHECK_HQ_URL）/ "
                           "the address postgresql://user@host/db (default: SITECHECK_HQ_URL)")
    init.add_argument("--roles", action="store_true",
                      help="同时创建只读角色 sitecheck_clerk 和导入角色 sitecheck_importer / also create "
                           "the read-only role sitecheck_clerk and the importing role sitecheck_importer")
    init.set_defaults(func=run_init)


def pg_url(args: argparse.Namespace) -> str | None:
    """The PostgreSQL address a headquarters command is given, or None (a workspace)."""
    hq = getattr(args, "hq", None)
    where = hq or (None if getattr(args, "workspace", None) else os.environ.get(ENV))
    return where if is_url(where) else None


def run_init(args: argparse.Namespace) -> int:
    from checklists.common.errors import InvalidInput

    from .postgres import init

    url = args.url or os.environ.get(ENV)
    if not is_url(url):
        raise InvalidInput("URL", "不是 PostgreSQL 地址：{value}", value=url or "",
                           hint="形如 postgresql://用户@主机/数据库；工作区文件无需初始化")
    ran, shown = init(url, roles=args.roles)
    print(f"局机关数据库 {shown}：执行了 {ran} 个架构迁移" + ("，已创建角色" if args.roles else "")
          + f" / {ran} migration(s) applied")
    return 0
