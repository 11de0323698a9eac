"""Files the program writes beside the workspace: bundles, packs, PDFs, ledgers.

One way to write them (:func:`atomic_write`): a temporary file in the target's
folder, fsynced, renamed over the target, and the folder fsynced, so the final
name never holds a partial file, even after a crash or a full disk.  The
temporary name carries the writer's process id; a file left by a process that
was killed is removed by the next write into the same folder.
"""
from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from checklists.common.errors import InvalidInput

from . import ioerrors

PARTIAL = ".partial"
# ".NAME.<pid>.<random>.partial"; the older ".NAME.<random>.partial" has no pid
_OURS = re.compile(r"^\..+?\.(?:(\d+)\.)?[A-Za-z0-9_]{6,12}\.partial$")
LEGACY_AGE = 3600          # seconds after which a partial file without a pid is stale


def atomic_write(path: str | Path, write: Callable[[BinaryIO], None], *,
                 doing: str = "写入文件") -> None:
    """Write ``path`` through ``write(fh)`` atomically; disk errors become StorageFailure."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput("输出位置", "文件夹 {folder} 不存在", hint="请先创建该文件夹或换一个位置", folder=folder)
    remove_stale_partials(folder)
    with ioerrors.translated(doing):
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=PARTIAL,
                                    dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        fsync_folder(folder)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the platform can)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_stale_partials(folder: Path) -> list[Path]:
    """Delete partial files that killed writers left in ``folder``; returns them.

    A partial file is stale when the process named in it is gone, or, for the
    older names without a process id, when it is more than an hour old.  A
    failure to list or delete is ignored: cleaning up must never stop a write.
    """
    removed = []
    try:
        candidates = [p for p in folder.iterdir() if p.name.endswith(PARTIAL)]
    except OSError:
        return removed
    for candidate in candidates:
        match = _OURS.match(candidate.name)
        if match and _stale(candidate, match.group(1)):
            try:
                candidate.unlink()
                removed.append(candidate)
            except OSError:
                pass
    return removed


def _stale(path: Path, pid: str | None) -> bool:
    if pid is None:
        try:
            return time.time() - path.stat().st_mtime > LEGACY_AGE
        except OSError:
            return False
    return not _alive(int(pid))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
