"""Quitting the GUI and switching workspaces with background jobs in flight.

The issue: native crashes on quit (``Fatal Python error: bool_dealloc``) and a
SIGBUS in a headquarters UI test.  See docs/reliability.md.
"""
from __future__ import annotations

import gc
import os
import sqlite3
import subprocess
import sys
import threading
import time
import weakref
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

import ui  # noqa: F401 - the program's Qt set-up (ui.qtfix)
from storage import demo
from storage.workspace import Workspace
from ui import ops as ops_module
from ui.app import run, start
from ui.errors import error_text
from ui.mainwindow import MainWindow

from .conftest import NOW
from .quit_driver import PHOTOS
from .test_workspaces import other_workspace

DRIVER = Path(__file__).with_name("quit_driver.py")
ROOT = Path(__file__).resolve().parents[2]


class Pinger(QObject):
    ping = Signal(int)


def noop(*_args) -> None:
    pass


def test_emit_and_disconnect_leave_true_alive():
    # PySide6 6.12 returns True from both without its reference: each call took one
    # away, until the interpreter freed True itself at quit (bool_dealloc).  ui.qtfix
    # gives True a reserve where the binding needs it (tests/ui/test_qtfix.py).
    pinger = Pinger()
    pinger.ping.connect(noop)
    before = sys.getrefcount(True)
    for n in range(2000):
        pinger.ping.emit(n)
    for _ in range(200):
        pinger.ping.connect(noop)
        pinger.ping.disconnect(noop)
    lost = before - sys.getrefcount(True)
    assert lost <= 0 or sys.getrefcount(True) > 1 << 39, (lost, sys.getrefcount(True))


def churn(ws, progress):
    """A job allocating like a long export: Python's collector gets triggered on its thread."""
    kept = []
    for _ in range(40):
        kept.append([[] for _ in range(5000)])      # survivors, promoted to older generations
        [{} for _ in range(5000)]                   # and plenty of short-lived garbage
    return len(kept)


def test_closed_windows_are_destroyed_on_the_ui_thread(qtbot, window, workspace_file):
    # A closed main window and the Ops of its workspace are Python-owned QObjects in
    # reference cycles, so only the cyclic GC frees them; run by a pool thread it
    # destroyed them there (the SIGBUS in a headquarters test).
    gc.freeze()         # the test process's long-lived objects: a full collection comes sooner
    try:
        _app, old = start(workspace_file)
        old.ctx.close()
        old.close()
        old.deleteLater()               # as pytest-qt does with a test's window
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        threads = []
        for obj in (old, old.ctx.ops):
            weakref.finalize(obj, lambda: threads.append(threading.current_thread().name))
        del old, obj
        for _ in range(3):
            window.ctx.ops.run(churn, parent=window, title="", show_progress=False)
        qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20000)
        gc.collect()
    finally:
        gc.unfreeze()
    assert threads == [threading.main_thread().name] * 2


def test_each_pool_thread_keeps_one_workspace_until_switch_and_quit(qtbot, window, tmp_path,
                                                                    template_file):
    seen = []

    def add(ws, progress):
        seen.append(ws)
        return ws.add_enterprise(name=f"杭州第{len(seen)}机械厂").id

    def run_jobs(count: int) -> list[str]:
        added = []
        for _ in range(count):
            window.ctx.ops.run(add, parent=window, title="", show_progress=False,
                               on_done=added.append)
        qtbot.waitUntil(lambda: len(added) == count, timeout=10000)
        return added

    added = run_jobs(6)
    workers = set(seen)
    assert 1 <= len(workers) <= 2 and len(window.ctx.ops.workspaces) == len(workers)
    assert window.ctx.ws not in workers
    assert {e.id for e in window.ctx.ws.enterprises()} == set(added)     # they may write

    window.switch_workspace(other_workspace(tmp_path, template_file))
    for ws in workers:                  # closed with the workspace they worked on
        with pytest.raises(sqlite3.ProgrammingError):
            ws.enterprises()

    seen.clear()
    run_jobs(2)
    assert not set(seen) & workers
    window.close()                      # quit
    assert len(window.ctx.ops.workspaces) == 0
    for ws in seen:
        with pytest.raises(sqlite3.ProgrammingError):
            ws.enterprises()


def test_quit_waits_for_a_job_that_cannot_stop_and_keeps_its_work(qtbot, workspace_file,
                                                                  monkeypatch):
    monkeypatch.setattr(ops_module, "SHUTDOWN_WAIT_MS", 50)
    names = []

    def one_transaction(ws, progress):
        time.sleep(0.5)                 # e.g. issuing a document: no progress.check()
        names.append(ws.add_enterprise(name="杭州迟到化工有限公司").name)
        return names[-1]

    def kick() -> None:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        window.ctx.ops.run(one_transaction, parent=window, title="", cancellable=False,
                           on_done=pytest.fail)
        window.close()

    QTimer.singleShot(0, kick)
    assert run(workspace_file) == 0
    assert names == ["杭州迟到化工有限公司"]
    ws = Workspace.open(workspace_file, install_builtin=False, create=False)
    try:
        assert [e.name for e in ws.enterprises()] == names
    finally:
        ws.close()


def test_a_failed_job_keeps_its_traceback_text_but_not_its_locals(qtbot, window):
    made = []

    def job(ws, progress):
        thing = QObject()               # made on the pool thread; dies there too
        made.append(weakref.ref(thing))
        raise RuntimeError("出错了")

    errors = []
    window.ctx.ops.run(job, parent=window, title="", show_progress=False, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert made[0]() is None
    assert 'raise RuntimeError("出错了")' in error_text(errors[0])[1]


@pytest.fixture
def inspected_file(workspace_file):
    """The test workspace with finished inspections and findings (documents to issue)."""
    ws = Workspace.open(workspace_file, install_builtin=False, clock=lambda: NOW)
    demo.fill(ws, inspections=2)
    ws.close()
    return workspace_file


def committed(file, log) -> Counter:
    """Check the workspace after the runs; how many writes of each kind the jobs logged."""
    ws = Workspace.open(file, install_builtin=False, create=False)
    try:
        assert ws.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        kinds = Counter()
        for line in log.read_text(encoding="utf-8").splitlines():
            kind, ident = line.split()
            {"enterprise": ws.enterprise, "photo": ws.photo, "document": ws.document}[kind](ident)
            kinds[kind] += 1
        return kinds
    finally:
        ws.close()


@pytest.mark.slow
def test_gui_started_and_quit_50_times_with_jobs_in_flight(inspected_file, tmp_path):
    # One process, as main.py starts the GUI, 50 times over; every quit comes while a
    # marker writer, a photo import and a sync export (every fifth time also a
    # document) are running.  Then the interpreter exits: the bool_dealloc came there.
    log = tmp_path / "committed.txt"
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", str(DRIVER), str(inspected_file), str(log), "50"],
        capture_output=True, text=True, timeout=240, cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert "Fatal Python error" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("status 0 hung False late 0") == 50      # prompt, no stray results
    kinds = committed(inspected_file, log)
    assert kinds["document"] == 10 and kinds["enterprise"] > 0
    assert kinds["photo"] > 0 or not PHOTOS.is_dir()


CRASHING_START = """
import faulthandler, sys
from PySide6.QtCore import QTimer
import main
from ui.app import application
application()
QTimer.singleShot(0, faulthandler._sigsegv)         # a native crash in the running program
sys.exit(main.main(["--workspace", sys.argv[1]]))
"""


def test_a_native_crash_of_the_gui_leaves_its_traceback_in_the_log(workspace_file):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONFAULTHANDLER"}
    done = subprocess.run([sys.executable, "-c", CRASHING_START, str(workspace_file)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT,
                          env={**env, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)})
    assert done.returncode != 0
    log = (workspace_file.parent / "sitecheck.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in log and "main.py" in log
