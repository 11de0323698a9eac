"""Document layout with reportlab (see export/documents.py).

Importing this package imports reportlab's paragraph module with the regular
expressions that it and its ``textsplit`` module compile at import time made on
first use instead: a case-insensitive URL pattern over the whole Basic
Multilingual Plane that only the hyphenation of URLs uses (20 ms to compile), and
a pattern over all CJK characters that only ``textsplit.cjkwrap`` uses (2-8 ms);
together a tenth of a whole ``documents render`` process.  Only those two
modules' own patterns are deferred (both only call methods of them); every other
caller of ``re.compile`` is served as always.

The QR encoder of the page footer is reportlab's ``qrencoder`` module, loaded from
its file on its own: importing it as ``reportlab.graphics.barcode.qrencoder`` first
runs its package, which imports every barcode widget and reportlab's graphics
(7 ms) that the documents never use.
"""
from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from functools import cache
from pathlib import Path

import reportlab

PARAGRAPH = "reportlab.platypus.paragraph"
LAZY_PATTERNS_IN = frozenset({PARAGRAPH, "reportlab.lib.textsplit"})  # modules whose patterns wait


class LazyPattern:
    """A compiled regular expression, compiled when first used."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern, flags) -> None:
        self._args = (pattern, flags)
        self._compiled = None

    def __getattr__(self, name):
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)


def import_paragraph():
    """reportlab's paragraph module, imported with its (and textsplit's) patterns compiled lazily."""
    if PARAGRAPH in sys.modules:
        return sys.modules[PARAGRAPH]
    compile_now = re.compile

    def compile_for_paragraph(pattern, flags=0):
        if sys._getframe(1).f_globals.get("__name__") in LAZY_PATTERNS_IN:
            return LazyPattern(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_for_paragraph
    try:
        return importlib.import_module(PARAGRAPH)
    finally:
        re.compile = compile_now


@cache
def qrencoder():
    """reportlab's QR encoder module (``reportlab.graphics.barcode.qrencoder``, a
    module of its own that imports only the standard library), without its package."""
    path = Path(reportlab.__file__).parent / "graphics" / "barcode" / "qrencoder.py"
    spec = importlib.util.spec_from_file_location("export.pdf._rl_qrencoder", path)
    if spec is None or not path.is_file():  # e.g. packed into an archive: the usual way
        from reportlab.graphics.barcode import qrencoder as module

        return module
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


import_paragraph()
