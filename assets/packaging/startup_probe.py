"""Start-up probe (docs/packaging.md): the program's own start on the workspace named,
then one line once the main window is shown and the event loop idle, and quit.

Frozen in place of main.py (SITECHECK_STARTUP_PROBE=1), or run by any Python, so every
packaging candidate is timed from process start to the same point.
"""
import sys

from PySide6.QtCore import QTimer

from ui.app import start

app, window = start(sys.argv[1])
QTimer.singleShot(0, lambda: (print("SITECHECK-READY", flush=True), app.quit()))
app.exec()
