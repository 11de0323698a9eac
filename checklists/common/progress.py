"""How long work reports how far it got and learns that the user cancelled.

Every slow operation of the core (document issue, photo preparation, bundle and
pack export and import) takes one optional ``progress: Progress``.  The desktop
program hands in its background-job progress (``ui.ops``), which shows a
dialog with a Cancel button; the command line hands in a printer, or nothing.

The operation calls ``progress.report(done, total, text)`` as it goes and
``progress.check()`` where stopping is safe; ``check`` raises :class:`Cancelled`
once the user asked to stop, and the operation's transaction rolls back, so a
cancelled operation changes nothing.  :class:`Steps` counts for operations that
advance through a known number of steps.
"""
from __future__ import annotations

from typing import Protocol

from .errors import SiteCheckError


class Cancelled(SiteCheckError):
    """The user cancelled; nothing was changed."""

    def __init__(self, message: str = "已取消，未作任何更改", /, *, hint: str = "", **params) -> None:
        super().__init__(message, hint=hint, **params)


class Progress(Protocol):
    """What a slow operation is handed to report progress and learn of a cancel."""

    def report(self, done: int, total: int, text: str = "") -> None:
        """``done`` of ``total`` steps (total 0: unknown), with an optional label."""

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop."""


class Silent:
    """A Progress for callers that do not watch: reports nothing, never cancels."""

    def report(self, done: int, total: int, text: str = "") -> None:
        pass

    def check(self) -> None:
        pass


SILENT = Silent()


class Steps:
    """Counts an operation's steps: each ``advance`` reports and checks for a cancel.

    ``cancelled`` is the message the :class:`Cancelled` carries, saying what was
    not done (e.g. "导入已取消，工作区未作任何更改").
    """

    def __init__(self, progress: Progress | None, total: int, *, text: str = "",
                 cancelled: str = "") -> None:
        self.progress = progress or SILENT
        self.total, self.done, self.text, self.cancelled = total, 0, text, cancelled

    def advance(self, n: int = 1) -> None:
        self.done += n
        self.progress.report(min(self.done, self.total) if self.total else self.done,
                             self.total, self.text)
        self.check()

    def check(self) -> None:
        try:
            self.progress.check()
        except Cancelled:
            if not self.cancelled:
                raise
            raise Cancelled(self.cancelled) from None
