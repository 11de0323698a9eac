"""文件 › 导入检查表（Excel）…: a bureau's Excel checklist, or an XLSForm, into the workspace.

For headquarters (which then sends the checklist to laptops in a pack) and for a
standalone user.  The file is converted, validated and installed off the UI
thread (``checklists.importing``: ``convert_file``, ``install``, through the
Workspace facade); on failure the dialog lists every problem with its cell,
and nothing is installed.  An installed checklist is a new version beside the
ones already there (``storage/checklist_store.py``).
"""
from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import ChecklistInvalid
from checklists.common.vocabulary import EquipmentKind, Family
from checklists.importing import Options, convert_file, install

from ..context import OVERDUE_RED, Context
from ..errors import show_error, ui_language
from ..prefs import available_area
from ..widgets import filedialogs
from ..widgets.form import FieldForm
from ..widgets.scroll import scrolled

GENERAL = "general"


def import_job(path: str, options: Options):
    """A job for Ops.run: convert, validate and install; (checklist, warnings) or
    ChecklistInvalid with every problem."""
    def job(ws, progress):
        name = Path(path).name
        progress.report(0, 0, name)
        conversion = convert_file(path, options, name=name)
        progress.check()                # a cancel before the install changes nothing
        checklist = install(ws, conversion, "xlsx:" + name)
        return checklist, [p for p in conversion.problems if p.warning]
    return job


class ChecklistImportDialog(QDialog):
    installed = Signal(object)           # the Checklist installed

    def __init__(self, ctx: Context, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("checklistImport")
        self.setWindowTitle(self.tr("导入检查表（Excel）"))
        # within a small screen (1366x768 at scale 1.5), frame and taskbar aside
        self.resize(QSize(780, 720).boundedTo(available_area(self).size() - QSize(40, 80)))
        self.result = None
        self.path = QLineEdit()
        self.path.setObjectName("importFile")
        self.path.setPlaceholderText(self.tr("局（队）发布的检查表 .xlsx，或 ODK 的 XLSForm"))
        browse = QPushButton(self.tr("浏览…"))
        browse.setObjectName("importBrowse")
        browse.clicked.connect(self.browse)
        self.checklist_id = self._line("importId", self.tr("如 elevator-bureau（小写字母、数字和连字符）"))
        self.version = self._line("importVersion", self.tr("如 2026.1"))
        self.title = self._line("importTitle", self.tr("留空则用表格上方的标题行"))
        self.prefix = self._line("importPrefix", self.tr("留空则取标识各段的首字母，如 EB"))
        self.family = QComboBox()
        self.family.setObjectName("importFamily")
        self.family.addItem(self.tr("（请选择）"), "")
        for family in Family:
            self.family.addItem(family.label(ui_language()), str(family))
        self.applies_to = QComboBox()
        self.applies_to.setObjectName("importAppliesTo")
        self.applies_to.addItem(self.tr("（请选择）"), "")
        self.applies_to.addItem(self.tr("通用（安全生产综合检查）"), GENERAL)
        for kind in EquipmentKind:
            self.applies_to.addItem(kind.label(ui_language()), str(kind))
        note = QLabel(self.tr("检查表通常由局机关通过下发包发到各台电脑；这里供局机关制作检查表，或不与局机关同步的单机使用。导入的检查表作为新版本保存，已有检查仍使用原来的版本。XLSForm 的 settings 表可给出标识、版本和名称。"))  # noqa: E501
        note.setWordWrap(True)
        form = FieldForm()
        file_row = QWidget()
        row = QHBoxLayout(file_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.add_row("file", self.tr("Excel 文件"), file_row)
        form.add_row("id", self.tr("检查表标识"), self.checklist_id)
        form.add_row("version", self.tr("版本号"), self.version)
        form.add_row("title", self.tr("检查表名称"), self.title)
        form.add_row("family", self.tr("所属部门"), self.family)
        form.add_row("applies_to", self.tr("适用于"), self.applies_to)
        form.add_row("prefix", self.tr("检查项编号前缀"), self.prefix)
        self.message = QLabel()
        self.message.setObjectName("importMessage")
        self.message.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setObjectName("importProblems")
        self.problems.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importChecklist")
        self.import_button.clicked.connect(self.start_import)
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(note)
        column.addWidget(form)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolled(top), 3)          # the form scrolls where the screen is low
        layout.addWidget(self.message)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(name)
        line.setPlaceholderText(placeholder)
        return line

    def browse(self) -> None:
        path = filedialogs.open_file(self, filedialogs.CHECKLIST, self.tr("选择检查表文件"),
                                     self.tr("Excel 工作簿 (*.xlsx *.xlsm)") + ";;" + self.tr("所有文件 (*)"))
        if path:
            self.path.setText(path)

    def options(self) -> Options:
        def text(line: QLineEdit) -> str | None:
            return line.text().strip() or None

        return Options(id=text(self.checklist_id), version=text(self.version), title=text(self.title),
                       family=self.family.currentData() or None, applies_to=self.applies_to.currentData() or None,
                       prefix=text(self.prefix))

    def start_import(self):
        path = self.path.text().strip()
        if not path:
            self._show_problems(self.tr("请先选择 Excel 文件"), [])
            return None
        self.import_button.setEnabled(False)
        self.message.setText("")
        self.problems.clear()
        return self.ctx.ops.run(import_job(path, self.options()), parent=self,
                                title=self.tr("正在导入检查表…"), on_done=self._installed, on_error=self._failed)

    def _installed(self, outcome) -> None:
        if not shiboken6.isValid(self):
            return
        checklist, warnings = outcome
        self.result = checklist
        self.import_button.setEnabled(True)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("已导入检查表：%1（%2 %3，%4 项）")
                             .replace("%1", checklist.title).replace("%2", checklist.id)
                             .replace("%3", checklist.version).replace("%4", str(checklist.item_count)))
        lang = ui_language()
        self.problems.addItems([p.render(lang) for p in warnings])
        self.installed.emit(checklist)

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.import_button.setEnabled(True)
        if not isinstance(exc, ChecklistInvalid):
            show_error(self, exc)
            return
        errors = [p for p in exc.problems if not p.warning]
        text = self.tr("未导入：发现 %1 个问题，请在 Excel 中改正后再导入")
        self._show_problems(text.replace("%1", str(len(errors))), exc.problems)

    def _show_problems(self, text: str, problems: list) -> None:
        self.message.setStyleSheet(f"color: {OVERDUE_RED};")
        self.message.setText(text)
        lang = ui_language()
        self.problems.clear()
        self.problems.addItems([p.render(lang) for p in problems])
