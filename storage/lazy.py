"""Modules imported on their first use.

The Workspace facade names every area of the core, but one process uses few of
them: a `documents render` never draws a plan, scores an enterprise file, builds a
report or records a penalty, and importing those areas (their dataclasses, their
own imports) is time every command pays before it starts.  The facade therefore
binds such an area to a ``LazyModule``: the name is there from the start, the
module is imported when an attribute of it is first read (under the import
system's own lock, so from any thread), and every later read goes to the module.

Only the facade uses this, for the areas listed in ``storage/workspace.py``
(``# ----- areas imported on first use``); type checkers see the plain imports.
"""
from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for the module ``name`` and imports it when first asked for an attribute.

    Its own attributes are private, so that every public name reads the module's."""

    __slots__ = ("_module", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def _load(self) -> ModuleType:
        if self._module is None:
            self._module = import_module(self._name)
        return self._module

    def __getattr__(self, attribute: str) -> Any:
        if attribute in LazyModule.__slots__:   # not set yet (a copy being made): no module to ask
            raise AttributeError(attribute)
        return getattr(self._load(), attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}{'' if self._module is None else ' (imported)'}>"
