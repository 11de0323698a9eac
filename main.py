"""SiteCheck 现场检查 — entry point.

With no command, starts the desktop program on the default workspace.  With a
command, runs the same headless core from the command line:

    python main.py [--workspace FILE] <command> ...

Exit status: 0 success, 1 a user error (one-line reason on stderr), 2 usage.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checklists import cli as checklists_cli
from checklists.errors import SiteCheckError
from export import cli as export_cli
from storage import cli as storage_cli

COMMAND_MODULES = (checklists_cli, storage_cli, export_cli)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitecheck",
        description="SiteCheck 现场检查 — offline on-site safety inspection. "
        "Without a command the desktop program starts.",
    )
    parser.add_argument(
        "--workspace",
        type=Path,
        metavar="FILE",
        help="workspace file to use (default: the one in the user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="<command>")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from ui.app import run  # Qt is imported only when the GUI is wanted

        return run(args.workspace)
    if not hasattr(args, "func"):
        parser.parse_args([args.command, "--help"])
        return 2
    try:
        return int(args.func(args) or 0)
    except SiteCheckError as err:
        print(f"sitecheck: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("sitecheck: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
