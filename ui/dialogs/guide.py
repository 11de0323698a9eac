"""F1: the user guide (``assets/guide/zh.md`` or ``en.md`` by the interface language),
Markdown shown by Qt, with a table of contents built from its headings."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
)

from ..prefs import available_area

GUIDE_DIR = Path(__file__).resolve().parents[2] / "assets" / "guide"
CONTENTS_LEVELS = (2, 3)             # the headings listed in the contents


def guide_file(lang: str) -> Path:
    return GUIDE_DIR / ("zh.md" if lang.startswith("zh") else "en.md")


class GuideDialog(QDialog):
    def __init__(self, lang: str, parent=None):
        super().__init__(parent)
        self.lang = lang
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("使用说明"))
        self.text = QTextBrowser()
        self.text.setObjectName("guideText")
        self.text.setOpenExternalLinks(True)
        self.text.setMarkdown(guide_file(lang).read_text(encoding="utf-8"))
        self.contents = QListWidget()
        self.contents.setObjectName("guideContents")
        self.contents.setWordWrap(True)
        self._fill_contents()
        self.contents.currentRowChanged.connect(self.show_section)
        self.contents.itemClicked.connect(lambda item: self.show_section(self.contents.row(item)))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("guideSplit")
        split.addWidget(self.contents)
        split.addWidget(self.text)
        split.setStretchFactor(1, 1)
        split.setSizes([230, 620])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        # within a small screen (1366x768 at scale 1.5), frame and taskbar aside
        self.resize(QSize(900, 640).boundedTo(available_area(self).size() - QSize(40, 80)))
        self.contents.setFocus()

    def _fill_contents(self) -> None:
        """One entry per heading of the levels listed, pointing at its place in the text."""
        block = self.text.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level in CONTENTS_LEVELS:
                item = QListWidgetItem("　" * (level - CONTENTS_LEVELS[0]) + block.text())
                item.setData(Qt.ItemDataRole.UserRole, block.position())
                self.contents.addItem(item)
            block = block.next()

    def headings(self) -> list[str]:
        return [self.contents.item(n).text().strip("　") for n in range(self.contents.count())]

    def show_section(self, row: int) -> None:
        """Scroll the text so that the heading of contents entry ``row`` is at the top."""
        item = self.contents.item(row)
        if item is None:
            return
        document = self.text.document()
        block = document.findBlock(item.data(Qt.ItemDataRole.UserRole))
        cursor = QTextCursor(block)
        self.text.setTextCursor(cursor)
        top = document.documentLayout().blockBoundingRect(block).top()
        self.text.verticalScrollBar().setValue(int(top))
