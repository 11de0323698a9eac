"""Qt's own buttons and dialogs speak the UI's language (issue 10 §5)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox


def _buttons() -> tuple[str, str]:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    texts = (box.button(QDialogButtonBox.StandardButton.Save).text(),
             box.button(QDialogButtonBox.StandardButton.Cancel).text())
    box.deleteLater()
    return texts


def test_standard_buttons_follow_the_language(qtbot, window):
    window.translation.set("zh_CN")
    assert _buttons() == ("保存", "取消")
    window.translation.set("en")
    assert _buttons() == ("Save", "Cancel")
    window.translation.set("zh_CN")
    assert _buttons() == ("保存", "取消")
