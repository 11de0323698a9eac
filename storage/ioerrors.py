"""Turn what the disk and SQLite say into messages an inspector can act on.

A full disk, a read-only USB stick, a missing permission or a second program
holding the workspace are not bugs and never mean the workspace is damaged:
each becomes a :class:`StorageFailure` naming the cause and what to do.  Only
SQLite's own verdict (``SQLITE_NOTADB`` / ``SQLITE_CORRUPT``) calls a file
damaged, and even then the advice is to keep the file.

Used at the boundaries: opening a workspace, every write transaction, atomic
file writes, and the command line's and the GUI's last line of defence.
"""
from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from checklists.common.errors import SiteCheckError, StorageFailure, WorkspaceError
from checklists.common.messages import Msg

# SQLite primary result codes (sqlite3.h); extended codes keep these in the low byte.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_NOTADB, SQLITE_AUTH = 26, 23
LOW_SPACE = 4 * 1024 * 1024       # an I/O error with less free space than this is a full disk

NOTHING_CHANGED = "未作任何更改"
_ADVICE = {
    "disk-full": Msg("请清理磁盘空间（删除不需要的文件，或把工作区移到空间更大的磁盘）后重试；已保存的数据完好"),
    "read-only": Msg("文件或磁盘为只读（写保护的U盘、光盘或只读文件夹）；请复制到可写的位置后再打开"),
    "permission": Msg("没有读写该文件或文件夹的权限；请换一个自己的文件夹，或请管理员调整权限"),
    "busy": Msg("另一个程序（或另一个 SiteCheck 窗口）正在写入同一个工作区；请等它完成后重试"),
    "missing": Msg("文件或文件夹不存在（U盘可能已拔出）；请检查位置后重试"),
    "io": Msg("读写磁盘出错，磁盘或U盘可能已拔出或损坏；请检查后重试，已保存的数据未受影响"),
}
_CAUSE_ZH = {"disk-full": Msg("磁盘已满"), "read-only": Msg("只读"), "permission": Msg("没有权限"),
             "busy": Msg("工作区正被占用"), "missing": Msg("找不到文件"), "io": Msg("磁盘读写错误")}
_OS_CAUSES = {
    errno.ENOSPC: "disk-full", errno.EDQUOT: "disk-full", errno.EFBIG: "disk-full",
    errno.EROFS: "read-only", errno.EACCES: "permission", errno.EPERM: "permission",
    errno.ENOENT: "missing", errno.ENOTDIR: "missing", errno.ENODEV: "missing",
    errno.ENXIO: "missing", errno.EBUSY: "busy", errno.ETXTBSY: "busy",
}


def failure(cause: str, doing: str, where: Path | str | None = None) -> StorageFailure:
    """The error for ``cause`` while ``doing`` (e.g. "保存", "导出数据包") at ``where``."""
    if where:
        return StorageFailure("{reason}：{doing}未完成（{where}），未作任何更改", cause=cause, hint=_ADVICE[cause],
                              reason=_CAUSE_ZH[cause], doing=Msg(doing), where=where)
    return StorageFailure("{reason}：{doing}未完成，未作任何更改", cause=cause, hint=_ADVICE[cause],
                          reason=_CAUSE_ZH[cause], doing=Msg(doing))


def from_os(err: OSError, doing: str) -> StorageFailure:
    """A StorageFailure for an operating-system error, cause taken from its errno."""
    cause = _OS_CAUSES.get(err.errno or 0, "io")
    if cause == "io" and err.filename:
        cause = _closer_cause(Path(err.filename), cause)
    return failure(cause, doing, err.filename)


def from_sqlite(err: sqlite3.Error, doing: str, file: Path | None = None) -> SiteCheckError | None:
    """The user's error for what SQLite said, or None when it is not about the disk
    (a constraint or a programming error: a bug, left to surface as one)."""
    code = (getattr(err, "sqlite_errorcode", 0) or 0) & 0xFF
    cause = {SQLITE_FULL: "disk-full", SQLITE_READONLY: "read-only", SQLITE_PERM: "permission",
             SQLITE_AUTH: "permission", SQLITE_BUSY: "busy", SQLITE_LOCKED: "busy",
             SQLITE_CANTOPEN: "missing", SQLITE_IOERR: "io"}.get(code)
    if cause in ("io", "missing", "permission") and file is not None:
        cause = _closer_cause(Path(file), cause)
    if cause:
        return failure(cause, doing, file)
    if code in (SQLITE_NOTADB, SQLITE_CORRUPT):
        return damaged(file, code == SQLITE_NOTADB)
    return None


def damaged(file: Path | None, not_a_database: bool) -> WorkspaceError:
    if not_a_database:
        return WorkspaceError("{file} 不是 SiteCheck 工作区文件",
                              hint="请选择 .sitecheck 工作区文件，或指定一个新文件名以新建", file=file)
    return WorkspaceError("工作区文件 {file} 已损坏（SQLite 报告数据库结构损坏）",
                          hint="请不要删除或覆盖此文件；关闭程序，从备份恢复，或把文件交给技术人员检查", file=file)


@contextmanager
def translated(doing: str, file: Path | None = None) -> Iterator[None]:
    """Re-raise disk and SQLite I/O errors inside the block as the user's errors."""
    try:
        yield
    except OSError as err:
        raise from_os(err, doing) from err
    except sqlite3.Error as err:
        mapped = from_sqlite(err, doing, file)
        if mapped is None:
            raise
        raise mapped from err


def _closer_cause(file: Path, cause: str) -> str:
    """SQLite says "cannot open" or "I/O error" for several causes: look at the file system."""
    probe = file
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        if os.statvfs(probe).f_flag & os.ST_RDONLY:
            return "read-only"
        if shutil.disk_usage(probe).free < LOW_SPACE:
            return "disk-full"
    except (OSError, AttributeError):          # AttributeError: no statvfs on Windows
        return cause
    if cause == "missing" and file.parent.is_dir():
        return "permission"
    return cause
