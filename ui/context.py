"""What every view is given: the workspace, the background helper, the language.

Passed explicitly to views and dialogs (no global singleton).
"""
from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from checklists.common.vocabulary import FindingState
from storage.hq import as_hq, is_url, open_hq, shown, with_timeout
from storage.workspace import Workspace

from .errors import setup_logging
from .ops import Ops

# Status colours of the closed loop (calm backgrounds), and the overdue red.
STATE_COLOURS = {
    FindingState.OPEN: "#fde7c8",
    FindingState.ORDERED: "#fff3b0",
    FindingState.RECTIFIED: "#d6e9ff",
    FindingState.CLOSED: "#d9f2dc",
}
OVERDUE_RED = "#c62828"


class Headquarters(QObject):
    """The PostgreSQL headquarters this PC reads ("" = the workspace): set by 统计与同步's
    连接 (``ui/views/hq.py``), followed by the ledger (``changed``).

    The UI thread reads through one connection of its own (``reader``), opened on first
    use; a read that fails drops it (``read``), so the next one reconnects.  Background
    jobs open their own (``storage.hq.reading(url, ws)``): a connection is never shared
    between threads."""

    changed = Signal(str)          # the new address ("" = the workspace)

    def __init__(self, url: str = "", parent: QObject | None = None):
        super().__init__(parent)
        self.url = url if is_url(url) else ""
        self._reader: Any = None

    def set_url(self, url: str) -> None:
        """Read from ``url`` ("" = the workspace); a connection to the old one is closed,
        and one to the same address is made again (connecting again is how to retry)."""
        self.drop()
        self.url = url if is_url(url) else ""
        self.changed.emit(self.url)

    def label(self) -> str:
        """user@host/database of the headquarters, or "" for the workspace."""
        return shown(self.url) if self.url else ""

    def reader(self, ws: Workspace) -> Any:
        """The headquarters interface (``storage.hq``) the UI thread reads now."""
        if not self.url:
            return as_hq(ws)
        if self._reader is None:
            self._reader = open_hq(with_timeout(self.url))
        return self._reader

    def read(self, ws: Workspace, method: str, *args: Any, **kwargs: Any) -> Any:
        """``reader(ws).method(*args, **kwargs)``; on an error the connection is dropped
        (lost, or refused) and the error raised for the caller to show."""
        try:
            return getattr(self.reader(ws), method)(*args, **kwargs)
        except Exception:
            self.drop()
            raise

    def drop(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            with suppress(Exception):       # a lost connection may not close cleanly
                reader.close()


@dataclass
class Context:
    ws: Workspace
    ops: Ops
    data_dir: Path
    lang: str = "zh_CN"
    hq: Headquarters = field(default_factory=Headquarters)

    @classmethod
    def open(cls, file: Path) -> Context:
        """Open (creating if needed) the workspace ``file``; its folder holds the log.
        The headquarters is the one this PC connected to last (``ui.prefs``)."""
        from .prefs import remembered_hq_url

        setup_logging(file.parent)
        ws = Workspace.open(file)            # creates it, with the built-in checklists
        return cls(ws=ws, ops=Ops(ws), data_dir=file.parent, lang=ws.setting("language") or "zh_CN",
                   hq=Headquarters(remembered_hq_url()))

    @property
    def hq_url(self) -> str:
        """The PostgreSQL headquarters read now ("" = the workspace)."""
        return self.hq.url

    def close(self) -> None:
        """Stop background work and close the worker workspaces, then this one
        (a job that cannot stop in time closes its own when it ends: ``Ops.shutdown``)."""
        self.ops.shutdown()
        self.hq.drop()
        self.ws.close()

    def today(self) -> date:
        return self.ws.today()

    def label(self, member) -> str:
        """The zh or en label of a domain code (``checklists.common.vocabulary``)."""
        if member is None or member == "":
            return ""
        return member.label("zh" if self.lang.startswith("zh") else "en")
