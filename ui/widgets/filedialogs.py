"""Every file dialog of the program: it opens in the folder last used for the same
purpose, else in the user's documents folder (else the home folder), never in
the folder the program happened to be started from; the folder of the file
chosen is remembered per purpose (``ui.prefs``).

Purposes: ``BUNDLE`` (device bundles), ``PACK`` (headquarters packs), ``LEDGER``
(exported ledgers), ``WORKSPACE``, ``PDF`` (saved documents), ``PHOTOS``, ``SEAL``,
``CHECKLIST`` (checklists imported from Excel).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from ..prefs import remember_folder, remembered_folder

BUNDLE, PACK, LEDGER, WORKSPACE, PDF, PHOTOS, SEAL, CHECKLIST = (
    "bundle", "pack", "ledger", "workspace", "pdf", "photos", "seal", "checklist")


def documents_folder() -> Path:
    """The user's documents folder if it exists, else the home folder."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def start_folder(purpose: str) -> Path:
    """Where a dialog for ``purpose`` opens."""
    return remembered_folder(purpose) or documents_folder()


def start_path(purpose: str, name: str = "") -> str:
    """The start folder, with ``name`` proposed in it (save dialogs)."""
    folder = start_folder(purpose)
    return str(folder / name) if name else str(folder)


def chosen(purpose: str, path: str) -> str:
    """Remember the folder of ``path`` (if one was chosen) for ``purpose``; returns it."""
    if path:
        remember_folder(purpose, Path(path).parent)
    return path


def open_file(parent: QWidget | None, purpose: str, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, start_path(purpose), filters)
    return chosen(purpose, path)


def open_files(parent: QWidget | None, purpose: str, title: str, filters: str) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, start_path(purpose), filters)
    if paths:
        chosen(purpose, paths[0])
    return paths


def save_file(parent: QWidget | None, purpose: str, title: str, name: str, filters: str, *,
              start: str | None = None, confirm_overwrite: bool = True) -> tuple[str, str]:
    """(path, the filter chosen); ``start`` overrides the proposed path (a path typed in)."""
    options = QFileDialog.Option(0) if confirm_overwrite else QFileDialog.Option.DontConfirmOverwrite
    path, selected = QFileDialog.getSaveFileName(parent, title, start or start_path(purpose, name),
                                                 filters, "", options)
    return chosen(purpose, path), selected
