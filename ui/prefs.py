"""Preferences of the program itself, not of a workspace: the last workspace opened
and the last print choice (printer, copies, duplex: they belong to the machine).

A small QSettings INI file in the user data folder, beside the default
workspace, so a portable install (``SITECHECK_HOME``) keeps its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from storage.paths import data_dir

PREFS_NAME = "sitecheck.ini"
LAST_WORKSPACE = "workspace/last"
PRINT_QUEUE, PRINT_COPIES, PRINT_DUPLEX = "print/queue", "print/copies", "print/duplex"


@dataclass(frozen=True)
class PrintChoice:
    """What the print dialog asks: the CUPS queue ("" = none chosen yet), copies, duplex."""

    queue: str = ""
    copies: int = 1
    duplex: bool = False


def preferences() -> QSettings:
    return QSettings(str(data_dir() / PREFS_NAME), QSettings.Format.IniFormat)


def remembered_workspace() -> Path | None:
    """The workspace file the program had open last (None if none was remembered)."""
    value = preferences().value(LAST_WORKSPACE, "")
    return Path(value) if value else None


def remember_workspace(path: Path | None) -> None:
    prefs = preferences()
    if path is None:
        prefs.remove(LAST_WORKSPACE)
    else:
        prefs.setValue(LAST_WORKSPACE, str(Path(path).resolve()))
    prefs.sync()


def remembered_print_choice() -> PrintChoice:
    prefs = preferences()
    return PrintChoice(str(prefs.value(PRINT_QUEUE, "")), int(prefs.value(PRINT_COPIES, 1, type=int)),
                       bool(prefs.value(PRINT_DUPLEX, False, type=bool)))


def remember_print_choice(choice: PrintChoice) -> None:
    prefs = preferences()
    prefs.setValue(PRINT_QUEUE, choice.queue)
    prefs.setValue(PRINT_COPIES, choice.copies)
    prefs.setValue(PRINT_DUPLEX, choice.duplex)
    prefs.sync()
