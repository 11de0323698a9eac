"""PySide6 6.12 drops a reference to None on every method call without a result (and to
True/False on emit): on Python 3.11 a long session then aborts with none_dealloc.  The
program's Qt set-up (ui.qtfix) must keep it alive however many calls are made."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from ui import qtfix

ROOT = __file__.rsplit("/tests/", 1)[0]


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})


# Far more calls than None has references in a fresh interpreter (tens of thousands).
CALLS = """
    from PySide6.QtCore import QObject
    o = QObject()
    for _ in range(400_000):
        o.setObjectName("x")      # returns None
        o.blockSignals(False)     # returns a bool
    print("done")
"""


def test_a_long_session_of_qt_calls_ends_cleanly():
    done = run("import ui\n" + textwrap.dedent(CALLS))
    assert done.returncode == 0 and done.stdout.strip() == "done", done.stderr[-2000:]
    assert "Fatal Python error" not in done.stderr


def test_the_binding_still_needs_the_workaround_or_it_is_not_applied():
    """Says which PySide6 this is: where the binding counts correctly, nothing is changed;
    where it loses references, the workaround is what keeps the session above alive."""
    bare = run(CALLS)                            # without the program's set-up
    losing = qtfix.install()
    if losing and not all(qtfix.immortal(o) for o in qtfix.SINGLETONS):
        assert bare.returncode != 0 and "_dealloc" in bare.stderr, "the binding was fixed: drop ui.qtfix"
        assert all(sys.getrefcount(o) >= qtfix.RESERVE for o in qtfix.SINGLETONS)
    else:
        assert bare.returncode == 0
