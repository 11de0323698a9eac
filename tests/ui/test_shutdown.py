"""Quitting the GUI and switching workspaces with background jobs in flight.

The issue: native crashes on quit (``Fatal Python error: bool_dealloc``) and a
SIGBUS in a headquarters UI test.  See docs/reliability.md.
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import ui  # noqa: F401 - the program's Qt set-up (ui.qtfix)


class Pinger(QObject):
    ping = Signal(int)


def noop(*_args) -> None:
    pass


def test_emit_and_disconnect_take_no_reference_from_true():
    # PySide6 6.12 returns True from both without its reference: each call took one
    # away, until the interpreter freed True itself at quit (bool_dealloc).
    pinger = Pinger()
    pinger.ping.connect(noop)
    before = sys.getrefcount(True)
    for n in range(2000):
        pinger.ping.emit(n)
    for _ in range(200):
        pinger.ping.connect(noop)
        pinger.ping.disconnect(noop)
    assert sys.getrefcount(True) >= before
