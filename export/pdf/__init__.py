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

Pillow's ``PIL.Image``, which reportlab imports when it starts (``reportlab.lib.utils``),
is run on first use when this package is imported before it: the photos of a
document are embedded as their JPEG bytes (``export.pdf.photos``), so a process that
renders documents and reads or makes no picture never runs it (7.5 ms, with its EXIF
and TIFF tag tables).  ``import PIL.Image`` and ``from PIL import Image`` give the
same module object as always; its code runs when an attribute is first read from it,
under a lock, so a second thread waits for the first.
"""
from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import threading
import types
from functools import cache
from pathlib import Path


class _RunOnFirstUse(types.ModuleType):
    """A module, imported, whose code runs when a name is first asked of it."""

    def __getattr__(self, name: str):
        # reached for a name the module does not hold: at first, every name
        with _FIRST_USE:
            if self.__dict__.pop("_run_on_first_use", False):
                try:
                    self.__spec__.loader.exec_module(self)
                except BaseException:
                    self._run_on_first_use = True  # as a failed import: tried again next time
                    raise
                self.__class__ = types.ModuleType
        return types.ModuleType.__getattribute__(self, name)


_FIRST_USE = threading.RLock()


def defer_pillow_image() -> None:
    """Put ``PIL.Image`` in place without running it, unless it has been imported."""
    if "PIL.Image" in sys.modules:
        return
    spec = importlib.util.find_spec("PIL.Image")
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    module.__class__ = _RunOnFirstUse
    module._run_on_first_use = True
    sys.modules["PIL.Image"] = module
    sys.modules["PIL"].Image = module


defer_pillow_image()

import reportlab  # noqa: E402  (after the stand-in for PIL.Image, which it imports)

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
