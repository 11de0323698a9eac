"""One import at a time per workspace: a second importer waits for the first.

Each bundle merges in its own transaction, so two importers would take turns at
SQLite's write lock, and one merge longer than the busy timeout would fail the
other with "database is locked".  Instead an importer holds an exclusive lock
on a small file beside the workspace (``<workspace>-import.lock``) for its whole
run; a second one is told once that another import is running and waits (its
cancel still works), then goes on.  The lock is the operating system's (flock):
it goes with the process, so a killed importer never leaves it held.  The lock
file is never the workspace itself: closing a descriptor of the workspace
would drop this process's SQLite locks (docs/reliability.md).
"""
from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from checklists.common.messages import Msg
from checklists.common.progress import Progress

from .. import ioerrors

if TYPE_CHECKING:
    from ..workspace import Workspace

WAITING = Msg("另一个导入正在进行，等待它完成…")
POLL_SECONDS = 0.2


def lock_path(ws: Workspace) -> Path | None:
    return None if ws.path is None else Path(f"{ws.path}-import.lock")


@contextmanager
def import_lock(ws: Workspace, *, progress: Progress | None = None,
                waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the workspace's import lock for the block, waiting for another importer."""
    path = lock_path(ws)
    if path is None:                # an in-memory workspace has no other importer
        yield
        return
    with ioerrors.translated("导入", path):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, progress, waiting)
        yield
    finally:
        os.close(fd)                # releases the lock


def _acquire(fd: int, progress: Progress | None, waiting: Callable[[str], None] | None) -> None:
    def take() -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    wait_for(take, progress, waiting)


def wait_for(take: Callable[[], bool], progress: Progress | None,
             waiting: Callable[[str], None] | None) -> None:
    """Try ``take`` until it succeeds, telling ``waiting`` once and reporting WAITING to
    ``progress`` (whose cancel ends the wait) in between: the one way an importer waits
    for another, whatever holds the lock (a file here, an advisory lock on PostgreSQL)."""
    told = False
    while not take():
        if not told:
            told = True
            if waiting:
                waiting(WAITING)
        if progress:
            progress.report(0, 0, WAITING)
            progress.check()
        time.sleep(POLL_SECONDS)
