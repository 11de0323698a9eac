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
        self.views: dict[str, QWidget] = {}          # built views
        self._pages: dict[str, QWidget] = {}         # what the stack holds, per key
        self._factories: dict[str, tuple] = {}
        self._ledger_stale = False
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
    def add_view(self, key: str, title: str, factory: Callable[[], QWidget],
                 wire: Callable[[QWidget], None] | None = None, in_nav: bool = True) -> None:
        """Register a view, built by ``factory`` when first shown, then passed to ``wire``.

        ``in_nav`` lists it in the navigation.  Building lazily keeps start-up fast.
        """
        placeholder = QWidget()
        self.stack.addWidget(placeholder)
        self._pages[key] = placeholder
        self._factories[key] = (factory, wire)
        if in_nav:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self._keys.append(key)

    def view(self, key: str) -> QWidget:
        """The view registered as ``key``, built now if it was not yet."""
        if key not in self.views:
            factory, wire = self._factories[key]
            real = factory()
            placeholder = self._pages[key]
            showing = self.stack.currentWidget() is placeholder
            self.stack.insertWidget(self.stack.indexOf(placeholder), real)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._pages[key] = real
            self.views[key] = real
            if showing:
                self.stack.setCurrentWidget(real)
            if wire:
                wire(real)
        return self.views[key]

    home = property(lambda self: self.view("home"))
    enterprises = property(lambda self: self.view("enterprises"))
    walk = property(lambda self: self.view("walk"))
    ledger = property(lambda self: self.view("ledger"))
    settings = property(lambda self: self.view("settings"))

    def build_views(self) -> None:
        """(Re)build every view, e.g. after the language changed."""
        current = self.current_key()
        walk = self.views.get("walk")
        inspection = walk.inspection.id if walk is not None and walk.inspection else None
        for page in list(self._pages.values()):
            self.stack.removeWidget(page)
            page.deleteLater()
        self.views.clear()
        self._pages.clear()
        self._keys.clear()
        self.nav.blockSignals(True)
        self.nav.clear()
        self.setWindowTitle(self.tr("SiteCheck 现场检查") + f" — {self.ctx.ws.path or ''}")
        self.add_view("home", self.tr("首页"), self._make_home, self._wire_home)
        self.add_view("enterprises", self.tr("企业与设备"), self._make_enterprises,
                      lambda v: v.start_inspection.connect(self.new_inspection))
        self.add_view("walk", self.tr("当前检查"), self._make_walk, self._wire_walk)
        self.add_view("ledger", self.tr("隐患台账"), self._make_ledger,
                      lambda v: v.open_inspection.connect(self.open_inspection))
        self.add_view("settings", self.tr("设置"), self._make_settings,
                      lambda v: v.language_changed.connect(self.language_requested))
        self.nav.blockSignals(False)
        if inspection:
            self.walk.open_inspection(inspection)
        self.show_view(current or "home")

    def _make_home(self) -> QWidget:
        from .views.home import HomeView
        return HomeView(self.ctx)

    def _wire_home(self, view) -> None:
        view.new_inspection.connect(self.new_inspection)
        view.open_inspection.connect(self.open_inspection)
        view.open_ledger.connect(self.open_ledger)
        view.open_enterprise.connect(self.open_enterprise)

    def _make_enterprises(self) -> QWidget:
        from .views.enterprises import EnterprisesView
        return EnterprisesView(self.ctx)

    def _make_walk(self) -> QWidget:
        from .views.walk import WalkView
        return WalkView(self.ctx)

    def _wire_walk(self, view) -> None:
        view.finished.connect(self.on_inspection_finished)
        view.changed.connect(self._data_changed)

    def _make_ledger(self) -> QWidget:
        from .views.ledger import LedgerView
        return LedgerView(self.ctx)

    def _make_settings(self) -> QWidget:
        from .views.settings import SettingsView
        return SettingsView(self.ctx)

    def current_key(self) -> str | None:
        page = self.stack.currentWidget()
        return next((k for k, v in self._pages.items() if v is page), None)

    def show_view(self, key: str) -> QWidget:
        built = key in self.views
        view = self.view(key)
        if key == "home":
            view.refresh()
        if key == "ledger" and self._ledger_stale and built:
            self._ledger_stale = False
            view.refresh()
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
                       run: Callable[[QWidget], int] | None = None) -> str | None:
        """Ask for the inspection's particulars and open its walk; returns its id."""
        from .dialogs.new_inspection import NewInspectionDialog

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
        if "walk" in self.views:
            self.walk.flush()
        self.ctx.ops.wait(10000)
        super().closeEvent(event)
