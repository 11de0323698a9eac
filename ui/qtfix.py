"""A workaround for PySide6 6.12's reference counting of the bool a signal returns.

``SignalInstance.emit()`` and ``SignalInstance.disconnect()`` hand back ``True``
(or ``False``) without the reference a returned object must carry, so every call
takes one reference away from the interpreter's ``True``.  Every progress report
of a background job is an emit; after a few thousand of them ``True`` counts
fewer references than there are holders, and the count reaches zero while the
interpreter tears down at quit: ``Fatal Python error: bool_dealloc``.

``install()`` measures this once and, only if the binding does lose the
reference, wraps both methods so that they add it back.  A PySide6 that counts
correctly is left alone.
"""
from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

PROBES = 64

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def _noop() -> None:
    pass


def loses_reference(call: Callable[[], Any]) -> bool:
    """Whether each ``call()`` returns a bool without a reference of its own."""
    result = call()
    before = sys.getrefcount(result)
    for _ in range(PROBES):
        call()
    return sys.getrefcount(result) <= before - PROBES


def _keeping_reference(method: Callable[..., Any]) -> Callable[..., Any]:
    def call(self, *args: Any, **kwargs: Any) -> Any:
        result = method(self, *args, **kwargs)
        if result is True or result is False:
            _incref(result)             # the reference the binding did not add
        return result

    call.__name__, call.__doc__ = method.__name__, method.__doc__
    return call


def probes() -> dict[str, Callable[[], Any]]:
    """One call of each affected method, on a private object."""
    probe = _Probe()
    return {
        "emit": lambda: probe.ping.emit(),
        "disconnect": lambda: (probe.ping.connect(_noop), probe.ping.disconnect(_noop))[1],
    }


def install() -> list[str]:
    """Wrap the methods that lose a reference (once); the names wrapped."""
    fixed = []
    for name, call in probes().items():
        if loses_reference(call):
            setattr(SignalInstance, name, _keeping_reference(getattr(SignalInstance, name)))
            fixed.append(name)
    return fixed
