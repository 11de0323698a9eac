"""Command-line commands of this package (registered by main.py).

    checklists validate FILE...   every problem as FILE:LINE: message; hint, then OK lines
    checklists list               the built-in checklists
"""
from __future__ import annotations

import argparse
import sys
import unicodedata


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's commands to the main parser."""
    parser = sub.add_parser("checklists", help="检查表：校验与列出 / validate and list checklists")
    commands = parser.add_subparsers(dest="checklists_command", metavar="<subcommand>", required=True)
    validate = commands.add_parser(
        "validate", help="校验检查表 YAML 文件；有错误时退出码为 1 / validate checklist YAML files")
    validate.add_argument("files", nargs="+", metavar="FILE", help="检查表 YAML 文件 / checklist YAML file(s)")
    validate.set_defaults(func=run_validate)
    listing = commands.add_parser("list", help="列出内置检查表 / list the built-in checklists")
    listing.set_defaults(func=run_list)


def run_validate(args: argparse.Namespace) -> int:
    from checklists.loader import check_file  # PyYAML only for the commands that parse

    failed = 0
    for name in args.files:
        checklist, problems = check_file(name)
        for problem in problems:
            print(problem)
        if checklist is None:
            failed += 1
        else:
            print(f"OK  {name}  {checklist.id} {checklist.version}  "
                  f"{checklist.item_count} items  {checklist.hash[:12]}")
    if len(args.files) > 1:
        print(f"{len(args.files) - failed} valid, {failed} invalid")
    return 1 if failed else 0


def run_list(args: argparse.Namespace) -> int:
    """List the built-in checklists; broken files are reported on stderr (exit 1)."""
    from checklists.loader import builtin_dir, builtin_files, check_file, duplicate_ids

    checklists, problems = [], []
    for path in builtin_files():
        checklist, found = check_file(path)
        problems += [p for p in found if not p.warning]
        if checklist is not None:
            checklists.append(checklist)
    problems += duplicate_ids(checklists)
    if not checklists and not problems:
        print(f"没有内置检查表 (no built-in checklists in {builtin_dir()})")
    for c in checklists:
        applies = c.applies_to.label_zh if c.applies_to else "通用"
        print(f"{c.id:<24} {c.version:<9} {_pad(c.family.label_zh, 20)} {_pad(applies, 22)} "
              f"{c.item_count:>4} 项  {c.title}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def _pad(text: str, width: int) -> str:
    """Left-align in a terminal where CJK characters take two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)
