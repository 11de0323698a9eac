"""Checklists: the built-in YAML checklists and the loader that turns them into objects.

The loader (and PyYAML with it) is imported on first use of one of its
functions, so that opening a workspace whose checklists are already installed
does not pay for it at start-up.
"""
from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

from checklists.common.errors import ChecklistInvalid, Problem
from checklists.model import AnswerSpec, Checklist, Citation, Item, Section

_LOADER_NAMES = ("check_file", "check_text", "content_hash", "load_builtin", "load_file", "load_text")

__all__ = [
    "AnswerSpec", "Checklist", "ChecklistInvalid", "Citation", "Item", "Problem", "Section",
    "builtin_dir", *_LOADER_NAMES,
]


def builtin_dir() -> Path:
    """The folder of the built-in checklist files (this package)."""
    return Path(__file__).resolve().parent


def __getattr__(name: str) -> Any:
    if name in _LOADER_NAMES:
        return getattr(import_module("checklists.loader"), name)
    raise AttributeError(f"module 'checklists' has no attribute {name!r}")
