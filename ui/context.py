"""What every view is given: the workspace, the background helper, the language.

Passed explicitly to views and dialogs (no global singleton).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from checklists.common.vocabulary import FindingState
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


@dataclass
class Context:
    ws: Workspace
    ops: Ops
    data_dir: Path
    lang: str = "zh_CN"

    @classmethod
    def open(cls, file: Path) -> Context:
        """Open (creating if needed) the workspace ``file``; its folder holds the log."""
        setup_logging(file.parent)
        ws = Workspace.open(file)            # creates it, with the built-in checklists
        return cls(ws=ws, ops=Ops(ws), data_dir=file.parent, lang=ws.setting("language") or "zh_CN")

    def close(self) -> None:
        """Stop background work and close the worker workspaces, then this one
        (a job that cannot stop in time closes its own when it ends: ``Ops.shutdown``)."""
        self.ops.shutdown()
        self.ws.close()

    def today(self) -> date:
        return self.ws.today()

    def label(self, member) -> str:
        """The zh or en label of a domain code (``checklists.common.vocabulary``)."""
        if member is None or member == "":
            return ""
        return member.label("zh" if self.lang.startswith("zh") else "en")
