"""A form whose rows can show an error right under their field.

``InvalidInput.field`` names the field in Chinese (as storage/validate.py and
the Workspace spell it); each row registers the names it answers to.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import InvalidInput, SiteCheckError
from storage.validate import TEXT_RULES

from ..context import OVERDUE_RED
from ..errors import inline_text, show_error

T = TypeVar("T")


def limit_length(edit: QLineEdit, table: str, column: str) -> QLineEdit:
    """Stop typing at the column's limit (storage.validate.TEXT_RULES); the
    Workspace checks it again, with a message, whatever the widget allows."""
    edit.setMaxLength(TEXT_RULES[(table, column)].limit)
    return edit


class FieldForm(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setVerticalSpacing(10)
        self.layout_.setHorizontalSpacing(16)
        # a label goes above its field where the two do not fit side by side (683 px wide)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._errors: dict[str, QLabel] = {}
        self._aliases: dict[str, str] = {}
        self.widgets: dict[str, QWidget] = {}

    def add_row(self, key: str, label: str, widget: QWidget, *aliases: str,
                beside: QWidget | None = None) -> QWidget:
        """A labelled field with its error line under it (and ``beside`` it, e.g. a 新增… button)."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if beside is None:
            column.addWidget(widget)
        else:
            line = QHBoxLayout()
            line.addWidget(widget, 1)
            line.addWidget(beside, 0, Qt.AlignmentFlag.AlignTop)
            column.addLayout(line)
        error = QLabel(box)
        error.setObjectName(f"error_{key}")
        error.setStyleSheet(f"color: {OVERDUE_RED};")
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        self.layout_.addRow(label, box)
        self._errors[key] = error
        self.widgets[key] = widget
        for name in (label.rstrip("：:* "), *aliases):
            self._aliases[name] = key
        return widget

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.clear()
            label.hide()

    def error_text(self, key: str) -> str:
        label = self._errors[key]
        return label.text() if label.isVisibleTo(self) else ""

    def show_invalid(self, exc: InvalidInput) -> bool:
        """Put the message next to its field; False if no field answers to it."""
        key = self._aliases.get(exc.field) or (exc.field if exc.field in self._errors else None)
        if key is None:
            return False
        self._errors[key].setText(inline_text(exc))
        self._errors[key].show()
        self.widgets[key].setFocus()
        return True

    def submit(self, write: Callable[[], T]) -> T | None:
        """Run a workspace write for this form; None if it was refused.

        A refused value is shown under its field; any other refusal goes
        through ``show_error``.
        """
        self.clear_errors()
        try:
            return write()
        except InvalidInput as exc:
            if not self.show_invalid(exc):
                show_error(self.window(), exc)
        except SiteCheckError as exc:
            show_error(self.window(), exc)
        return None

    def place_in(self, dialog: QDialog, on_save: Callable[[], None]) -> None:
        """Lay this form out in ``dialog`` above Save and Cancel buttons."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(on_save)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(self)
        layout.addWidget(buttons)
