"""Preferences of the program itself, not of a workspace: the last workspace opened.

A small QSettings INI file in the user data folder, beside the default
workspace, so a portable install (``SITECHECK_HOME``) keeps its own.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from storage.paths import data_dir

PREFS_NAME = "sitecheck.ini"
LAST_WORKSPACE = "workspace/last"


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
