"""The one helper for work that must not freeze the window.

A job is a plain function ``job(ws, progress) -> result``.  It runs on a pool
thread with its *own* Workspace opened on the same file (SQLite in WAL mode lets
the UI read meanwhile; writers queue on the busy timeout), reports progress
through ``progress.report(done, total, text)`` and stops when
``progress.check()`` finds that the user pressed Cancel.  The result comes back
on the UI thread; an error goes to :func:`ui.errors.show_error`.

Part B's documents and exports use the same ``Ops.run``.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from storage.workspace import Workspace

from .errors import show_error


class Cancelled(Exception):
    """Raised inside a job by ``progress.check()`` once the user cancelled."""


@dataclass
class Progress:
    """Handed to a job: report how far it got; check whether to stop."""

    signals: "_Signals"
    cancel_event: threading.Event = field(default_factory=threading.Event)

    def report(self, done: int, total: int, text: str = "") -> None:
        self.signals.progress.emit(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check(self) -> None:
        if self.cancel_event.is_set():
            raise Cancelled()


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Runner(QRunnable):
    def __init__(self, job: Callable[[Workspace, Progress], Any], open_ws: Callable[[], Workspace],
                 close_ws: bool, progress: Progress):
        super().__init__()
        self.job, self.open_ws, self.close_ws, self.progress = job, open_ws, close_ws, progress

    def run(self) -> None:
        signals = self.progress.signals
        try:
            ws = self.open_ws()
            try:
                result = self.job(ws, self.progress)
            finally:
                if self.close_ws:
                    ws.close()
        except Cancelled:
            signals.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - every failure is reported on the UI thread
            signals.failed.emit(exc)
        else:
            signals.finished.emit(result)


class Ops(QObject):
    """Runs jobs off the UI thread, one progress dialog each."""

    busy_changed = Signal(bool)

    def __init__(self, ws: Workspace, parent: QObject | None = None):
        super().__init__(parent)
        self.ws = ws
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._running: dict[_Signals, Progress] = {}

    def _open(self) -> Workspace:
        if self.ws.path is None:       # in-memory workspace: share the connection
            return self.ws
        return Workspace.open(self.ws.path, install_builtin=False, create=False,
                              clock=self.ws.clock)

    def run(
        self,
        job: Callable[[Workspace, Progress], Any],
        *,
        parent: QWidget | None,
        title: str,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        show_progress: bool = True,
        cancellable: bool = True,
    ) -> Progress:
        """Start ``job``; ``on_done(result)`` runs on the UI thread when it succeeds.

        ``cancellable=False`` shows no Cancel button (for a job that cannot stop
        half-way, e.g. one transaction).
        """
        # Parented to Ops and deleted with deleteLater() on the UI thread once the job
        # is over: never collected by Python's GC on whichever thread happens to run
        # it while a queued signal is still on its way.
        signals = _Signals(self)
        progress = Progress(signals)
        dialog = self._dialog(parent, title, progress, cancellable) if show_progress else None

        def finish(callback: Callable[[], None]) -> None:
            self._running.pop(signals, None)
            if dialog is not None:
                signals.progress.disconnect()
                dialog.reset()
                dialog.deleteLater()
            self.busy_changed.emit(bool(self._running))
            try:
                callback()
            finally:
                signals.deleteLater()

        signals.finished.connect(lambda result: finish(lambda: on_done and on_done(result)),
                                 Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(
            lambda exc: finish(lambda: (on_error or (lambda e: show_error(parent, e)))(exc)),
            Qt.ConnectionType.QueuedConnection)
        signals.cancelled.connect(lambda: finish(lambda: None), Qt.ConnectionType.QueuedConnection)
        self._running[signals] = progress
        self.busy_changed.emit(True)
        self.pool.start(_Runner(job, self._open, self.ws.path is not None, progress))
        return progress

    def _dialog(self, parent: QWidget | None, title: str, progress: Progress,
                cancellable: bool) -> QProgressDialog:
        dialog = QProgressDialog(title, self.tr("取消"), 0, 0, parent)
        dialog.setObjectName("opsProgress")
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.setWindowTitle(title)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(progress.cancel_event.set)

        def update(done: int, total: int, text: str) -> None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(done)
            if text:
                dialog.setLabelText(text)

        progress.signals.progress.connect(update, Qt.ConnectionType.QueuedConnection)
        return dialog

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def cancel_all(self) -> None:
        """Ask every running job to stop at its next ``progress.check()``."""
        for progress in self._running.values():
            progress.cancel_event.set()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until running jobs end (tests, closing the window)."""
        return self.pool.waitForDone(msecs)
