"""Settings kept in the workspace: inspectors, department, numbering, seal, language.

Also the workspace itself: which file is open, opening another one or starting
a new one (the main window switches; the file is remembered for the next
start), and loading sample data.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import InvalidInput

from ..context import Context
from ..widgets.form import FieldForm

LANGUAGES = (("zh_CN", "中文"), ("en", "English"))
SUFFIX = ".sitecheck"


class SettingsView(QWidget):
    language_changed = Signal(str)
    saved = Signal()
    workspace_requested = Signal(str, bool)     # file, whether to create it
    demo_requested = Signal()

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel(self.tr("设置"))
        title.setObjectName("viewTitle")
        self.inspectors = QTableWidget(0, 2)
        self.inspectors.setObjectName("inspectorTable")
        self.inspectors.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("执法证号")])
        self.inspectors.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.inspectors.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.inspectors.setMaximumHeight(180)
        add = QPushButton(self.tr("添加执法人员"))
        add.setObjectName("addInspector")
        add.clicked.connect(lambda: self.add_inspector("", ""))
        remove = QPushButton(self.tr("删除所选"))
        remove.clicked.connect(lambda: self.inspectors.removeRow(self.inspectors.currentRow()))
        people_buttons = QHBoxLayout()
        people_buttons.addWidget(add)
        people_buttons.addWidget(remove)
        people_buttons.addStretch(1)
        people = QWidget()
        people_layout = QVBoxLayout(people)
        people_layout.setContentsMargins(0, 0, 0, 0)
        people_layout.addWidget(self.inspectors)
        people_layout.addLayout(people_buttons)
        self.form = FieldForm(self)
        self.form.add_row("inspectors", self.tr("执法人员"), people, "执法人员")
        self.edits: dict[str, QLineEdit] = {}
        for key, label in (("department", self.tr("执法部门名称")), ("abbr", self.tr("部门简称")),
                           ("doc_prefix", self.tr("文书编号前缀")),
                           ("review_body", self.tr("行政复议机关")),
                           ("court", self.tr("行政诉讼法院"))):
            edit = QLineEdit()
            edit.setObjectName(f"setting_{key}")
            self.edits[key] = self.form.add_row(key, label, edit)
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
        data = QWidget()
        data_row = QHBoxLayout(data)
        data_row.setContentsMargins(0, 0, 0, 0)
        data_row.addWidget(folder, 1)
        for text, slot, name in ((self.tr("打开其他工作区…"), self.open_other, "openWorkspace"),
                                 (self.tr("新建工作区…"), self.new_workspace, "newWorkspace"),
                                 (self.tr("载入示例数据…"), self.demo_requested.emit, "loadDemo")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(lambda _=False, f=slot: f())
            data_row.addWidget(button)
        self.form.add_row("data", self.tr("数据文件"), data)
        save = QPushButton(self.tr("保存设置"))
        save.setObjectName("saveSettings")
        save.setProperty("primary", True)
        save.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.form)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(save)
        layout.addLayout(bottom)
        layout.addStretch(1)
        self.load()

    # ----- the workspace file -------------------------------------------------------------
    def _start_dir(self) -> str:
        return str(Path(self.ctx.ws.path).parent) if self.ctx.ws.path else ""

    def open_other(self, path: str | None = None) -> None:
        """Ask for a workspace file (unless ``path`` is given) and switch to it."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("打开其他工作区"), self._start_dir(),
                                                  self.tr("SiteCheck 工作区 (*.sitecheck);;所有文件 (*)"))
        if path:
            self.workspace_requested.emit(str(path), False)

    def new_workspace(self, path: str | None = None) -> None:
        """Ask where to put a new, empty workspace (unless ``path`` is given) and switch to it."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("新建工作区"), str(Path(self._start_dir()) / f"新工作区{SUFFIX}"),
                self.tr("SiteCheck 工作区 (*.sitecheck)"),
                options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            file = Path(path)
            if file.suffix != SUFFIX:
                file = file.with_name(file.name + SUFFIX)
            self.workspace_requested.emit(str(file), True)

    def add_inspector(self, name: str, cert_no: str) -> None:
        row = self.inspectors.rowCount()
        self.inspectors.insertRow(row)
        self.inspectors.setItem(row, 0, QTableWidgetItem(name))
        self.inspectors.setItem(row, 1, QTableWidgetItem(cert_no))

    def load(self) -> None:
        settings = self.ctx.ws.settings()
        self.inspectors.setRowCount(0)
        for person in settings.get("inspectors") or []:
            self.add_inspector(person.get("name", ""), person.get("cert_no", ""))
        department = settings.get("department") or {}
        self.edits["department"].setText(department.get("name", ""))
        for key in ("abbr", "review_body", "court"):
            self.edits[key].setText(department.get(key, ""))
        self.edits["doc_prefix"].setText(settings.get("doc_prefix") or "")
        self._show_seal(settings.get("seal_png") or "")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.get("language"))))

    def _show_seal(self, path: str) -> None:
        self.seal_path.setText(path)
        pixmap = QPixmap(path) if path else QPixmap()
        self.seal_preview.setPixmap(pixmap.scaled(self.seal_preview.size()) if not pixmap.isNull()
                                    else QPixmap())

    def pick_seal(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择印章图片"), "",
                                              self.tr("PNG 图片 (*.png)"))
        if path:
            self._show_seal(path)

    def inspector_values(self) -> list[dict[str, str]]:
        people = []
        for row in range(self.inspectors.rowCount()):
            cells = [self.inspectors.item(row, c) for c in (0, 1)]
            name, cert = ((cell.text().strip() if cell else "") for cell in cells)
            if not name and not cert:
                continue
            if not name or not cert:
                raise InvalidInput("执法人员", self.tr("第 %1 行的姓名和执法证号都必须填写")
                                   .replace("%1", str(row + 1)))
            people.append({"name": name, "cert_no": cert})
        return people

    def save(self) -> None:
        before = self.ctx.ws.setting("language", "zh_CN")
        values = self.form.submit(self._write)
        if values is None:
            return
        self.saved.emit()
        if values["language"] != before:
            self.language_changed.emit(values["language"])

    def _write(self) -> dict:
        values = {
            "inspectors": self.inspector_values(),
            "department": {"name": self.edits["department"].text().strip(),
                           **{k: self.edits[k].text().strip()
                              for k in ("abbr", "review_body", "court")}},
            "doc_prefix": self.edits["doc_prefix"].text().strip(),
            "seal_png": self.seal_path.text() or None,
            "language": self.language.currentData(),
        }
        self.ctx.ws.set_settings(values)
        return values
