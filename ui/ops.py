"""The one helper for work that must not freeze the window.

A job is a plain function ``job(ws, progress) -> result``.  It runs on a pool
thread with that thread's *own* Workspace on the same file (opened by the
thread's first job and kept until the workspace is closed; SQLite in WAL mode
lets the UI read meanwhile; writers queue on the busy timeout), reports progress
through ``progress.report(done, total, text)`` and stops when
``progress.check()`` finds that the user pressed Cancel.  The result comes back
on the UI thread; an error goes to :func:`ui.errors.show_error`.

``Ops.shutdown`` (quit, another workspace) cancels every job, waits for the
pool, drops the results not delivered yet and closes the worker workspaces.
Why it is built this way: docs/reliability.md, "GUI shutdown and background jobs".
"""
from __future__ import annotations

import gc
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from checklists.common.progress import Cancelled
from storage.workspace import Workspace

from .errors import show_error

SHUTDOWN_WAIT_MS = 10000     # how long quitting or switching waits for running jobs
GC_INTERVAL_MS = 500         # garbage collection on the UI thread while jobs run


@dataclass
class JobProgress:
    """Handed to a job: report how far it got; check whether to stop.  It is the core's
    ``checklists.common.progress.Progress``, so a job passes it straight on."""

    signals: _Signals
    cancellable: bool = True          # False: the job runs to its end whatever happens
    cancel_event: threading.Event = field(default_factory=threading.Event)

    def report(self, done: int, total: int, text: str = "") -> None:
        self.signals.progress.emit(done, total, text)

    def check(self) -> None:
        if self.cancellable and self.cancel_event.is_set():
            raise Cancelled()


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal()              # the job is over; its outcome is in its _Task


@dataclass(eq=False)
class _Task:
    """One job as both threads see it.

    The pool thread sets ``outcome`` and then emits ``done``: the result is a
    plain attribute, never a Python object inside a queued Qt event.
    """

    job: Callable[[Workspace, JobProgress], Any]
    progress: JobProgress
    parent: QWidget | None
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None]
    dialog: QProgressDialog | None = None
    outcome: tuple[str, Any] = ("cancelled", None)

    @property
    def signals(self) -> _Signals:
        return self.progress.signals

    def show_progress(self, done: int, total: int, text: str) -> None:
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(done)
            if text:
                self.dialog.setLabelText(text)

    def close_dialog(self) -> None:
        """Hide the progress dialog for good (``reset`` also stops its show timer)."""
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
        self.dialog = None

    def deliver(self) -> None:
        """Hand the outcome to the callbacks, unless the widget they serve is gone."""
        if self.parent is not None and not shiboken6.isValid(self.parent):
            return
        kind, value = self.outcome
        if kind == "finished":
            self.on_done(value)
        elif kind == "failed":
            self.on_error(value)


class WorkerWorkspaces:
    """One Workspace per pool thread on the file of ``main``.

    Opened by the thread's first job, kept for its next ones, closed by
    ``close_all`` once the pool is idle.  Keyed by thread id: PySide runs each
    job of a pool thread with a fresh Python thread state, so a
    ``threading.local`` would be empty again at the next job.
    """

    def __init__(self, main: Workspace):
        self.main = main
        self._lock = threading.Lock()
        self._opened: dict[int, Workspace] = {}

    def __len__(self) -> int:
        with self._lock:
            return len(self._opened)

    def for_this_thread(self) -> Workspace:
        """The calling pool thread's workspace (opened now if it has none)."""
        if self.main.path is None:       # in-memory workspace: share the connection
            return self.main
        key = threading.get_ident()
        with self._lock:
            ws = self._opened.get(key)
        if ws is None:
            ws = Workspace.open(self.main.path, install_builtin=False, create=False,
                                clock=self.main.clock)
            with self._lock:
                self._opened[key] = ws
        ws.clock = self.main.clock
        return ws

    def after_job(self) -> None:
        """On the pool thread: a job that left a transaction open loses its workspace
        (closing rolls the transaction back), as when every job had its own."""
        key = threading.get_ident()
        with self._lock:
            ws = self._opened.get(key)
            if ws is None or not ws.conn.in_transaction:
                return
            del self._opened[key]
        ws.close()

    def close_all(self) -> None:
        """Close every worker workspace (no job may be running)."""
        with self._lock:
            opened, self._opened = list(self._opened.values()), {}
        for ws in opened:
            ws.close()


class _UiThreadGc:
    """While any job runs, Python's cyclic garbage collector runs on the UI thread only.

    Left automatic, a collection runs on whichever thread allocates next, often a
    pool thread busy with a job, and there it destroys the Python-owned QObjects
    found in garbage cycles (a closed main window, the Ops of a closed workspace)
    while the UI thread goes on using Qt.
    """

    def __init__(self) -> None:
        self.holders = 0
        self.was_enabled = True

    def hold(self) -> None:
        if self.holders == 0:
            self.was_enabled = gc.isenabled()
            gc.disable()
        self.holders += 1

    def release(self) -> None:
        self.holders -= 1
        if self.holders == 0 and self.was_enabled:
            gc.enable()

    @staticmethod
    def collect() -> None:
        """Collect what automatic collection would collect now (UI thread)."""
        counts, limits = gc.get_count(), gc.get_threshold()
        if counts[0] > limits[0]:
            gc.collect(2 if counts[2] > limits[2] else 1 if counts[1] > limits[1] else 0)


_GC = _UiThreadGc()


def _detached(exc: BaseException) -> BaseException:
    """``exc`` without the runner's own frame, the locals of the job's frames freed
    (the worker Workspace, QObjects the job made) here on the pool thread rather
    than with the error on the UI thread.  The traceback text stays complete."""
    exc.__traceback__ = exc.__traceback__.tb_next if exc.__traceback__ else None
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        traceback.clear_frames(link.__traceback__)
        link = link.__cause__ or link.__context__
    return exc


class _Runner(QRunnable):
    def __init__(self, task: _Task, workspaces: WorkerWorkspaces):
        super().__init__()
        self.task, self.workspaces = task, workspaces

    def run(self) -> None:
        task = self.task
        try:
            task.outcome = ("finished", task.job(self.workspaces.for_this_thread(), task.progress))
        except Cancelled:
            task.outcome = ("cancelled", None)
        except BaseException as exc:
            task.outcome = ("failed", _detached(exc))
        finally:
            self.workspaces.after_job()
        task.signals.done.emit()      # last: from here on the UI thread may delete the signals


class Ops(QObject):
    """Runs jobs off the UI thread, one progress dialog each."""

    busy_changed = Signal(bool)

    def __init__(self, ws: Workspace, parent: QObject | None = None):
        super().__init__(parent)
        self.ws = ws
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.pool.setExpiryTimeout(-1)    # threads, and so their workspaces, last as long as this
        self.workspaces = WorkerWorkspaces(ws)
        self._tasks: set[_Task] = set()
        self._closed = False
        self._collector = QTimer(self)
        self._collector.setInterval(GC_INTERVAL_MS)
        self._collector.timeout.connect(_GC.collect)

    def run(
        self,
        job: Callable[[Workspace, JobProgress], Any],
        *,
        parent: QWidget | None,
        title: str,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        show_progress: bool = True,
        cancellable: bool = True,
    ) -> JobProgress:
        """Start ``job``; ``on_done(result)`` runs on the UI thread when it succeeds.

        ``cancellable=False`` shows no Cancel button (for a job that cannot stop
        half-way, e.g. one transaction).  After ``shutdown`` nothing is started
        and the JobProgress returned is already cancelled.
        """
        # Parented to Ops and deleted with deleteLater() on the UI thread once the job is over.
        progress = JobProgress(_Signals(self), cancellable)
        if self._closed:
            progress.cancel_event.set()
            progress.signals.deleteLater()
            return progress
        task = _Task(job, progress, parent, on_done or (lambda _result: None),
                     on_error or (lambda exc: show_error(parent, exc)))
        if show_progress:
            task.dialog = self._dialog(parent, title, progress, cancellable)
            progress.signals.progress.connect(task.show_progress, Qt.ConnectionType.QueuedConnection)
        progress.signals.done.connect(lambda: self._finish(task), Qt.ConnectionType.QueuedConnection)
        if not self._tasks:
            _GC.hold()
            self._collector.start()
        self._tasks.add(task)
        self.busy_changed.emit(True)
        self.pool.start(_Runner(task, self.workspaces))
        return progress

    def _dialog(self, parent: QWidget | None, title: str, progress: JobProgress,
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
        return dialog

    def _finish(self, task: _Task) -> None:
        """On the UI thread, once a job is over (or when ``shutdown`` drops it)."""
        if task not in self._tasks:
            return                      # dropped by shutdown before its signal arrived
        self._tasks.discard(task)
        task.close_dialog()
        task.signals.deleteLater()
        if not self._tasks:
            self._idle()
        self.busy_changed.emit(bool(self._tasks))
        if not self._closed:
            task.deliver()

    def _idle(self) -> None:
        """No job left: wait out the runners' last lines, then collection may run anywhere."""
        self.pool.waitForDone()
        self._collector.stop()
        _GC.release()
        if self._closed:
            self.workspaces.close_all()

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def cancel_all(self) -> None:
        """Ask every running job to stop at its next ``progress.check()``."""
        for task in self._tasks:
            task.progress.cancel_event.set()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until running jobs end (tests)."""
        return self.pool.waitForDone(msecs)

    def shutdown(self, msecs: int | None = None) -> bool:
        """Stop for good (quit, another workspace): cancel every job, wait for the pool
        at most ``msecs`` (default ``SHUTDOWN_WAIT_MS``; -1: as long as it takes), drop
        the results not delivered yet, close the worker workspaces.

        False if a job (one that cannot stop half-way) was still running at the
        deadline: it ends on its own, its result is dropped and the worker
        workspaces are closed then.
        """
        self._closed = True
        self.cancel_all()
        for task in self._tasks:
            task.close_dialog()         # else its show timer pops it up while we wait
        if not self.pool.waitForDone(SHUTDOWN_WAIT_MS if msecs is None else msecs):
            return False
        for task in list(self._tasks):
            self._finish(task)
        self.workspaces.close_all()
        return True
