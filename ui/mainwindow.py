"""The main window: navigation on the left, one stacked set of views on the right.

Views are registered by key with ``add_view``; part B adds its own (finish,
re-inspection, headquarters) the same way and hooks ``on_inspection_finished``.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QWidget,
)

from .actions import Actions
from .context import Context
from .dialogs.new_inspection import NewInspectionDialog
from .views.enterprises import EnterprisesView
from .views.home import HomeView
from .views.ledger import LedgerView
from .views.settings import SettingsView
from .views.walk import WalkView


class MainWindow(QMainWindow):
    language_requested = Signal(str)

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.resize(1280, 800)
        self.actions = Actions(self)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(176)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.stack = QStackedWidget()
        self.views: dict[str, QWidget] = {}
        self._keys: list[str] = []
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._connect_actions()
        self.build_views()
        ctx.ops.busy_changed.connect(self._busy)

    # ----- views -----------------------------------------------------------------------
    def add_view(self, key: str, title: str, view: QWidget, in_nav: bool = True) -> QWidget:
        """Register a view; ``in_nav`` puts it in the navigation list."""
        self.views[key] = view
        self.stack.addWidget(view)
        if in_nav:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self._keys.append(key)
        return view

    def build_views(self) -> None:
        """(Re)build every view, e.g. after the language changed."""
        current = self.current_key()
        inspection = self.walk.inspection.id if self.views.get("walk") and self.walk.inspection \
            else None
        for view in list(self.views.values()):
            self.stack.removeWidget(view)
            view.deleteLater()
        self.views.clear()
        self._keys.clear()
        self.nav.blockSignals(True)
        self.nav.clear()
        self.setWindowTitle(self.tr("SiteCheck 现场检查") + f" — {self.ctx.ws.path or ''}")
        ctx = self.ctx
        self.home = self.add_view("home", self.tr("首页"), HomeView(ctx))
        self.enterprises = self.add_view("enterprises", self.tr("企业与设备"), EnterprisesView(ctx))
        self.walk = self.add_view("walk", self.tr("当前检查"), WalkView(ctx))
        self.ledger = self.add_view("ledger", self.tr("隐患台账"), LedgerView(ctx))
        self.settings = self.add_view("settings", self.tr("设置"), SettingsView(ctx))
        self.nav.blockSignals(False)
        self.home.new_inspection.connect(self.new_inspection)
        self.home.open_inspection.connect(self.open_inspection)
        self.home.open_ledger.connect(self.open_ledger)
        self.home.open_enterprise.connect(self.open_enterprise)
        self.enterprises.start_inspection.connect(self.new_inspection)
        self.ledger.open_inspection.connect(self.open_inspection)
        self.walk.finished.connect(self.on_inspection_finished)
        self.walk.changed.connect(self._data_changed)
        self.settings.language_changed.connect(self.language_requested)
        if inspection:
            self.walk.open_inspection(inspection)
        self.show_view(current or "home")

    def current_key(self) -> str | None:
        view = self.stack.currentWidget()
        return next((k for k, v in self.views.items() if v is view), None)

    def show_view(self, key: str) -> QWidget:
        view = self.views[key]
        if key == "home":
            self.home.refresh()
        if key == "ledger" and getattr(self, "_ledger_stale", False):
            self._ledger_stale = False
            self.ledger.refresh()
        self.stack.setCurrentWidget(view)
        if key in self._keys:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self._keys.index(key))
            self.nav.blockSignals(False)
        return view

    def _nav_changed(self, row: int) -> None:
        if 0 <= row < len(self._keys):
            self.show_view(self._keys[row])

    def _connect_actions(self) -> None:
        a = self.actions
        a.new_inspection.triggered.connect(lambda: self.new_inspection())
        for action, key in ((a.go_home, "home"), (a.go_enterprises, "enterprises"),
                            (a.go_inspection, "walk"), (a.go_ledger, "ledger"),
                            (a.go_settings, "settings")):
            action.triggered.connect(lambda _=False, k=key: self.show_view(k))
        a.quit.triggered.connect(self.close)

    # ----- flows -----------------------------------------------------------------------
    def new_inspection(self, enterprise_id: str | None = None,
                       run: Callable[[NewInspectionDialog], int] | None = None) -> str | None:
        """Ask for the inspection's particulars and open its walk; returns its id."""
        dialog = NewInspectionDialog(self.ctx, enterprise_id or None, parent=self)
        if not (run or NewInspectionDialog.exec)(dialog) or not dialog.result_record:
            return None
        self.open_inspection(dialog.result_record.id)
        return dialog.result_record.id

    def open_inspection(self, inspection_id: str) -> None:
        self.walk.open_inspection(inspection_id)
        self.show_view("walk")

    def open_ledger(self, preset: str) -> None:
        self.show_view("ledger")
        self.ledger.show_preset(preset)

    def open_enterprise(self, enterprise_id: str) -> None:
        self.enterprises.search.clear()
        self.enterprises.refresh()
        self.enterprises.select(enterprise_id)
        self.show_view("enterprises")

    def on_inspection_finished(self, inspection_id: str) -> None:
        """After 完成检查.  Part B replaces this with its finish view (documents)."""
        self.statusBar().showMessage(self.tr("检查已完成"), 5000)
        self.show_view("home")

    def _data_changed(self) -> None:
        self._ledger_stale = True

    def _busy(self, busy: bool) -> None:
        self.status.setText(self.tr("后台处理中…") if busy else "")

    def closeEvent(self, event) -> None:
        if self.views.get("walk"):
            self.walk.flush()
        self.ctx.ops.wait(10000)
        super().closeEvent(event)
