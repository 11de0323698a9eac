"""Opening a workspace file: its folder, the SQLite connection and its settings.

Only SQLite ever opens the workspace file (see docs/reliability.md, "File
locks"); what the disk says on the way is turned into the user's error by
``storage.ioerrors``.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from checklists.common.errors import WorkspaceError
from checklists.common.messages import Msg

from . import filekind, fts, ioerrors
from .migrations import migrate, schema_version

BUSY_TIMEOUT_MS = 5000      # a writer waits this long for another, then "工作区正被占用"


def prepare_folder(file: Path, create: bool) -> None:
    """Refuse a missing file (unless creating) and make its folder.

    The file itself is never opened here: closing any descriptor of a SQLite
    file drops every POSIX lock this process holds on it, so another process
    would find the database unlocked and could delete its -wal under a live
    connection (SQLite's "How To Corrupt", 2.2).  Only SQLite reads the file.
    """
    with ioerrors.translated("打开工作区", file):
        if not create and not file.exists():
            raise WorkspaceError("工作区文件不存在：{file}",
                                 hint="文件可能已被移动或删除；请重新选择工作区", file=file)
        if file.is_dir():
            raise WorkspaceError("{file} 是文件夹，不是工作区文件",
                                 hint="请选择 .sitecheck 工作区文件，或指定一个新文件名以新建", file=file)
        file.parent.mkdir(parents=True, exist_ok=True)


def connect(file: Path | None) -> sqlite3.Connection:
    """A configured connection with the schema brought up to date.

    Whether the file is a workspace at all is SQLite's verdict (SQLITE_NOTADB),
    never a look at its bytes from outside; a full disk, a read-only medium or a
    busy file is reported as such, never as a damaged workspace.
    """
    conn = None
    try:
        with ioerrors.translated("打开工作区", file):
            conn = sqlite3.connect(str(file) if file else ":memory:", isolation_level=None,
                                   check_same_thread=False)
            fts.register(conn)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            refuse_foreign(conn, file)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
    except BaseException as err:
        if conn is not None:
            conn.close()
        other = _other_kind(file) if isinstance(err, WorkspaceError) and file else None
        if other is not None:
            raise other from None
        raise
    return conn


OTHER_KINDS = {
    filekind.BUNDLE: (Msg("数据包（现场电脑导出、交局机关导入的同步文件）"),
                      Msg("请在“统计与同步”中用“导入数据包…”导入它（命令行：sync import）；"
                          "要打开工作区，请选择 .sitecheck 文件")),
    filekind.PACK: (Msg("局机关下发包（检查表、名录和文号段）"),
                    Msg("请在“统计与同步”中用“导入下发包…”导入它（命令行：pack import）；"
                        "要打开工作区，请选择 .sitecheck 文件")),
    filekind.DEVICE_CARD: (Msg("设备卡（现场电脑交局机关登记用）"),
                           Msg("局机关请用命令 sync trust 登记它；要打开工作区，请选择 .sitecheck 文件")),
}


def _other_kind(file: Path) -> WorkspaceError | None:
    """A bundle, pack or device card chosen as a workspace: say which it is and what to
    do with it.  SQLite has closed the file by now, so looking at its bytes is safe."""
    kind = OTHER_KINDS.get(filekind.sniff(file))
    if kind is None:
        return None
    return WorkspaceError("{file} 是{kind}，不是工作区文件", hint=kind[1], file=file.name, kind=kind[0])


def refuse_foreign(conn: sqlite3.Connection, file: Path | None) -> None:
    """Another program's SQLite database is not a workspace: never add our schema to it."""
    if schema_version(conn) == 0 and conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' LIMIT 1").fetchone():
        raise ioerrors.damaged(file, not_a_database=True)
