"""The one way the UI reports an error.

A :class:`SiteCheckError` is something the user can act on: we show its message
and hint.  Anything else is a bug: we show a short apology with the details
folded away, and log the traceback to ``sitecheck.log`` in the data folder.
"""
from __future__ import annotations

import logging
import os
import sqlite3
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from checklists.common.errors import InvalidInput, SiteCheckError
from checklists.common.messages import is_english

LOG = logging.getLogger("sitecheck.ui")
LOG_NAME = "sitecheck.log"
LANGUAGE_PROPERTY = "sitecheck_language"    # set on the application by ui.app.Translation


def ui_language() -> str:
    """The language the UI shows now ("zh" until a translation says otherwise): the
    core's messages are rendered in it."""
    app = QCoreApplication.instance()
    lang = app.property(LANGUAGE_PROPERTY) if app is not None else None
    return str(lang) if lang else "zh"


def inline_text(exc: InvalidInput) -> str:
    """An input error as shown beside its field: the message without the field's
    name, then the hint, in the UI's language."""
    lang = ui_language()
    message, hint = exc.detail.sentence(lang), exc.hint_in(lang)
    if not hint:
        return message
    return f"{message}. {hint}" if is_english(lang) else f"{message}。{hint}"


def setup_logging(data_dir: Path) -> Path:
    """Send unexpected errors to ``<data_dir>/sitecheck.log`` (the folder of the
    workspace open now; opening another one moves the log along)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOG_NAME
    name = os.path.abspath(path)               # as logging.FileHandler records it
    for handler in list(LOG.handlers):
        if isinstance(handler, logging.FileHandler) and handler.baseFilename != name:
            LOG.removeHandler(handler)
            handler.close()
    if not any(getattr(h, "baseFilename", None) == name for h in LOG.handlers):
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        LOG.addHandler(handler)
        LOG.setLevel(logging.INFO)
    return path


def user_error(exc: BaseException) -> BaseException:
    """A disk or database error (full disk, read-only stick, busy workspace) as the
    user's error; anything else unchanged."""
    if isinstance(exc, (OSError, sqlite3.Error)):
        from storage import ioerrors

        mapped = (ioerrors.from_os(exc, "操作") if isinstance(exc, OSError)
                  else ioerrors.from_sqlite(exc, "操作"))
        return mapped or exc
    return exc


def error_text(exc: BaseException) -> tuple[str, str]:
    """(message, hint-or-details) for an exception, as the user will read it."""
    exc = user_error(exc)
    if isinstance(exc, SiteCheckError):
        lang = ui_language()
        return exc.message_in(lang), exc.hint_in(lang)
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return QCoreApplication.translate(
        "errors", "发生了意外错误，操作未完成。详细信息已记录到日志文件 sitecheck.log。"), details


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show ``exc`` to the user (non-blocking, window-modal) and return the box."""
    exc = user_error(exc)
    message, extra = error_text(exc)
    box = QMessageBox(parent)
    box.setObjectName("errorBox")
    box.setWindowTitle(QCoreApplication.translate("errors", "无法完成操作")
                       if isinstance(exc, SiteCheckError)
                       else QCoreApplication.translate("errors", "意外错误"))
    box.setText(message)
    if isinstance(exc, SiteCheckError):
        box.setIcon(QMessageBox.Icon.Warning)
        if extra:
            box.setInformativeText(extra)
    else:
        box.setIcon(QMessageBox.Icon.Critical)
        box.setDetailedText(extra)
        LOG.error("unexpected error: %s\n%s", exc, extra)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
