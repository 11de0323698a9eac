"""Command-line commands of this package (registered by main.py).

    checklists validate FILE...   every problem as FILE:LINE: message; hint, then OK lines
    checklists list               the built-in checklists
    checklists import FILE.xlsx --out FILE.yaml [--id --version --title --family --applies-to
                                  --prefix --sheet]
                                  a bureau's Excel checklist or an XLSForm -> checklist YAML
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import unicodedata
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's commands to the main parser."""
    parser = sub.add_parser("checklists", help="检查表：校验、列出、从 Excel 转换 / validate, list, import")
    commands = parser.add_subparsers(dest="checklists_command", metavar="<subcommand>", required=True)
    validate = commands.add_parser(
        "validate", help="校验检查表 YAML 文件；有错误时退出码为 1 / validate checklist YAML files")
    validate.add_argument("files", nargs="+", metavar="FILE", help="检查表 YAML 文件 / checklist YAML file(s)")
    validate.set_defaults(func=run_validate)
    listing = commands.add_parser("list", help="列出内置检查表 / list the built-in checklists")
    listing.set_defaults(func=run_list)
    importing = commands.add_parser(
        "import", help="把 Excel 检查表（或 XLSForm）转换为检查表 YAML / convert an .xlsx checklist to YAML")
    importing.add_argument("file", metavar="FILE.xlsx", help="要转换的 Excel 文件 / the .xlsx file to convert")
    importing.add_argument("--out", required=True, metavar="FILE.yaml", help="写出的 YAML 文件 / the YAML to write")
    for option, meta, text in (
            ("--id", "ID", "检查表 id，如 elevator-bureau / the checklist id"),
            ("--version", "VERSION", "版本号，如 2026.1 / the version"),
            ("--title", "TITLE", "检查表名称（默认取表头上方的标题行）/ the title"),
            ("--family", "ems|samr", "应急管理 ems 或 市场监管 samr / the family"),
            ("--applies-to", "KIND", "适用范围：general（通用）或设备种类，如 elevator / general or an equipment kind"),
            ("--prefix", "PREFIX", "检查项 id 前缀，如 EL（默认取 id 各段首字母）/ the item id prefix"),
            ("--sheet", "SHEET", "工作表名（默认为第一个有表头的工作表）/ the sheet to read")):
        importing.add_argument(option, metavar=meta, help=text)
    importing.set_defaults(func=run_import)


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


def run_import(args: argparse.Namespace) -> int:
    """Convert; print every problem; write the YAML only when there is no error."""
    from checklists.importing import Options, convert_file

    out = Path(args.out)
    if out.exists() and Path(args.file).exists() and out.resolve() == Path(args.file).resolve():
        print(f"{args.out}: 输出文件不能是输入文件本身; 给 --out 另一个文件名 (the output must not be the input)")
        return 1
    options = Options(id=args.id, version=args.version, title=args.title, family=args.family,
                      applies_to=args.applies_to, prefix=args.prefix, sheet=args.sheet)
    conversion = convert_file(args.file, options)
    for problem in conversion.problems:
        print(problem)
    if not conversion.ok:
        return 1
    try:
        _write(out, conversion.yaml)
    except OSError as err:
        print(f"{args.out}: 无法写入：{err.strerror or err}; 检查文件夹是否存在、是否可写 (cannot write)")
        return 1
    checked = conversion.checklist
    summary = f"{checked.id} {checked.version}  {checked.item_count} items  {checked.hash[:12]}"
    print(f"OK  {args.file} -> {args.out}  {summary}")
    return 0


def _write(path: Path, text: str) -> None:
    """Write through a temporary file beside ``path``: a failure leaves no half file."""
    fd, temporary = tempfile.mkstemp(prefix=".import-", suffix=".yaml", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
