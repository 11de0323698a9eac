"""The main window: navigation on the left, one stacked set of views on the right.

Views are registered by key with ``add_view`` (the walk, finish, re-inspection,
headquarters and other views) and built on first show; ``on_inspection_finished``
takes the walk to the finish view.
``switch_workspace`` puts the window on another workspace file (a new context,
every view rebuilt); ``load_demo`` adds sample data to the one open.
The menu bar (文件 / 检查 / 台账 / 同步 / 帮助) is built here from ``ui.actions``;
Ctrl+F opens the search (``dialogs/search.py``) and ``open_hit`` shows what was
chosen; F1 the user guide (``dialogs/guide.py``).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from checklists.common.errors import SiteCheckError, WorkspaceError
from checklists.common.vocabulary import InspectionMode
from storage.search import EnterpriseHit, EquipmentHit, FindingHit

from .actions import Actions
from .context import Context
from .errors import show_error
from .prefs import (
    keep_on_screen,
    place_window,
    remember_splitters,
    remember_window,
    remember_workspace,
    restore_splitters,
)
from .widgets.nav import NavList, SideLayout

DEMO_INSPECTIONS = 30


class MainWindow(QMainWindow):
    language_requested = Signal(str)

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.actions = Actions(self)
        self.search_dialog: QWidget | None = None
        self.guide_dialog: QWidget | None = None
        self.nav = NavList()            # short labels where the window is narrow
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.nav.itemClicked.connect(lambda item: self._nav_changed(self.nav.row(item)))
        self.stack = QStackedWidget()
        self.views: dict[str, QWidget] = {}          # built views
        self._pages: dict[str, QWidget] = {}         # what the stack holds, per key
        self._factories: dict[str, tuple] = {}
        self._ledger_stale = False
        self._keys: list[str] = []
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
        central = QWidget()
        layout = SideLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack)
        self.setCentralWidget(central)
        self._connect_actions()
        self.build_views()
        self.resume_inspection()
        ctx.ops.busy_changed.connect(self._busy)
        self._placed = False
        place_window(self)              # as left last time, within the available screen

    # ----- views -----------------------------------------------------------------------
    def add_view(self, key: str, title: str, factory: Callable[[], QWidget],
                 wire: Callable[[QWidget], None] | None = None, in_nav: bool = True,
                 short: str = "") -> None:
        """Register a view, built by ``factory`` when first shown, then passed to ``wire``.

        ``in_nav`` lists it in the navigation (as ``short`` where the window is narrow).
        Building lazily keeps start-up fast.
        """
        placeholder = QWidget()
        self.stack.addWidget(placeholder)
        self._pages[key] = placeholder
        self._factories[key] = (factory, wire)
        if in_nav:
            self.nav.add_entry(title, short or title, key)
            self._keys.append(key)

    def view(self, key: str) -> QWidget:
        """The view registered as ``key``, built now if it was not yet."""
        if key not in self.views:
            factory, wire = self._factories[key]
            real = factory()
            restore_splitters(real, key)
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
    finish = property(lambda self: self.view("finish"))
    reinspection = property(lambda self: self.view("reinspection"))
    hq = property(lambda self: self.view("hq"))

    def build_views(self) -> None:
        """(Re)build every view, e.g. after the language changed."""
        current = self.current_key()
        opened = {key: view.inspection.id for key in ("walk", "finish", "reinspection")
                  if (view := self.views.get(key)) is not None and view.inspection}
        self._forget_views()
        self._build_menus()
        self._keys.clear()
        self.nav.blockSignals(True)
        self.nav.clear()
        self.setWindowTitle(self.tr("SiteCheck 现场检查") + f" — {self.ctx.ws.path or ''}")
        self.add_view("home", self.tr("首页"), self._make_home, self._wire_home,
                      short=self.tr("首页", "short navigation label"))
        self.add_view("enterprises", self.tr("企业与设备"), self._make_enterprises,
                      lambda v: v.start_inspection.connect(self.new_inspection),
                      short=self.tr("企业", "short navigation label"))
        self.add_view("walk", self.tr("当前检查"), self._make_walk, self._wire_walk,
                      short=self.tr("检查", "short navigation label"))
        self.add_view("ledger", self.tr("隐患台账"), self._make_ledger, self._wire_ledger,
                      short=self.tr("台账", "short navigation label"))
        self.add_view("hq", self.tr("统计与同步"), self._make_hq,
                      lambda v: v.data_changed.connect(self._data_changed),
                      short=self.tr("统计", "short navigation label"))
        self.add_view("settings", self.tr("设置"), self._make_settings, self._wire_settings,
                      short=self.tr("设置", "short navigation label"))
        self.add_view("finish", self.tr("检查结果与文书"), self._make_finish, self._wire_finish,
                      in_nav=False)
        self.add_view("reinspection", self.tr("复查"), self._make_reinspection,
                      lambda v: v.changed.connect(self._data_changed), in_nav=False)
        self.nav.blockSignals(False)
        if "walk" in opened:
            self.walk.open_inspection(opened["walk"])
        if "finish" in opened:
            self.finish.open_inspection(opened["finish"])
        if "reinspection" in opened:
            self.reinspection.open_reinspection(opened["reinspection"])
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
        view.documents_requested.connect(self.show_documents)
        view.changed.connect(self._data_changed)

    def _make_ledger(self) -> QWidget:
        from .views.ledger import LedgerView
        return LedgerView(self.ctx)

    def _wire_ledger(self, view) -> None:
        view.open_inspection.connect(self.open_inspection)
        view.reinspect.connect(self.start_reinspection)

    def _make_finish(self) -> QWidget:
        from .views.finish import FinishView
        return FinishView(self.ctx)

    def _wire_finish(self, view) -> None:
        view.open_walk.connect(self.open_walk)
        view.changed.connect(self._data_changed)

    def _make_reinspection(self) -> QWidget:
        from .views.reinspection import ReinspectionView
        return ReinspectionView(self.ctx)

    def _make_hq(self) -> QWidget:
        from .views.hq import HeadquartersView
        return HeadquartersView(self.ctx)

    def _make_settings(self) -> QWidget:
        from .views.settings import SettingsView
        return SettingsView(self.ctx)

    def _wire_settings(self, view) -> None:
        view.language_changed.connect(self.language_requested)
        view.workspace_requested.connect(lambda path, create: self.switch_workspace(path, create=create))
        view.demo_requested.connect(lambda: self.load_demo())

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
        self.nav.blockSignals(True)
        if key in self._keys:
            self.nav.setCurrentRow(self._keys.index(key))
        else:                # a view reached from another one: no entry highlighted
            self.nav.clearSelection()
        self.nav.blockSignals(False)
        self.update_actions()
        return view

    def _nav_changed(self, row: int) -> None:
        if 0 <= row < len(self._keys):
            self.show_view(self._keys[row])

    # ----- menus ------------------------------------------------------------------------
    def _build_menus(self) -> None:
        """The menu bar, (re)built in the current language; the actions stay the same."""
        a = self.actions
        a.retranslate()
        bar = self.menuBar()
        bar.clear()
        for name, title, entries in (
                ("fileMenu", self.tr("文件(&F)"), (a.new_inspection, a.open_workspace, a.new_workspace,
                                                  None, a.import_checklist, a.print, None, a.go_settings, a.setup,
                                                  a.load_demo, None, a.quit)),
                ("inspectionMenu", self.tr("检查(&I)"), (a.go_home, a.go_enterprises, a.go_inspection,
                                                        None, a.undo, a.redo, None, a.search)),
                ("ledgerMenu", self.tr("台账(&L)"), (a.go_ledger, a.ledger_unclosed, a.ledger_overdue,
                                                    None, a.export_ledger)),
                ("syncMenu", self.tr("同步(&S)"), (a.go_hq, None, a.export_bundle, a.import_bundles,
                                                  None, a.import_pack, a.export_pack)),
                ("helpMenu", self.tr("帮助(&H)"), (a.guide, None, a.about))):
            menu = bar.addMenu(title)
            menu.setObjectName(name)
            menu.setToolTipsVisible(True)           # why 打印 or 撤销 is greyed out
            menu.aboutToShow.connect(self.update_actions)
            for action in entries:
                menu.addSeparator() if action is None else menu.addAction(action)

    def menus(self) -> list[QMenu]:
        return [action.menu() for action in self.menuBar().actions() if action.menu()]

    def update_actions(self) -> None:
        """撤销 / 重做 only while the walk shows (and has something to undo / redo),
        打印 only while a documents panel shows an issued document."""
        a = self.actions
        walk = self.views.get("walk") if self.current_key() == "walk" else None
        a.undo.setEnabled(bool(walk and walk.undo_stack.canUndo()))
        a.redo.setEnabled(bool(walk and walk.undo_stack.canRedo()))
        panel = self.document_panel()
        a.print.setEnabled(bool(panel and panel.current_id()))

    def document_panel(self) -> QWidget | None:
        """The documents panel of the view showing (检查结果与文书, 复查), if any."""
        key = self.current_key()
        return self.views[key].documents if key in ("finish", "reinspection") and key in self.views else None

    def _view_key(self, key: str, name: str) -> None:
        """Trigger the showing view's own action (the walk's undo, the panel's print)."""
        if key == "walk" and self.current_key() == "walk":
            self.walk.keys[name].trigger()
        elif key == "documents" and (panel := self.document_panel()) is not None:
            panel.keys[name].trigger()
        self.update_actions()

    def _connect_actions(self) -> None:
        a = self.actions
        a.new_inspection.triggered.connect(lambda: self.new_inspection())
        for action, key in ((a.go_home, "home"), (a.go_enterprises, "enterprises"),
                            (a.go_inspection, "walk"), (a.go_ledger, "ledger"),
                            (a.go_hq, "hq"), (a.go_settings, "settings")):
            action.triggered.connect(lambda _=False, k=key: self.show_view(k))
        calls: tuple[tuple[QAction, Callable[[], object]], ...] = (
            (a.open_workspace, lambda: self.settings.open_other()),
            (a.new_workspace, lambda: self.settings.new_workspace()),
            (a.print, lambda: self._view_key("documents", "print")),
            (a.setup, lambda: self.settings.open_setup()),
            (a.load_demo, lambda: self.load_demo()),
            (a.import_checklist, lambda: self.import_checklist()),
            (a.quit, self.close),
            (a.search, lambda: self.show_search()),
            (a.undo, lambda: self._view_key("walk", "undo")),
            (a.redo, lambda: self._view_key("walk", "redo")),
            (a.ledger_unclosed, lambda: self.open_ledger("open")),
            (a.ledger_overdue, lambda: self.open_ledger("overdue")),
            (a.export_ledger, lambda: self.ledger.export()),
            (a.export_bundle, lambda: self.hq.export_bundle()),
            (a.import_bundles, lambda: self.hq.import_bundles()),
            (a.export_pack, lambda: self.hq.export_pack()),
            (a.import_pack, lambda: self.hq.import_pack()),
            (a.guide, lambda: self.show_guide()),
            (a.about, lambda: self.show_about()))
        for action, call in calls:
            action.triggered.connect(lambda _=False, f=call: f())

    # ----- search and help -------------------------------------------------------------
    def show_search(self) -> QWidget:
        """Ctrl+F: the search over enterprises, equipment and findings (a new one each time)."""
        from .dialogs.search import SearchDialog

        if self.search_dialog is not None and shiboken6.isValid(self.search_dialog):
            self.search_dialog.close()
        dialog = self.search_dialog = SearchDialog(self.ctx, self)
        dialog.chosen.connect(self.open_hit)
        dialog.open()
        return dialog

    def open_hit(self, hit: EnterpriseHit | EquipmentHit | FindingHit) -> None:
        """Show a search hit: an enterprise (or a piece of equipment) in 企业与设备, a
        finding in its inspection (the walk at its item, or the finish view's table)."""
        try:
            if isinstance(hit, EnterpriseHit):
                self.open_enterprise(hit.id)
            elif isinstance(hit, EquipmentHit):
                self.open_enterprise(hit.enterprise_id)
                records = [e.id for e in self.enterprises.equipment_model.records]
                if hit.id in records:
                    self.enterprises.equipment_table.selectRow(records.index(hit.id))
            else:
                self.open_finding(hit)
        except SiteCheckError as exc:       # e.g. removed by an import since the search
            show_error(self, exc)

    def open_finding(self, hit: FindingHit) -> None:
        self.open_inspection(hit.inspection_id)
        key = self.current_key()
        if key == "walk" and hit.checklist_hash and hit.item_id:
            self.walk.go_to(hit.checklist_hash, hit.item_id,      # its equipment's table, if any
                            self.ctx.ws.finding(hit.id).equipment_id)
        elif key == "finish":
            ids = [f.id for f in self.finish.findings]
            if hit.id in ids:
                self.finish.table.selectRow(ids.index(hit.id))

    def show_guide(self) -> QWidget:
        """F1: the user guide in the interface language (one window, kept open)."""
        from .dialogs.guide import GuideDialog

        dialog = self.guide_dialog
        if dialog is None or not shiboken6.isValid(dialog) or dialog.lang != self.ctx.lang:
            if dialog is not None and shiboken6.isValid(dialog):
                dialog.close()
            dialog = self.guide_dialog = GuideDialog(self.ctx.lang, self)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def show_about(self) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("sitecheck")
        except PackageNotFoundError:
            number = ""
        QMessageBox.about(self, self.tr("关于 SiteCheck"), self.tr(
            "SiteCheck 现场检查 %1\n供应急管理和市场监管（特种设备）执法人员使用的离线现场检查程序。\n\n"
            "工作区：%2").replace("%1", number).replace("%2", str(self.ctx.ws.path or "")))

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
        """A re-inspection opens its review, a finished inspection its documents, else the walk."""
        inspection = self.ctx.ws.inspection(inspection_id)
        if inspection.parent_id and inspection.mode == InspectionMode.REINSPECTION:
            self.reinspection.open_reinspection(inspection_id)
            self.show_view("reinspection")
        elif inspection.finished_at:
            self.show_documents(inspection_id)
        else:
            self.open_walk(inspection_id)

    def resume_inspection(self) -> str | None:
        """At start: the newest inspection this device left unfinished opens where it
        stopped (the walk at its first unanswered item); returns its id."""
        ws = self.ctx.ws
        unfinished = next((i for i in ws.inspections()
                           if not i.finished_at and i.device_id == ws.device_id), None)
        if unfinished is not None:
            self.open_inspection(unfinished.id)
        return unfinished and unfinished.id

    def open_walk(self, inspection_id: str) -> None:
        self.walk.open_inspection(inspection_id)
        self.show_view("walk")

    def show_documents(self, inspection_id: str) -> None:
        self.finish.open_inspection(inspection_id)
        self.show_view("finish")

    def start_reinspection(self, finding_id: str) -> str | None:
        """复查 of the finding's inspection (reusing an unfinished one); returns its id."""
        from checklists.common.errors import SiteCheckError
        from storage.reinspection import find_or_start

        from .errors import show_error

        try:
            reinspection = find_or_start(self.ctx.ws, finding_id)
            self.reinspection.open_reinspection(reinspection.id, focus=finding_id)
        except SiteCheckError as exc:
            show_error(self, exc)
            return None
        self._data_changed()
        self.show_view("reinspection")
        return reinspection.id

    def open_ledger(self, preset: str) -> None:
        self.show_view("ledger")
        self.ledger.show_preset(preset)

    def open_enterprise(self, enterprise_id: str) -> None:
        self.enterprises.search.clear()
        self.enterprises.refresh()
        self.enterprises.select(enterprise_id)
        self.show_view("enterprises")

    def on_inspection_finished(self, inspection_id: str) -> None:
        """After 完成检查: the findings in short and the documents to issue and print."""
        self.statusBar().showMessage(self.tr("检查已完成"), 5000)
        self.show_documents(inspection_id)

    # ----- workspaces -----------------------------------------------------------------
    def switch_workspace(self, path: str | Path, *, create: bool = False) -> bool:
        """Work on another workspace file (``create``: a new one); remembered for next start.

        The one open before is saved and closed, never changed.  False (and a
        message) if the file cannot be used.
        """
        file = Path(path)
        try:
            if create and file.exists():
                raise WorkspaceError("文件 {file} 已存在，未新建工作区",
                                     hint="请换一个文件名，或用“打开其他工作区…”打开它", file=file)
            if not create and not file.is_file():
                raise WorkspaceError("找不到工作区文件 {file}", hint="请确认文件位置后重新选择", file=file)
            ctx = Context.open(file)
        except SiteCheckError as exc:
            show_error(self, exc)
            return False
        old = self.ctx
        if "walk" in self.views:
            self.walk.flush()
        old.ops.busy_changed.disconnect(self._busy)
        old.close()                     # jobs stopped and their results dropped, then closed
        self._forget_views()
        self.ctx = ctx
        ctx.ops.busy_changed.connect(self._busy)
        remember_workspace(file)
        self.build_views()
        if ctx.lang != old.lang:
            self.language_requested.emit(ctx.lang)      # the new workspace's language
        self.show_view("home")
        self.statusBar().showMessage(self.tr("已打开工作区 %1").replace("%1", str(file)), 8000)
        return True

    def _forget_views(self) -> None:
        """Drop every built view (they show the workspace being closed); their
        splitter positions are kept for the next ones."""
        self._remember_splitters()
        for page in list(self._pages.values()):
            self.stack.removeWidget(page)
            page.deleteLater()
        self.views.clear()
        self._pages.clear()

    def load_demo(self, confirm: Callable[[QMessageBox], int] | None = None,
                  inspections: int = DEMO_INSPECTIONS):
        """After confirmation, add sample enterprises, inspections and photos in the background."""
        text = self.tr("将向当前工作区添加示例企业、设备和约 %1 次检查（含隐患、照片），便于熟悉程序。示例数据会与本工作区中的真实数据混在一起，且不能一键删除。")  # noqa: E501
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("载入示例数据"),
                          text.replace("%1", str(inspections)), parent=self)
        box.setObjectName("demoConfirm")
        advice = self.tr("建议先在“设置”中“新建工作区…”，再在新工作区中载入。\n当前工作区：%1")
        box.setInformativeText(advice.replace("%1", str(self.ctx.ws.path or "")))
        load = box.addButton(self.tr("载入到当前工作区"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        (confirm or QMessageBox.exec)(box)
        if box.clickedButton() is not load:
            return None
        from storage import demo

        step = self.tr("正在生成示例企业、检查和照片…")

        def job(ws, progress):
            progress.report(0, inspections, step)
            return demo.fill(ws, inspections=inspections, photos=True, progress=progress)

        return self.ctx.ops.run(job, parent=self, title=self.tr("正在载入示例数据…"),
                                on_done=self._demo_loaded)

    def import_checklist(self, run: Callable[[QWidget], object] | None = None) -> QWidget:
        """文件 › 导入检查表（Excel）…: the dialog; a checklist installed refreshes what lists them."""
        from .dialogs.checklist_import import ChecklistImportDialog

        dialog = ChecklistImportDialog(self.ctx, self)
        dialog.installed.connect(lambda _checklist: self._data_changed())
        (run or ChecklistImportDialog.exec)(dialog)
        return dialog

    def _demo_loaded(self, summary) -> None:
        self._data_changed()
        self.build_views()
        self.statusBar().showMessage(self.tr("已载入示例数据：%1").replace("%1", str(summary)), 10000)

    def _remember_splitters(self) -> None:
        for key, view in self.views.items():
            remember_splitters(view, key)

    def _data_changed(self) -> None:
        self._ledger_stale = True

    def _busy(self, busy: bool) -> None:
        self.status.setText(self.tr("后台处理中…") if busy else "")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._placed:            # now that the frame is known, keep it on the screen too
            self._placed = True
            keep_on_screen(self)

    def closeEvent(self, event) -> None:
        if "walk" in self.views:
            self.walk.flush()
        remember_window(self)
        self._remember_splitters()
        self.ctx.ops.shutdown()         # no result reaches a view after this
        super().closeEvent(event)
