"""Preferences of the program itself, not of a workspace: the last workspace opened,
the last print choice (printer, copies, duplex: they belong to the machine), the
last folder a file dialog was used in for each purpose, and the main window's
geometry and splitter positions.

A small QSettings INI file in the user data folder, beside the default
workspace, so a portable install (``SITECHECK_HOME``) keeps its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter, QWidget

from storage.paths import data_dir

PREFS_NAME = "sitecheck.ini"
LAST_WORKSPACE = "workspace/last"
PRINT_QUEUE, PRINT_COPIES, PRINT_DUPLEX = "print/queue", "print/copies", "print/duplex"
WINDOW_GEOMETRY, SPLITTERS = "window/geometry", "splitters"
HQ_URL = "headquarters/url"              # the PostgreSQL headquarters this PC reads ("" = none)
LAST_FOLDER = "folders"                 # folders/<purpose>: where that dialog was last used
DEFAULT_WINDOW = QSize(1280, 800)       # on a larger screen; a smaller one gets all it has


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


def remembered_hq_url() -> str:
    """The PostgreSQL headquarters address this PC connected to ("" = the workspace)."""
    return str(preferences().value(HQ_URL, ""))


def remember_hq_url(url: str) -> None:
    prefs = preferences()
    if url:
        prefs.setValue(HQ_URL, url)
    else:
        prefs.remove(HQ_URL)
    prefs.sync()


def remembered_folder(purpose: str) -> Path | None:
    """The folder a file dialog for ``purpose`` was last used in, if it still exists."""
    value = preferences().value(f"{LAST_FOLDER}/{purpose}", "")
    return Path(value) if value and Path(value).is_dir() else None


def remember_folder(purpose: str, folder: Path) -> None:
    prefs = preferences()
    prefs.setValue(f"{LAST_FOLDER}/{purpose}", str(Path(folder).resolve()))
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


def place_window(window: QWidget) -> None:
    """The remembered geometry of the main window (else the default size, centred),
    kept within the screen's available area."""
    saved = preferences().value(WINDOW_GEOMETRY)
    if not (saved and window.restoreGeometry(saved)):
        window.resize(DEFAULT_WINDOW)
        window.move(available_area(window).center() - window.rect().center())
    if not (window.isMaximized() or window.isFullScreen()):
        keep_on_screen(window)


def available_area(window: QWidget):
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def keep_on_screen(window: QWidget) -> None:
    """Shrink the window, frame included, to the available area and move it onto it."""
    area = available_area(window)
    frame = window.frameGeometry()
    extra = frame.size() - window.size()            # the title bar and borders, once shown
    window.resize(window.size().boundedTo(area.size() - extra))
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    window.move(QPoint(x, y))


def remember_window(window: QWidget) -> None:
    prefs = preferences()
    prefs.setValue(WINDOW_GEOMETRY, window.saveGeometry())
    prefs.sync()


def _named_splitters(view: QWidget) -> list[QSplitter]:
    return [s for s in view.findChildren(QSplitter) if s.objectName()]


def restore_splitters(view: QWidget, key: str) -> None:
    """The splitter positions of ``view`` (registered as ``key``) as the user left them."""
    prefs = preferences()
    for splitter in _named_splitters(view):
        state = prefs.value(f"{SPLITTERS}/{key}/{splitter.objectName()}")
        if state:
            splitter.restoreState(state)


def remember_splitters(view: QWidget, key: str) -> None:
    prefs = preferences()
    for splitter in _named_splitters(view):
        prefs.setValue(f"{SPLITTERS}/{key}/{splitter.objectName()}", splitter.saveState())
    prefs.sync()
