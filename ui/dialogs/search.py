"""Ctrl+F: one search over enterprises, equipment and findings, grouped by kind.

Type (the search runs in the background a moment after the last key), move with
Up / Down (the focus stays in the text field), Enter opens the chosen hit and
closes the dialog; Esc closes it.  The query is the core's
``Workspace.search_all``; what opening means is the main window's ``open_hit``.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from storage.search import EnterpriseHit, EquipmentHit, FindingHit, Group, SearchResults

from ..context import Context
from ..prefs import available_area

DEBOUNCE_MS = 200
LIMIT = 20                           # hits shown per kind
NAVIGATION_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
HIT = Qt.ItemDataRole.UserRole


def shortened(text: str, length: int = 36) -> str:
    """A long description cut short, so the enterprise and state beside it show too."""
    return text if len(text) <= length else text[:length - 1] + "…"


def search_job(text: str):
    def job(ws, progress):
        return ws.search_all(text, limit=LIMIT)
    return job


class SearchDialog(QDialog):
    chosen = Signal(object)          # the EnterpriseHit, EquipmentHit or FindingHit opened

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.results_shown: SearchResults | None = None
        self._generation = 0
        self._shown_generation = 0
        self._open_when_shown = False   # Enter came before the search's answer
        self.setObjectName("searchDialog")
        self.setWindowTitle(self.tr("搜索"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.query = QLineEdit()
        self.query.setObjectName("searchText")
        self.query.setPlaceholderText(self.tr("单位名称、信用代码、地址，设备代码、类别、位置，隐患描述或检查项…"))
        self.query.setClearButtonEnabled(True)
        self.query.installEventFilter(self)
        self.tree = QTreeWidget()
        self.tree.setObjectName("searchResults")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(0)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)      # the keys stay in the text field
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemActivated.connect(lambda item, _col: self.open_item(item))
        self.state = QLabel(self.tr("输入文字开始搜索"))
        self.state.setObjectName("searchState")
        keys = QLabel(self.tr("↑ ↓ 选择　Enter 打开　Esc 关闭"))
        keys.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.state)
        layout.addWidget(self.tree, 1)
        layout.addWidget(keys)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run)
        self.query.textChanged.connect(self._debounce.start)
        # within a small screen (1366x768 at scale 1.5), frame and taskbar aside
        self.resize(QSize(720, 520).boundedTo(available_area(self).size() - QSize(40, 80)))
        self.query.setFocus()

    # ----- searching -------------------------------------------------------------------
    def run(self):
        """Search for the text now (in the background); the newest answer wins."""
        self._debounce.stop()
        self._generation += 1
        self.tree.clear()               # what is listed always belongs to the text shown
        generation, text = self._generation, self.query.text()
        if not text.strip():
            self.show_results(generation, SearchResults(""))
            return None
        self.state.setText(self.tr("正在搜索…"))
        return self.ctx.ops.run(search_job(text), parent=self, title="", show_progress=False,
                                on_done=lambda results: self.show_results(generation, results))

    def show_results(self, generation: int, results: SearchResults) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return                      # an older search, or the dialog is gone
        self.results_shown = results
        self._shown_generation = generation
        self.tree.clear()
        for title, group, text in ((self.tr("企业单位"), results.enterprises, self._enterprise_text),
                                   (self.tr("设备"), results.equipment, self._equipment_text),
                                   (self.tr("发现的隐患"), results.findings, self._finding_text)):
            if group.hits:
                self._add_group(title, group, text)
        first = self.hit_items()[:1]
        if first:
            self.tree.setCurrentItem(first[0])
        if self._open_when_shown:
            self._open_when_shown = False
            self.open_item(self.tree.currentItem())
        if not results.text:
            self.state.setText(self.tr("输入文字开始搜索"))
        elif not results.count:
            self.state.setText(self.tr("没有找到“%1”").replace("%1", results.text))
        else:
            self.state.setText(self.tr("找到 %1 项").replace("%1", str(results.count)))

    def _add_group(self, title: str, group: Group, text) -> None:
        count = str(len(group.hits)) + ("+" if group.more else "")
        header = QTreeWidgetItem([f"{title}（{count}）" if self.ctx.lang.startswith("zh")
                                  else f"{title} ({count})"])
        header.setFlags(Qt.ItemFlag.NoItemFlags)   # arrows skip it; the hits follow as its
                                                   # siblings (a disabled item's children are too)
        font = QFont(self.tree.font())
        font.setBold(True)
        header.setFont(0, font)
        header.setForeground(0, QBrush(QColor("#37474f")))
        self.tree.addTopLevelItem(header)
        for hit in group.hits:
            item = QTreeWidgetItem(["    " + text(hit)])
            item.setData(0, HIT, hit)
            item.setToolTip(0, text(hit) if not isinstance(hit, FindingHit) else
                            "\n".join(p for p in (hit.description, hit.item_question) if p))
            self.tree.addTopLevelItem(item)
        if group.more:
            more = QTreeWidgetItem([self.tr("仅列出前 %1 项，请输入更多文字缩小范围").replace("%1", str(LIMIT))])
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(more)

    def _enterprise_text(self, hit: EnterpriseHit) -> str:
        return "  ·  ".join(p for p in (hit.name, hit.credit_code, hit.address) if p)

    def _equipment_text(self, hit: EquipmentHit) -> str:
        name = " ".join(p for p in (self.ctx.label(hit.kind), hit.name,
                                    hit.register_code or hit.registration_no) if p)
        return "  ·  ".join(p for p in (name, hit.location, hit.enterprise_name) if p)

    def _finding_text(self, hit: FindingHit) -> str:
        parts = [shortened(hit.description), hit.enterprise_name, self.ctx.label(hit.state),
                 hit.created_at[:10]]
        if hit.item_question:
            parts.append(self.tr("检查项：%1").replace("%1", shortened(hit.item_question)))
        return "  ·  ".join(p for p in parts if p)

    # ----- choosing --------------------------------------------------------------------
    def hit_items(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(n) for n in range(self.tree.topLevelItemCount()))
        return [item for item in items if item.data(0, HIT) is not None]

    def current_hit(self) -> EnterpriseHit | EquipmentHit | FindingHit | None:
        item = self.tree.currentItem()
        return item.data(0, HIT) if item is not None else None

    def open_item(self, item: QTreeWidgetItem | None) -> None:
        hit = item.data(0, HIT) if item is not None else None
        if hit is None:
            return
        self.accept()
        self.chosen.emit(hit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the text field: arrows move in the results, Enter opens the current one."""
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            if event.key() in NAVIGATION_KEYS:
                QApplication.sendEvent(self.tree, event)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._debounce.isActive():       # typed faster than the pause: search first
                    self.run()
                if self._shown_generation != self._generation:     # its answer is on the way
                    self._open_when_shown = True
                else:
                    self.open_item(self.tree.currentItem())
                return True
        return super().eventFilter(watched, event)
