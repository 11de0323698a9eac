"""What the dialogs that issue a document share: the background job's outcome."""
from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QDialog

from storage.records import Document

from ..errors import show_error


class IssuingDialog(QDialog):
    """A dialog whose ``issue_button`` starts a background job issuing one document:
    it closes with ``issued`` set, or shows the refusal and stays open, input kept."""

    issued: Document | None = None

    def _issued(self, doc: Document) -> None:
        if shiboken6.isValid(self):
            self.issued = doc
            self.accept()

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.issue_button.setEnabled(True)
            show_error(self, exc)
