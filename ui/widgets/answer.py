"""The value of a checklist answer, edited the way its item asks for.

A number gets a numeric field with its unit and the item's range beside it
(red when the value is outside: 超出范围（0.1–1.6 MPa）); a choice gets a combo box
of the item's choices; free text a line edit.  A pass/fail item has no value,
and the editor hides.  The editor does not save: the walk does, through
``Workspace.set_answer``, and hands back the InvalidInput it may raise.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from checklists.common.errors import InvalidInput
from checklists.common.vocabulary import AnswerKind
from checklists.model import AnswerSpec

from ..context import OVERDUE_RED
from ..errors import inline_text

HINT_GREY = "#607d8b"


def as_number(text: str) -> float | None:
    """The number typed, read as the workspace reads it, or None."""
    try:
        return float(text.strip())
    except ValueError:
        return None


def outside(spec: AnswerSpec, number: float | None) -> bool:
    """Whether ``number`` lies outside the item's min/max (a missing number never does)."""
    if number is None:
        return False
    return (spec.min is not None and number < spec.min) or (spec.max is not None and number > spec.max)


def range_text(spec: AnswerSpec) -> str:
    """0.1–1.6 MPa, ≥ 0.1 MPa, ≤ 1.6 MPa, or "" when the item has no limits."""
    unit = f" {spec.unit}" if spec.unit else ""
    if spec.min is not None and spec.max is not None:
        return f"{spec.min:g}–{spec.max:g}{unit}"
    if spec.min is not None:
        return f"≥ {spec.min:g}{unit}"
    if spec.max is not None:
        return f"≤ {spec.max:g}{unit}"
    return ""


class AnswerEditor(QWidget):
    """Number, choice or text value of one answer, with a message beside it."""

    committed = Signal()            # the value should be saved now
    range_changed = Signal(bool)    # whether the number typed is outside the item's range

    def __init__(self, parent=None):
        super().__init__(parent)
        self.spec = AnswerSpec()
        self.item_id = ""
        self.line = QLineEdit()
        self.line.setObjectName("answerValue")
        self.line.editingFinished.connect(self.committed)
        self.line.textEdited.connect(lambda *_: self._text_edited())
        self.choice = QComboBox()
        self.choice.setObjectName("answerChoice")
        self.choice.setMinimumWidth(220)
        self.choice.activated.connect(lambda *_: self.committed.emit())
        self.unit = QLabel()
        self.unit.setObjectName("answerUnit")
        self.flag = QLabel()
        self.flag.setObjectName("answerFlag")
        self.flag.setWordWrap(True)
        self.flag.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._error = ""
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line)
        row.addWidget(self.choice)
        row.addWidget(self.unit)
        row.addWidget(self.flag, 1)

    # ----- showing one item ------------------------------------------------------------
    def set_item(self, item_id: str, spec: AnswerSpec, value: str | None) -> None:
        """Show the editor the item's answer kind needs, holding the stored ``value``."""
        self.item_id, self.spec = item_id, spec
        kind = spec.kind
        self.setVisible(kind != AnswerKind.PASS_FAIL)
        number = kind == AnswerKind.NUMBER
        self.line.setVisible(kind in (AnswerKind.NUMBER, AnswerKind.TEXT))
        self.choice.setVisible(kind == AnswerKind.CHOICE)
        self.unit.setVisible(number and bool(spec.unit))
        self.unit.setText(spec.unit or "")
        self.line.setMaximumWidth(180 if number else 16777215)
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight if number else Qt.AlignmentFlag.AlignLeft)
        self.line.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly if number
                                      else Qt.InputMethodHint.ImhNone)
        self.line.setPlaceholderText(self.tr("数值") if number else self.tr("填写内容"))
        self.line.setText(value or "" if kind != AnswerKind.CHOICE else "")
        self.line.setModified(False)
        self.choice.clear()
        if kind == AnswerKind.CHOICE:
            self.choice.addItem(self.tr("（请选择）"), None)
            for text in spec.choices:
                self.choice.addItem(text, text)
            self.choice.setCurrentIndex(max(0, self.choice.findData(value)) if value else 0)
        self._error = ""
        self._show_flag()

    def value(self) -> str | None:
        """The value as typed or chosen; None when empty."""
        if self.spec.kind == AnswerKind.CHOICE:
            return self.choice.currentData()
        if self.spec.kind == AnswerKind.PASS_FAIL:
            return None
        return self.line.text().strip() or None

    def out_of_range(self) -> bool:
        return self.spec.kind == AnswerKind.NUMBER and outside(self.spec, as_number(self.line.text()))

    # ----- messages --------------------------------------------------------------------
    def owns(self, exc: InvalidInput) -> bool:
        """Whether ``exc`` is about this editor's value (Workspace names it "<item> 数值/选项")."""
        return bool(self.item_id) and exc.field.startswith(f"{self.item_id} ")

    def show_invalid(self, exc: InvalidInput) -> None:
        self._error = inline_text(exc)
        self._show_flag()

    def clear_error(self) -> None:
        if self._error:
            self._error = ""
            self._show_flag()

    def flag_text(self) -> str:
        return self.flag.text() if self.flag.isVisibleTo(self) else ""

    def flag_is_warning(self) -> bool:
        return bool(self._error) or self.out_of_range()

    def _text_edited(self) -> None:
        self._error = ""
        self._show_flag()

    def _show_flag(self) -> None:
        limits = range_text(self.spec) if self.spec.kind == AnswerKind.NUMBER else ""
        if self._error:
            text, colour = self._error, OVERDUE_RED
        elif self.out_of_range():
            text, colour = self.tr("超出范围（%1）").replace("%1", limits), OVERDUE_RED
        elif limits:
            text, colour = self.tr("范围：%1").replace("%1", limits), HINT_GREY
        else:
            text, colour = "", HINT_GREY
        self.flag.setText(text)
        self.flag.setStyleSheet(f"color: {colour};")
        self.flag.setVisible(bool(text))
        self.range_changed.emit(self.out_of_range())

