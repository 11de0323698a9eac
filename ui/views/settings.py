"""Settings kept in the workspace: the departments, inspectors, device name,
numbering, seal, language (the set-up wizard asks for the first three too).
Changes are saved with 保存设置 or on leaving the view, and confirmed in the
status bar.

Also the workspace itself: which file is open, opening another one or starting
a new one (the main window switches; the file is remembered for the next
start), and loading sample data.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import InvalidInput, SiteCheckError
from checklists.common.vocabulary import Family
from storage import inputs, setting_store
from storage.paths import WORKSPACE_SUFFIX as SUFFIX
from storage.setting_store import DEPARTMENT_SETTINGS
from storage.sync.devices import device, set_device_name

from ..context import Context
from ..dialogs.setup_wizard import DepartmentForm, InspectorTable
from ..errors import show_error
from ..widgets import filedialogs
from ..widgets.flow import FlowLayout
from ..widgets.form import FieldForm, limit_length

LANGUAGES = (("zh_CN", "中文"), ("en", "English"))


class SettingsView(QWidget):
    language_changed = Signal(str)
    saved = Signal()
    workspace_requested = Signal(str, bool)     # file, whether to create it
    demo_requested = Signal()

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dirty = False
        title = QLabel(self.tr("设置"))
        title.setObjectName("viewTitle")
        wizard = QPushButton(self.tr("设置向导…"))
        wizard.setObjectName("openSetupWizard")
        wizard.clicked.connect(self.open_setup)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(wizard)
        self.departments = {family: DepartmentForm(family) for family in DEPARTMENT_SETTINGS}
        tabs = QTabWidget()
        tabs.setObjectName("departmentTabs")
        tabs.addTab(self.departments[Family.EMS], self.tr("应急管理部门"))
        tabs.addTab(self.departments[Family.SAMR], self.tr("市场监督管理部门（特种设备）"))
        self.people = InspectorTable()
        self.people.table.setMinimumHeight(120)
        self.people.table.setMaximumHeight(180)
        self.inspectors = self.people.table
        self.form = FieldForm(self)
        self.form.add_row("inspectors", self.tr("执法人员"), self.people, "执法人员")
        self.device_name = limit_length(QLineEdit(), "device", "name")
        self.device_name.setObjectName("setting_device")
        self.form.add_row("device", self.tr("本机名称"), self.device_name, "本机名称")
        self.edits: dict[str, QLineEdit] = {"device": self.device_name,      # and the 应急 department's
                                            "department": self.departments[Family.EMS].edits["name"],
                                            "abbr": self.departments[Family.EMS].edits["abbr"]}
        prefix = limit_length(QLineEdit(), "setting", "doc_prefix")
        prefix.setObjectName("setting_doc_prefix")
        prefix.setPlaceholderText(self.tr("区分各台设备的编号，如 A07-（可不填）"))
        self.edits["doc_prefix"] = self.form.add_row("doc_prefix", self.tr("文书编号前缀"), prefix)
        self.seal_path = QLineEdit()
        self.seal_path.setObjectName("setting_seal")
        self.seal_path.setReadOnly(True)
        self.seal_preview = QLabel()
        self.seal_preview.setFixedSize(72, 72)
        pick = QPushButton(self.tr("选择印章图片…"))
        pick.clicked.connect(self.pick_seal)
        seal = QWidget()
        seal_row = QHBoxLayout(seal)
        seal_row.setContentsMargins(0, 0, 0, 0)
        seal_row.addWidget(self.seal_path, 1)
        seal_row.addWidget(pick)
        seal_row.addWidget(self.seal_preview)
        self.form.add_row("seal", self.tr("印章图片"), seal)
        self.language = QComboBox()
        self.language.setObjectName("setting_language")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.form.add_row("language", self.tr("界面语言"), self.language)
        folder = QPushButton(str(ctx.ws.path or self.tr("（内存中）")))
        folder.setObjectName("dataFolder")
        folder.setFlat(True)
        folder.setToolTip(self.tr("打开数据文件夹"))
        folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(ctx.data_dir))))
        folder.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)   # a long path never widens
        data = QWidget()
        data_column = QVBoxLayout(data)
        data_column.setContentsMargins(0, 0, 0, 0)
        data_column.addWidget(folder)
        data_row = FlowLayout()         # wraps where one row is too wide (English, scale 1.5)
        data_column.addLayout(data_row)
        for text, slot, name in ((self.tr("打开其他工作区…"), self.open_other, "openWorkspace"),
                                 (self.tr("新建工作区…"), self.new_workspace, "newWorkspace"),
                                 (self.tr("载入示例数据…"), self.demo_requested.emit, "loadDemo")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(lambda _=False, f=slot: f())
            data_row.addWidget(button)
        self.form.add_row("data", self.tr("数据文件"), data)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        departments = QLabel(self.tr("执法部门（文书抬头、编号简称、复议与诉讼告知、页脚）"))
        departments.setWordWrap(True)
        body_layout.addWidget(departments)
        body_layout.addWidget(tabs)
        body_layout.addWidget(self.form)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.state = QLabel()
        self.state.setObjectName("settingsState")
        save = QPushButton(self.tr("保存设置"))
        save.setObjectName("saveSettings")
        save.setProperty("primary", True)
        save.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.state, 1)
        bottom.addWidget(save)
        layout.addLayout(bottom)
        self.load()
        self._watch_changes()

    def _watch_changes(self) -> None:
        """Any edit marks the settings unsaved (saved on leaving the view)."""
        for form in self.departments.values():
            form.changed.connect(self._changed)
        self.people.changed.connect(self._changed)
        for edit in (self.device_name, self.edits["doc_prefix"], self.seal_path):
            edit.textChanged.connect(self._changed)
        self.language.currentIndexChanged.connect(self._changed)

    def _changed(self) -> None:
        if not self._loading:
            self.dirty = True
            self.state.setText(self.tr("有未保存的更改（离开本页时自动保存）"))

    # ----- the workspace file -------------------------------------------------------------
    def open_other(self, path: str | None = None) -> None:
        """Ask for a workspace file (unless ``path`` is given) and switch to it."""
        if path is None:
            path = filedialogs.open_file(self, filedialogs.WORKSPACE, self.tr("打开其他工作区"),
                                         self.tr("SiteCheck 工作区 (*.sitecheck);;所有文件 (*)"))
        if path and self._saved_before_leaving():
            self.workspace_requested.emit(str(path), False)

    def new_workspace(self, path: str | None = None) -> None:
        """Ask where to put a new, empty workspace (unless ``path`` is given) and switch to it."""
        if path is None:
            path, _ = filedialogs.save_file(
                self, filedialogs.WORKSPACE, self.tr("新建工作区"), f"新工作区{SUFFIX}",
                self.tr("SiteCheck 工作区 (*.sitecheck)"), confirm_overwrite=False)
        if path:
            file = Path(path)
            if file.suffix != SUFFIX:
                file = file.with_name(file.name + SUFFIX)
            if self._saved_before_leaving():
                self.workspace_requested.emit(str(file), True)

    def _saved_before_leaving(self) -> bool:
        """Save unsaved changes before another workspace replaces this one."""
        if self.dirty and not self.save():
            return False
        self.dirty = False
        return True

    def add_inspector(self, name: str, cert_no: str) -> None:
        self.people.add(name, cert_no)

    def load(self) -> None:
        self._loading = True
        ws = self.ctx.ws
        settings = ws.settings()
        self.people.set_people(settings.get("inspectors") or [])
        for family, form in self.departments.items():
            form.set_values(setting_store.department(ws, family))
        name = device(ws, ws.device_id).name
        self.device_name.setText("" if name == setting_store.SELF_NAME else name)
        self.device_name.setPlaceholderText(self.tr("尚未命名（现为“本机”）"))
        self.edits["doc_prefix"].setText(settings.get("doc_prefix") or "")
        self._show_seal(settings.get("seal_png") or "")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.get("language"))))
        self._loading, self.dirty = False, False

    def open_setup(self):
        from ..dialogs.setup_wizard import open_setup

        self.setup_wizard = open_setup(self, self.ctx)
        self.setup_wizard.saved.connect(self._setup_saved)
        return self.setup_wizard

    def _setup_saved(self) -> None:
        self.load()
        self._confirm(self.tr("设置已保存"))

    def _show_seal(self, path: str) -> None:
        self.seal_path.setText(path)
        pixmap = QPixmap(path) if path else QPixmap()
        self.seal_preview.setPixmap(pixmap.scaled(self.seal_preview.size()) if not pixmap.isNull()
                                    else QPixmap())

    def pick_seal(self) -> None:
        path = filedialogs.open_file(self, filedialogs.SEAL, self.tr("选择印章图片"),
                                     self.tr("PNG 图片 (*.png)"))
        if path:
            self._show_seal(path)

    def inspector_values(self) -> list[dict[str, str]]:
        return self.people.people()

    def save(self, *, later: bool = False) -> bool:
        """Check and write every setting (one transaction); the result is confirmed in
        the status bar, a refusal shown under its field.  ``later``: the language
        switch (which rebuilds the views) waits until the current event is done."""
        before = self.ctx.ws.setting("language", "zh_CN")
        values = self._submit()
        if values is None:
            return False
        self.dirty = False
        self._confirm(self.tr("设置已保存"))
        self.saved.emit()
        if values["language"] != before:
            emit = lambda: self.language_changed.emit(values["language"])  # noqa: E731
            QTimer.singleShot(0, emit) if later else emit()
        return True

    def _confirm(self, text: str) -> None:
        self.state.setText(text)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 5000)

    def _submit(self) -> dict | None:
        """_write, with a refusal shown under the field it names (or in a message box)."""
        forms = (self.form, *self.departments.values())
        for form in forms:
            form.clear_errors()
        try:
            return self._write()
        except InvalidInput as exc:
            if not any(form.show_invalid(exc) for form in forms):
                show_error(self.window(), exc)
        except SiteCheckError as exc:
            show_error(self.window(), exc)
        return None

    def _write(self) -> dict:
        ws = self.ctx.ws
        values = {
            "inspectors": self.inspector_values(),
            **{DEPARTMENT_SETTINGS[f]: None if form.is_blank() else inputs.department_values(
                form.values(), what=inputs.FAMILY_DEPARTMENTS[f] + "的", complete=True)
               for f, form in self.departments.items()},
            "doc_prefix": self.edits["doc_prefix"].text().strip(),
            "seal_png": self.seal_path.text() or None,
            "language": self.language.currentData(),
        }
        name = self.device_name.text().strip()
        renamed = name and name != device(ws, ws.device_id).name
        with ws.transaction():
            ws.set_settings(values)
            if renamed:
                set_device_name(ws, inputs.device_name(name, setting_store.SELF_NAME))
        return values

    def hideEvent(self, event) -> None:
        """Leaving the view saves what was changed; a refusal is shown (nothing is lost
        from the fields: they keep the text until the user comes back)."""
        if self.dirty and not event.spontaneous() and not self.save(later=True):  # not when minimised
            self._warn_unsaved()
        super().hideEvent(event)

    def _warn_unsaved(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("设置未保存"),
                          self.tr("离开“设置”时未能保存更改：有的项目不符合要求。"), parent=self.window())
        box.setObjectName("unsavedSettings")
        box.setInformativeText(self.tr("更改仍保留在“设置”页中，请回到该页按标红的提示改正后保存。"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
