"""SiteCheck 现场检查 — entry point.

With no command, starts the desktop program on the default workspace.  With a
command, runs the same headless core from the command line:

    python main.py [--workspace FILE] <command> ...

Exit status: 0 success, 1 a user error (one-line reason on stderr), 2 usage.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from importlib import import_module
from pathlib import Path

from checklists.common.errors import SiteCheckError
from checklists.common.messages import Msg

COMMAND_MODULES = ("checklists.cli", "storage.cli", "export.cli")
# The module whose register() adds each command: a command line that names one builds
# only that command's parser, without importing the others (tests/test_main.py keeps
# this table true to what COMMAND_MODULES register).
COMMANDS = {
    "checklists": "checklists.cli",
    "audit": "storage.cli", "inspections": "storage.cli",
    "demo": "export.demo_cli", "documents": "export.documents_cli", "ledger": "export.ledger_cli",
    "sync": "export.sync.cli", "pack": "export.sync.cli", "hq": "storage.hq.cli",
    "plan": "export.plan_cli", "dossier": "export.dossier_cli", "report": "export.reports_cli",
}
# What a file manager hands over when a file of ours is opened (the desktop entry's
# "sitecheck %f"): a workspace, or a bundle or pack, which the window then names.
OPENED_SUFFIXES = (".sitecheck", ".scbundle", ".scpack")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser: with every command, or with ``command``'s alone."""
    parser = argparse.ArgumentParser(
        prog="sitecheck",
        description="SiteCheck 现场检查：离线现场安全检查；不带命令时启动图形界面 / "
        "offline on-site safety inspection; without a command the desktop program starts.",
    )
    parser.add_argument(
        "--workspace",
        type=Path,
        metavar="FILE",
        help="使用的工作区文件（默认为用户数据目录中的工作区）/ workspace file to use "
        "(default: the one in the user data folder)",
    )
    parser.add_argument(
        "--hq",
        metavar="URL|FILE",
        help="局机关数据库：postgresql://用户@主机/数据库 或工作区文件（导入、台账、统计、报表、"
        "下发包的企业和设备名录；默认 SITECHECK_HQ_URL）/ the headquarters: a postgresql:// address "
        "or a workspace file (import, ledger, statistics, reports, the pack's registries; default: "
        "SITECHECK_HQ_URL)",
    )
    sub = parser.add_subparsers(dest="command", metavar="<command>")
    for name in (COMMANDS[command],) if command in COMMANDS else COMMAND_MODULES:
        import_module(name).register(sub)
    return parser


def command_of(argv: list[str]) -> str | None:
    """The command an argument list names (after ``--workspace FILE``, ``--hq URL``), if any."""
    rest = iter(argv)
    for arg in rest:
        if arg in ("--workspace", "--hq"):
            next(rest, None)
        elif not arg.startswith(("--workspace=", "--hq=")):
            return None if arg.startswith("-") else arg
    return None


def gui_workspace(argv: list[str]) -> tuple[bool, Path | None]:
    """Whether the arguments ask for the desktop program, and on which workspace.

    Checked before the command parser is built, so that starting the GUI does
    not import what the commands need.
    """
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--workspace" and not argv[1].startswith("-"):
        return True, Path(argv[1])
    if len(argv) == 1 and argv[0].startswith("--workspace="):
        return True, Path(argv[0].split("=", 1)[1])
    if len(argv) == 1 and not argv[0].startswith("-") and argv[0].lower().endswith(OPENED_SUFFIXES):
        return True, Path(argv[0])
    return False, None


def has_display() -> bool:
    """False on a Linux console with no X or Wayland server (Qt would abort there)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    wants_gui, workspace = gui_workspace(argv)
    if wants_gui:
        if not has_display():
            print("sitecheck: 没有可用的图形显示，无法启动图形界面 / no display for the GUI; "
                  "run it in a desktop session (or under xvfb-run), or give a command: "
                  "python main.py --help", file=sys.stderr)
            return 1
        from ui.app import run  # Qt is imported only when the GUI is wanted

        return run(workspace)
    parser = build_parser(command_of(argv))
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_usage(sys.stderr)
        return 2
    if not hasattr(args, "func"):
        parser.parse_args([args.command, "--help"])
        return 2
    try:
        return int(args.func(args) or 0)
    except SiteCheckError as err:
        print(f"sitecheck: {err}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as err:
        reason = _disk_error(err, args)
        if reason is None:
            raise
        print(f"sitecheck: {reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("sitecheck: interrupted", file=sys.stderr)
        return 130


def _disk_error(err: OSError | sqlite3.Error, args: argparse.Namespace) -> SiteCheckError | None:
    """The user's message for a disk or database error no command caught (full disk,
    read-only medium, permissions, a busy workspace); None for a bug."""
    from storage import ioerrors

    doing = Msg("命令 {command}", command=args.command)
    if isinstance(err, OSError):
        return ioerrors.from_os(err, doing)
    return ioerrors.from_sqlite(err, doing, getattr(args, "workspace", None))


def exit_now(code: int) -> None:
    """End a command's process at once with ``code``: what ``atexit`` holds runs and
    the standard streams are flushed, then the interpreter's own teardown (freeing
    every module and object one by one, about 20 ms after a document) is left to the
    operating system.  Everything a command writes is closed by then (the workspace
    by its ``with``, files by ``atomic_write``).  Where ``atexit`` cannot be run
    early, or a thread is still at work (the usual ending waits for it), the process
    ends as usual."""
    import atexit
    from contextlib import suppress

    run_exit_functions = getattr(atexit, "_run_exitfuncs", None)
    threads = sys.modules.get("threading")
    if run_exit_functions is None or (threads is not None and threads.active_count() > 1):
        sys.exit(code)
    run_exit_functions()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe: nothing more can be said
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    status = main()
    if not gui_workspace(sys.argv[1:])[0]:
        exit_now(status)  # a command (the desktop program's Qt objects are torn down as usual)
    sys.exit(status)
