"""Start the GUI, put background jobs in flight, close the window (tests/ui/test_shutdown.py).

Run as a process of its own, it starts the GUI COUNT times through
``main.py``'s start path, as a user starts it, and then exits normally:

    python tests/ui/quit_driver.py WORKSPACE COMMITTED_LOG COUNT

Every job appends what it has committed to COMMITTED_LOG (one ``kind id`` a
line), so the test can check afterwards that each committed write is there.
"""
from __future__ import annotations

import sys
import threading
from pathlib import Path

if __name__ == "__main__":            # run as a script: the repository root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import main
from ui.app import application
from ui.dialogs.sync import export_job
from ui.mainwindow import MainWindow
from ui.views.finish import issue_job
from ui.widgets.photos import PhotoTarget, import_photos_job

PHOTOS = Path(__file__).resolve().parents[3] / "shared" / "testdata" / "photos" / "jpg"
MARKERS = 200                 # enterprises the marker job adds, one transaction each
HANG_MS = 20000               # the event loop still running then: the quit was lost
DELAYS_MS = (0, 30, 80, 150, 300, 600)      # when the window is closed, cycle after cycle

_log_lock = threading.Lock()


def log_committed(log: Path, kind: str, ident: str) -> None:
    with _log_lock, open(log, "a", encoding="utf-8") as out:
        out.write(f"{kind} {ident}\n")


def markers_job(log: Path, tag: str):
    """Add enterprises one transaction each, logging each after its commit; cancellable."""
    def job(ws, progress):
        for n in range(MARKERS):
            progress.check()
            progress.report(n, MARKERS, tag)
            ent = ws.add_enterprise(name=f"退出测试-{tag}-{n}")
            log_committed(log, "enterprise", ent.id)
        return MARKERS
    return job


def logged(job, log: Path, kind: str, ids):
    """``job``, logging the ids of what it returns once it has committed."""
    def wrapped(ws, progress):
        result = job(ws, progress)
        for ident in ids(result):
            log_committed(log, kind, ident)
        return result
    return wrapped


def start_jobs(window: MainWindow, log: Path, tag: str, *, document: bool) -> list:
    """Put a marker writer, a photo import, a sync export (and a document) in flight.

    Returns the list the jobs' ``on_done`` append ``(window still shown, result)`` to.
    """
    ws, ops, delivered = window.ctx.ws, window.ctx.ops, []

    def done(result) -> None:
        delivered.append((shiboken6.isValid(window) and window.isVisible(), result))

    inspections = ws.inspections()
    ops.run(markers_job(log, tag), parent=window, title="标记", on_done=done)
    photos = sorted(PHOTOS.glob("*_*.jpg"))[:2] if PHOTOS.is_dir() else []
    if photos:
        job = import_photos_job(PhotoTarget(inspections[0].id), [str(p) for p in photos])
        ops.run(logged(job, log, "photo", lambda r: [p.id for p in r[0]]), parent=window,
                title="照片", on_done=done)
    out = Path(log).with_name(f"{tag}.bundle")
    ops.run(export_job(str(out), False), parent=window, title="导出", on_done=done)
    if document:
        job = issue_job("record", inspections[-1].id)
        ops.run(logged(job, log, "document", lambda d: [d.id]), parent=window, title="文书",
                on_done=done, cancellable=False)
    return delivered


def schedule(log: Path, tag: str, delay_ms: int, *, document: bool) -> dict:
    """Once the window is up: start the jobs, close the window ``delay_ms`` later."""
    app = application()
    state: dict = {"hung": False}

    def kick() -> None:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        state["delivered"] = start_jobs(window, log, tag, document=document)
        QTimer.singleShot(delay_ms, window.close)

    def hung() -> None:
        state["hung"] = True
        app.quit()

    QTimer.singleShot(0, kick)
    state["watchdog"] = watchdog = QTimer(app)
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(hung)
    watchdog.start(HANG_MS)
    return state


def cycles(file: str, log: Path, count: int) -> int:
    """Start and quit the GUI ``count`` times through main.py's start path; 0 if each
    quit came promptly, with status 0 and no result handed to a closed window."""
    failures = 0
    for n in range(count):
        state = schedule(log, f"c{n}", DELAYS_MS[n % len(DELAYS_MS)], document=n % 5 == 0)
        status = main.main(["--workspace", file])
        state["watchdog"].stop()
        state["watchdog"].deleteLater()
        late = sum(1 for shown, _ in state.get("delivered", []) if not shown)
        print(f"cycle {n} status {status} hung {state['hung']} late {late}", flush=True)
        failures += bool(status or state["hung"] or late)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(cycles(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])))
