"""The first-run set-up: the departments the user issues documents for, the
inspectors, and this device's name.

Shown at start until it was finished once (``storage.setting_store.setup_done``),
and later from Settings (设置向导…) or from a document refused for want of a
department.  Each page checks its own entries with the rules the workspace uses
(``storage.inputs``); Finish writes everything in one transaction
(``setting_store.save_setup``).  ``DepartmentForm`` and ``InspectorTable`` are
shared with the Settings view.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from checklists.common.errors import InvalidInput, SiteCheckError
from checklists.common.vocabulary import Family
from export.issue import needs_setup
from storage import inputs, setting_store
from storage.demo import SAMPLE_DEPARTMENTS
from storage.sync.devices import device

from ..context import Context
from ..errors import show_error
from ..widgets.form import FieldForm, limit_length


def _titles() -> dict[str, str]:
    return {Family.EMS: QCoreApplication.translate("setup", "应急管理部门"),
            Family.SAMR: QCoreApplication.translate("setup", "市场监督管理部门（特种设备）")}


class DepartmentForm(FieldForm):
    """The fields of one issuing department, named as ``storage.inputs`` names them."""

    changed = Signal()

    def __init__(self, family: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.family = family
        what = inputs.FAMILY_DEPARTMENTS[family] + "的"
        self.edits: dict[str, QLineEdit] = {}
        rows = (("name", self.tr("部门全称"), self.tr("与公章上的部门全称一致")),
                ("abbr", self.tr("编号简称"), self.tr("文书编号括号中的简称，如：莞")),
                ("government", self.tr("本级人民政府"), self.tr("行政复议机关：本级人民政府的全称")),
                ("court", self.tr("行政诉讼法院"), self.tr("管辖行政诉讼的人民法院全称")),
                ("review_body", self.tr("其他复议机关"), self.tr("一般不填；法律另有规定时填写")),
                ("address", self.tr("部门地址"), self.tr("印在文书页脚")),
                ("phone", self.tr("部门电话"), self.tr("印在文书页脚，如：0769-22223333")))
        for key, label, hint in rows:
            edit = limit_length(QLineEdit(), "department", key)
            edit.setObjectName(f"{family}_{key}")
            edit.setPlaceholderText(hint)
            edit.textEdited.connect(self.changed)
            label_rule = inputs.TEXT_RULES[("department", key)].label
            self.edits[key] = self.add_row(key, label, edit, what + label_rule, label_rule)

    def set_values(self, values: dict) -> None:
        for key, edit in self.edits.items():
            edit.setText(str(values.get(key) or ""))

    def values(self) -> dict[str, str]:
        return {key: edit.text().strip() for key, edit in self.edits.items()}

    def is_blank(self) -> bool:
        return not any(self.values().values())

    def checked(self) -> dict[str, str] | None:
        """The values checked as a complete department; None (errors shown) if not."""
        self.clear_errors()
        try:
            return inputs.department_values(self.values(), what=inputs.FAMILY_DEPARTMENTS[self.family] + "的",
                                            complete=True)
        except InvalidInput as exc:
            if not self.show_invalid(exc):
                show_error(self.window(), exc)
        return None


class InspectorTable(QWidget):
    """Inspectors (姓名, 执法证号) with buttons to add and remove rows."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("inspectorTable")
        self.table.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("执法证号")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self.changed)
        add = QPushButton(self.tr("添加执法人员"))
        add.setObjectName("addInspector")
        add.clicked.connect(lambda: self.add("", ""))
        remove = QPushButton(self.tr("删除所选"))
        remove.setObjectName("removeInspector")
        remove.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add(self, name: str, cert_no: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(cert_no))
        self.changed.emit()

    def remove_current(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())
            self.changed.emit()

    def set_people(self, people: list[dict]) -> None:
        self.table.setRowCount(0)
        for person in people:
            self.add(person.get("name", ""), person.get("cert_no", ""))

    def people(self) -> list[dict[str, str]]:
        """The rows filled in; InvalidInput names a row with only one of the two."""
        people = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in (0, 1)]
            name, cert = ((cell.text().strip() if cell else "") for cell in cells)
            if not name and not cert:
                continue
            if not name or not cert:
                raise InvalidInput("执法人员", self.tr("第 %1 行的姓名和执法证号都必须填写")
                                   .replace("%1", str(row + 1)))
            people.append({"name": name, "cert_no": cert})
        return people


class _Page(QWizardPage):
    """A page with a form; ``check`` runs when Next or Finish is pressed."""

    def __init__(self, title: str, text: str, form: QWidget, check):
        super().__init__()
        self.setTitle(title)
        self.check = check
        explain = QLabel(text)              # in the page, not the subtitle: it wraps, never clips
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(form)
        layout.addStretch(1)

    def validatePage(self) -> bool:
        return bool(self.check())


class SetupWizard(QWizard):
    """设置向导: departments, inspectors, device name; saved together on Finish."""

    saved = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("设置向导"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        for button, text in ((QWizard.WizardButton.BackButton, self.tr("< 上一步")),
                             (QWizard.WizardButton.NextButton, self.tr("下一步 >")),
                             (QWizard.WizardButton.FinishButton, self.tr("完成")),
                             (QWizard.WizardButton.CancelButton, self.tr("稍后设置"))):
            self.setButtonText(button, text)
        self.uses: dict[str, QCheckBox] = {}
        self.departments: dict[str, DepartmentForm] = {}
        choose = QWidget()
        choose_layout = QVBoxLayout(choose)
        for family, title in _titles().items():
            box = QCheckBox(title)
            box.setObjectName(f"uses_{family}")
            self.uses[family] = box
            choose_layout.addWidget(box)
            self.departments[family] = DepartmentForm(family)
        self.choose_error = QLabel()
        self.choose_error.setObjectName("chooseError")
        self.choose_error.setWordWrap(True)
        choose_layout.addWidget(self.choose_error)
        self.inspectors = InspectorTable()
        self.device_form = FieldForm()
        self.device_name = limit_length(QLineEdit(), "device", "name")
        self.device_name.setObjectName("deviceName")
        self.device_name.setPlaceholderText(self.tr("如：执法一队-张三的笔记本"))
        self.device_form.add_row("device", self.tr("本机名称"), self.device_name, "本机名称")
        self.page_ids = {"choose": self.addPage(_Page(
            self.tr("欢迎使用 SiteCheck 现场检查"),
            self.tr("文书上的执法部门、复议机关和法院都由您设置，程序不预置任何地区。请选择本机出具文书所属的执法部门（可多选）。"),
            choose, self._check_choice))}
        for family, title in _titles().items():
            self.page_ids[family] = self.addPage(_Page(
                title, self.tr("文书抬头、编号简称、复议与诉讼告知和页脚都取自这里。"),
                self.departments[family], self.departments[family].checked))
        self.page_ids["inspectors"] = self.addPage(_Page(
            self.tr("执法人员"), self.tr("现场检查须两名以上执法人员，请填写姓名和执法证号。"),
            self.inspectors, self._check_inspectors))
        self.page_ids["device"] = self.addPage(_Page(
            self.tr("本机名称"), self.tr("总部凭此名称区分各台设备（现在所有设备都叫“本机”）。"),
            self.device_form, self._check_device))
        self.load()

    # ----- data --------------------------------------------------------------------------
    def load(self) -> None:
        ws = self.ctx.ws
        for family, form in self.departments.items():
            values = setting_store.department(ws, family)
            form.set_values({} if values in SAMPLE_DEPARTMENTS.values() else values)  # sample data is not theirs
            self.uses[family].setChecked(bool(values))
        if not any(box.isChecked() for box in self.uses.values()):
            self.uses[Family.EMS].setChecked(True)
        self.inspectors.set_people(ws.setting("inspectors") or [])
        while self.inspectors.table.rowCount() < 2:
            self.inspectors.add("", "")
        name = device(ws, ws.device_id).name
        self.device_name.setText("" if name == setting_store.SELF_NAME else name)

    def nextId(self) -> int:
        """Skip the pages of the departments not chosen."""
        order = ["choose", *(f for f in self.departments if self.uses[f].isChecked()), "inspectors", "device"]
        current = next((k for k, v in self.page_ids.items() if v == self.currentId()), "choose")
        at = order.index(current) if current in order else 0
        return self.page_ids[order[at + 1]] if at + 1 < len(order) else -1

    # ----- checks, page by page ------------------------------------------------------------
    def _check_choice(self) -> bool:
        chosen = any(box.isChecked() for box in self.uses.values())
        self.choose_error.setText("" if chosen else self.tr("请至少选择一个执法部门。"))
        return chosen

    def _check_inspectors(self) -> bool:
        try:
            inputs.check_inspectors(self.inspectors.people())
        except InvalidInput as exc:
            show_error(self, exc)
            return False
        return True

    def _check_device(self) -> bool:
        self.device_form.clear_errors()
        try:
            inputs.device_name(self.device_name.text(), setting_store.SELF_NAME)
        except InvalidInput as exc:
            self.device_form.show_invalid(exc)
            return False
        return self.save()

    def save(self) -> bool:
        """Write everything (one transaction); False, with the message shown, if refused."""
        departments = {f: (form.values() if self.uses[f].isChecked() else None)
                       for f, form in self.departments.items()}
        try:
            setting_store.save_setup(self.ctx.ws, departments=departments, inspectors=self.inspectors.people(),
                                     device_name=self.device_name.text())
        except SiteCheckError as exc:
            show_error(self, exc)
            return False
        self.saved.emit()
        return True


def open_setup(parent: QWidget, ctx: Context) -> SetupWizard:
    """Show the set-up (window-modal, not blocking) and return it."""
    wizard = SetupWizard(ctx, parent)
    wizard.setModal(True)
    wizard.resize(640, 560)
    wizard.open()
    return wizard


def show_issue_error(parent: QWidget, ctx: Context, exc: BaseException) -> QMessageBox:
    """``show_error``, with a button to open the set-up when the refusal is a missing
    department (``export.issue.needs_setup``)."""
    box = show_error(parent, exc)
    if needs_setup(exc):
        button = box.addButton(QCoreApplication.translate("setup", "打开设置向导…"),
                               QMessageBox.ButtonRole.ActionRole)
        button.setObjectName("openSetup")
        button.clicked.connect(lambda: setattr(parent, "setup_wizard", open_setup(parent, ctx)))
    return box
