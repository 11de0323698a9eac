"""A workaround for PySide6 6.12's reference counting of ``None``, ``True`` and ``False``.

PySide6 6.12 returns ``None`` from every method without a result (``setEnabled``,
``setText``, ``resize`` …) and ``True``/``False`` from ``SignalInstance.emit()`` and
``disconnect()`` without adding the reference a returned object must carry.  From
Python 3.12 on these objects are immortal (PEP 683) and the missing reference does
not matter; on Python 3.11 (Debian 12's Python) every such call takes one reference
away.  A session of a few hundred thousand calls, or 50 start-and-quit rounds in the
tests, brings the count to zero and the interpreter aborts:
``Fatal Python error: none_dealloc`` (or ``bool_dealloc``).  Earlier PySide6 releases
count correctly but have no QtPdf in the lean wheels, so we stay on 6.12.

``install()`` measures this once.  Only if the binding loses references, and only on
a Python where these objects are not immortal, it gives each of them a reserve of
2**40 references (what immortality amounts to in 3.12): at a million lost references
a second, the reserve lasts twelve days of computing.  A binding that counts
correctly is left alone.
"""
from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

PROBES = 64
RESERVE = 1 << 40
SINGLETONS = (None, True, False)


class _Probe(QObject):
    ping = Signal()


def _noop() -> None:
    pass


def loses_reference(call: Callable[[], Any]) -> bool:
    """Whether each ``call()`` returns its (singleton) result without a reference of its own."""
    result = call()
    before = sys.getrefcount(result)
    for _ in range(PROBES):
        call()
    return sys.getrefcount(result) <= before - PROBES


def probes() -> dict[str, Callable[[], Any]]:
    """One call of each kind that returns a singleton, on a private object."""
    probe = _Probe()
    return {
        "void method (None)": lambda: probe.setObjectName("probe"),
        "emit (True)": lambda: probe.ping.emit(),
        "disconnect (True)": lambda: (probe.ping.connect(_noop), probe.ping.disconnect(_noop))[1],
    }


def immortal(obj: object) -> bool:
    """Whether ``obj`` is immortal (Python 3.12+: its count never changes)."""
    return sys.version_info >= (3, 12) and sys.getrefcount(obj) >= (1 << 32) - 1


def give_reserve(obj: object) -> None:
    """Add RESERVE references to ``obj`` at once (CPython: ob_refcnt is the object's first field)."""
    count = ctypes.c_ssize_t.from_address(id(obj))
    count.value += RESERVE


def install() -> list[str]:
    """Apply the workaround where it is needed (once); the kinds of call that lose references."""
    losing = [name for name, call in probes().items() if loses_reference(call)]
    if losing and sys.implementation.name == "cpython":
        for obj in SINGLETONS:
            if not immortal(obj) and sys.getrefcount(obj) < RESERVE:
                give_reserve(obj)
    return losing
