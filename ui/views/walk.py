"""Walking a checklist: sections on the left, items on the right, keyboard first.

1 / 2 / 3 answer 符合 / 不符合 / 不适用 (and move on; 不符合 opens the finding),
Up / Down move between items, N writes a note, P adds photos, Esc returns to
the item list, Ctrl+Z / Ctrl+Shift+Z undo / redo an answer (its finding comes
back with it), Ctrl+Enter finishes.  Opening an inspection shows its first
unanswered item.  Items that ask for a value show a number field with its unit
and range (a number outside it suggests 不符合), a combo box of choices, or a text
field.  Every change is saved at once; the note is saved as you type (after a
short pause), a value when you press Enter or leave the field or the item.
"""
from __future__ import annotations

from functools import partial
from typing import NamedTuple

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import InvalidInput, SiteCheckError
from checklists.common.vocabulary import EquipmentKind, Family, HazardLevel, Rectification, Result, Sector
from checklists.conditions import Part, kinds, shown_keys
from checklists.model import Checklist, Item
from export.decisions import handling_gaps
from export.issue import document_family, equipment_label
from storage import findings
from storage.records import Answer, Finding, Inspection, Judgement

from ..actions import install_walk_keys
from ..context import OVERDUE_RED, Context
from ..dialogs.equipment_tables import EquipmentTablesDialog
from ..errors import show_error
from ..widgets.answer import AnswerEditor
from ..widgets.flow import FlowLayout, HeadLayout
from ..widgets.gaps import gap_lines, major_label
from ..widgets.photos import PhotoStrip, PhotoTarget

Key = tuple[str, str | None, str]       # (checklist hash, equipment id or None, item id)
RESULT_MARK = {Result.PASS: "✓", Result.FAIL: "✗", Result.NA: "—", None: "·"}
RESULT_COLOUR = {Result.PASS: "#2e7d32", Result.FAIL: OVERDUE_RED, Result.NA: "#757575"}
SAVE_DELAY_MS = 500
# special-equipment texts (特设法, 57号令) say 严重事故隐患, the work-safety ones 重大事故隐患
SAMR_MAJOR = {"zh": "严重事故隐患", "en": "Serious accident hazard"}


def hazard_label(ctx: Context, level: HazardLevel | str, family: Family | str | None) -> str:
    """A hazard level as the inspection's own documents name it."""
    if level == HazardLevel.MAJOR and family == Family.SAMR:
        return SAMR_MAJOR["zh" if ctx.lang.startswith("zh") else "en"]
    return ctx.label(HazardLevel(level))


class AnswerState(NamedTuple):
    """An item's answer as it stood, and the finding it had then (for undo)."""

    result: Result | None
    value: str | None
    note: str | None
    finding_id: str | None


class AnswerChange(QUndoCommand):
    """One answer given in the walk (already saved when pushed); undo and redo put the
    item's answer and its finding back through the core, one transaction each."""

    def __init__(self, view: WalkView, key: Key, before: AnswerState,
                 after: AnswerState):
        super().__init__(view.tr("答题 %1").replace("%1", key[2]))
        self.view, self.key, self.before, self.after = view, key, before, after
        self.saved = True

    def redo(self) -> None:
        if self.saved:                  # pushed after saving: the first redo is done
            self.saved = False
            return
        self.setObsolete(not self.view.restore_answer(self.key, self.after))

    def undo(self) -> None:
        self.setObsolete(not self.view.restore_answer(self.key, self.before))


def _saver(parent, slot) -> QTimer:
    timer = QTimer(parent, singleShot=True, interval=SAVE_DELAY_MS)
    timer.timeout.connect(slot)
    return timer


class FindingPanel(QGroupBox):
    """The finding of a non-compliant item: level, rectification, deadline, description."""

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.finding: Finding | None = None
        self.setTitle(self.tr("隐患"))
        self.setObjectName("findingPanel")
        self.level = QComboBox()
        self.level.setObjectName("findingLevel")
        for level in HazardLevel:
            self.level.addItem(ctx.label(level), str(level))
        self.rectification = QComboBox()
        self.rectification.setObjectName("findingRectification")
        for mode in Rectification:
            self.rectification.addItem(ctx.label(mode), str(mode))
        self.deadline = QDateEdit()
        self.deadline.setObjectName("findingDeadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.description = QPlainTextEdit()
        self.description.setObjectName("findingDescription")
        self.description.setFixedHeight(72)
        self.description.setPlaceholderText(self.tr("描述现场发现的问题（位置、情况）"))
        self.state = QLabel()
        form = QFormLayout(self)
        form.addRow(self.tr("隐患等级"), self.level)
        form.addRow(self.tr("整改方式"), self.rectification)
        form.addRow(self.tr("整改期限"), self.deadline)
        form.addRow(self.tr("隐患描述"), self.description)
        form.addRow(self.tr("状态"), self.state)
        self._save_text = _saver(self, self.save_description)
        self.level.activated.connect(lambda *_: self._save({"level": self.level.currentData()}))
        self.rectification.activated.connect(lambda *_: self._save_rectification())
        self.deadline.dateChanged.connect(lambda *_: self._save_deadline())
        self.description.textChanged.connect(self._save_text.start)
        self._loading = False

    def set_family(self, family: Family) -> None:
        """Name the levels as the inspection's documents do (严重事故隐患 for 特种设备)."""
        for index in range(self.level.count()):
            self.level.setItemText(index, hazard_label(self.ctx, self.level.itemData(index), family))

    def show_finding(self, finding: Finding | None) -> None:
        self.flush()
        self.finding = finding
        self.setVisible(finding is not None)
        if finding is None:
            return
        self._loading = True
        self.level.setCurrentIndex(self.level.findData(str(finding.level)))
        self.rectification.setCurrentIndex(self.rectification.findData(str(finding.rectification)))
        self.deadline.setEnabled(finding.rectification == Rectification.DEADLINE)
        self.deadline.setDate(QDate.fromString(finding.deadline, "yyyy-MM-dd") if finding.deadline
                              else QDate(self.ctx.today()))
        self.description.setPlainText(finding.description)
        self.state.setText(self.ctx.label(finding.state))
        self._loading = False

    def _save(self, changes: dict) -> None:
        if self._loading or not self.finding:
            return
        try:
            self.finding = self.ctx.ws.update_finding(self.finding.id, **changes)
        except SiteCheckError as exc:
            show_error(self, exc)
            self.show_finding(self.ctx.ws.finding(self.finding.id))   # what is stored, not what was refused

    def _save_rectification(self) -> None:
        mode = self.rectification.currentData()
        changes = {"rectification": mode}
        if mode == Rectification.DEADLINE:
            changes["deadline"] = self.deadline.date().toPython()
        self.deadline.setEnabled(mode == Rectification.DEADLINE)
        self._save(changes)

    def _save_deadline(self) -> None:
        if self.rectification.currentData() == Rectification.DEADLINE:
            self._save({"deadline": self.deadline.date().toPython()})

    def save_description(self) -> None:
        self._save_text.stop()
        text = self.description.toPlainText().strip()
        if self.finding and text and text != self.finding.description:
            self._save({"description": text})

    def flush(self) -> None:
        if self._save_text.isActive():
            self.save_description()


class WalkView(QWidget):
    """One inspection being walked."""

    finished = Signal(str)          # inspection id, after 完成检查
    documents_requested = Signal(str)   # inspection id: its findings and documents
    changed = Signal()              # anything saved (home and ledger refresh)

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.inspection: Inspection | None = None
        self.sector: Sector | None = None
        self.answers: dict[Key, Answer] = {}
        self.checklists: list[Checklist] = []
        self.parts: dict[str, list[Part]] = {}          # checklist hash -> its parts as walked
        self.equipment: dict[str, str] = {}             # equipment id -> name and code, as shown
        self.current: tuple[Checklist, Item, str | None] | None = None
        self.undo_stack = QUndoStack(self)
        self.gaps_box: QMessageBox | None = None       # "finish anyway?" while it is open
        self.missing_text = ""
        self._build()
        self.keys = install_walk_keys(self)

    # ----- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        self.header = QLabel()
        self.header.setObjectName("viewTitle")
        self.header.setWordWrap(True)
        self.finish_button = QPushButton(self.tr("完成检查") + " (Ctrl+Enter)")
        self.finish_button.setObjectName("finishInspection")
        self.finish_button.clicked.connect(self.finish)
        self.tables_button = QPushButton(self.tr("受检设备…"))
        self.tables_button.setObjectName("walkEquipment")
        self.tables_button.setToolTip(self.tr("选择逐台检查的设备，记录每台的属性"))
        self.tables_button.clicked.connect(self.choose_equipment)
        self.tables_button.hide()
        self.documents_button = QPushButton(self.tr("检查结果与文书").replace("&", "&&"))
        self.documents_button.setObjectName("walkDocuments")
        self.documents_button.clicked.connect(
            lambda: self.inspection and self.documents_requested.emit(self.inspection.id))
        self.notice = QLabel()
        self.notice.setObjectName("walkNotice")
        self.notice.setStyleSheet(f"color: {OVERDUE_RED};")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.header.setText(self.tr("没有进行中的检查。新建检查（Ctrl+N），或在首页、隐患台账中打开一次检查。"))
        self.finish_button.setEnabled(False)
        self.documents_button.setEnabled(False)
        top = HeadLayout()              # the buttons go below the title where it is narrow
        top.addWidget(self.header)
        top.addWidget(self.tables_button)
        top.addWidget(self.documents_button)
        top.addWidget(self.finish_button)
        self.sections = QTreeWidget()
        self.sections.setObjectName("sectionTree")
        self.sections.setHeaderHidden(True)
        self.sections.setColumnCount(2)
        self.sections.header().setStretchLastSection(False)
        self.sections.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sections.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.sections.setWordWrap(True)
        self.sections.currentItemChanged.connect(lambda *_: self._fill_items())
        self.items = QListWidget()
        self.items.setObjectName("itemList")
        self.items.setWordWrap(True)
        self.items.currentRowChanged.connect(lambda *_: self._show_item())
        detail = QWidget()
        self.detail_layout = QVBoxLayout(detail)
        self.equipment_label = QLabel()
        self.equipment_label.setObjectName("itemEquipment")
        self.equipment_label.setWordWrap(True)
        self.equipment_label.setStyleSheet("font-weight: bold; color: #1565c0;")
        self.equipment_label.hide()
        self.question = QLabel()
        self.question.setObjectName("itemQuestion")
        self.question.setWordWrap(True)
        self.points = QLabel()
        self.points.setWordWrap(True)
        self.points.setTextFormat(Qt.TextFormat.PlainText)
        self.basis = QLabel()
        self.basis.setObjectName("itemBasis")
        self.basis.setWordWrap(True)
        self.basis.setStyleSheet("color: #555;")
        self.result_group = QButtonGroup(self)
        self.result_group.setExclusive(False)
        results = FlowLayout()          # wraps where the item pane is narrow
        for n, result in enumerate(Result, start=1):
            button = QPushButton(f"{n}  {self.ctx.label(result)}")
            button.setObjectName(f"result_{result}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, r=result: self.set_result(r))
            self.result_group.addButton(button)
            results.addWidget(button)
        self.value = AnswerEditor()
        self.value.committed.connect(self._save_answer_text)
        self.value.range_changed.connect(self._suggest_fail)
        self.note = QPlainTextEdit()
        self.note.setObjectName("answerNote")
        self.note.setPlaceholderText(self.tr("备注（N）"))
        self.note.setFixedHeight(64)
        self._save_note = _saver(self, self._save_answer_text)
        self.note.textChanged.connect(lambda: not self._loading and self._save_note.start())
        self.finding_panel = FindingPanel(self.ctx)
        self.finding_panel.hide()
        self.photos = PhotoStrip(self.ctx)
        self.photos.changed.connect(self.changed)
        for widget in (self.equipment_label, self.question, self.points, self.basis):
            self.detail_layout.addWidget(widget)
        self.detail_layout.addLayout(results)
        self.detail_layout.addWidget(self.value)
        self.detail_layout.addWidget(self.note)
        self.detail_layout.addWidget(self.finding_panel)
        self.detail_layout.addWidget(self.photos)
        self.detail_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(detail)
        right = QSplitter(Qt.Orientation.Vertical)
        right.setObjectName("walkItemsSplit")
        right.addWidget(self.items)
        right.addWidget(scroll)
        right.setSizes([160, 600])
        split = self.body = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("walkSplit")
        split.addWidget(self.sections)
        split.addWidget(right)
        split.setSizes([300, 800])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        layout.addStretch(0)            # keeps the header on top while the body is hidden
        split.hide()                    # until an inspection is opened
        self._loading = False

    # ----- loading ---------------------------------------------------------------------
    def open_inspection(self, inspection_id: str) -> None:
        ws = self.ctx.ws
        self.inspection = ws.inspection(inspection_id)
        self.checklists = [ws.checklist(h) for h in self.inspection.checklist_hashes]
        ent = ws.enterprise(self.inspection.enterprise_id)
        self.sector = Sector(ent.sector) if ent.sector else None
        people = "、".join(p["name"] for p in self.inspection.inspectors)
        self.header.setText(f"{ent.name} · {self.ctx.label(self.inspection.mode)} · "
                            f"{self.inspection.started_at[:16].replace('T', ' ')} · {people}")
        self.finish_button.setEnabled(not self.inspection.finished_at)
        self.tables_button.setVisible(any(kinds(c) for c in self.checklists))
        self.tables_button.setEnabled(not self.inspection.finished_at)
        self.finding_panel.set_family(self.inspection.family)
        self.undo_stack.clear()
        self._say("")
        self._load_parts()
        self._fill_tree()
        self.documents_button.setEnabled(True)
        self.body.show()
        key = self.first_unanswered()
        if key:
            self.go_to(key[0], key[2], key[1])

    def _load_parts(self) -> bool:
        """Read the answers and the parts as walked; whether the items shown changed."""
        ws = self.ctx.ws
        before = {h: shown_keys(p) for h, p in self.parts.items()}
        self.answers = ws.answer_map(self.inspection.id)
        self.parts = {c.hash: ws.walk_parts(self.inspection.id, c.hash) for c in self.checklists}
        self.equipment = {e["id"]: equipment_label(ws, e["id"])
                          for e in ws.inspection(self.inspection.id).equipment_tables or ()}
        self._warn_missing()
        return before != {h: shown_keys(p) for h, p in self.parts.items()}

    def _warn_missing(self) -> None:
        """A kind the checklists inspect one by one, in use here, with none selected: the
        notice says so while it lasts."""
        missing = self.ctx.ws.missing_equipment_kinds(self.inspection.id)
        kinds_text = "、".join(self.ctx.label(k) for k in missing)
        before, shown = self.missing_text, self.notice.text()
        self.missing_text = self.tr("尚未选择受检的%1：每种在用设备至少选择一台（“受检设备…”）").replace(
            "%1", kinds_text) if missing else ""
        self._say(shown if shown != before else "")     # another notice stays

    def choose_equipment(self) -> None:
        """受检设备…: select the equipment inspected one by one and record its attributes."""
        if not self.inspection:
            return
        self.flush()
        dialog = EquipmentTablesDialog(self.ctx, self.inspection, self.checklists, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._tables_saved)
        dialog.open()

    def _tables_saved(self) -> None:
        self.inspection = self.ctx.ws.inspection(self.inspection.id)
        self.undo_stack.clear()         # answers withdrawn with a table are not undone
        key = self.current and (self.current[0].hash, self.current[2], self.current[1].id)
        self._load_parts()
        self._fill_tree()
        self.current = None
        target = key if key in self.shown() else self.first_unanswered()
        if target:
            self.go_to(*self._key_args(target))
        self.changed.emit()

    def _fill_tree(self) -> None:
        """The unit-level sections once, then a table per selected piece of equipment."""
        self.sections.blockSignals(True)
        self.sections.clear()
        self.items.blockSignals(True)       # the rows belong to the sections just cleared
        self.items.clear()
        self.items.blockSignals(False)
        self.current = None
        for checklist in self.checklists:
            top = self._tree_node(checklist.title)
            groups: dict[str, QTreeWidgetItem] = {}
            for part in self.parts[checklist.hash]:
                if not part.items:
                    continue
                parent = top
                if part.equipment_id:
                    if part.equipment_id not in groups:
                        groups[part.equipment_id] = self._tree_node(self._tree_label(part.equipment_id), top)
                    parent = groups[part.equipment_id]
                child = QTreeWidgetItem([part.section.title, ""])
                child.setData(0, Qt.ItemDataRole.UserRole,
                              (checklist.hash, part.section.id, part.equipment_id))
                parent.addChild(child)
            self.sections.addTopLevelItem(top)
            self.sections.expandAll()
        self.sections.blockSignals(False)
        self._update_progress()

    def _tree_label(self, equipment_id: str) -> str:
        """The name, and the registration code below it (the tree is narrow)."""
        piece = self.ctx.ws.equipment(equipment_id)
        code = piece.register_code or piece.registration_no
        name = piece.name or self.ctx.label(EquipmentKind(piece.kind))
        return f"{name}\n{code}" if code else name

    def _tree_node(self, title: str, parent: QTreeWidgetItem | None = None) -> QTreeWidgetItem:
        node = QTreeWidgetItem([title, ""])
        node.setFlags(node.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        if parent is not None:
            node.setData(0, Qt.ItemDataRole.ToolTipRole, title)
            parent.addChild(node)
        return node

    def shown(self) -> list[Key]:
        """Every item shown, in walk order."""
        return [(c.hash, p.equipment_id, item.id) for c in self.checklists
                for p in self.parts.get(c.hash, ()) for item in p.items]

    def first_unanswered(self) -> Key | None:
        """(checklist hash, equipment id, item id) of the first shown item without a
        result, else the first item."""
        keys = self.shown()
        return next((k for k in keys if not (a := self.answers.get(k)) or not a.result),
                    keys[0] if keys else None)

    def _part(self, tree_item: QTreeWidgetItem | None) -> tuple[Checklist | None, Part | None]:
        key = tree_item.data(0, Qt.ItemDataRole.UserRole) if tree_item else None
        if not key:
            return None, None
        checklist = next(c for c in self.checklists if c.hash == key[0])
        part = next(p for p in self.parts[checklist.hash]
                    if p.section.id == key[1] and p.equipment_id == key[2])
        return checklist, part

    def _fill_items(self) -> None:
        checklist, part = self._part(self.sections.currentItem())
        self.items.clear()
        if part is None:
            return
        for item in part.items:
            row = QListWidgetItem()
            row.setData(Qt.ItemDataRole.UserRole, (checklist.hash, part.equipment_id, item.id))
            self.items.addItem(row)
            self._paint_row(row, (checklist.hash, part.equipment_id, item.id), item)
        self.items.setCurrentRow(0)

    def _paint_row(self, row: QListWidgetItem, key: Key, item: Item) -> None:
        answer = self.answers.get(key)
        result = answer.result if answer else None
        row.setText(f"{RESULT_MARK[result]}  {item.id}  {item.question}")
        if result in RESULT_COLOUR:
            row.setForeground(QBrush(QColor(RESULT_COLOUR[result])))

    def _tree_children(self) -> list[QTreeWidgetItem]:
        out, stack = [], [self.sections.topLevelItem(i) for i in range(self.sections.topLevelItemCount())]
        while stack:
            node = stack.pop(0)
            if node.data(0, Qt.ItemDataRole.UserRole):
                out.append(node)
            stack[:0] = [node.child(j) for j in range(node.childCount())]
        return out

    def _update_progress(self) -> None:
        for child in self._tree_children():
            checklist, part = self._part(child)
            results = [a.result for it in part.items
                       if (a := self.answers.get((checklist.hash, part.equipment_id, it.id))) and a.result]
            fails = results.count(Result.FAIL)
            child.setText(1, f"{len(results)}/{len(part.items)}" + (f" ✗{fails}" if fails else ""))
            colour = (OVERDUE_RED if fails else "#2e7d32"
                      if len(results) == len(part.items) else "#757575")
            child.setForeground(1, QBrush(QColor(colour)))

    def _scope_text(self, item) -> str:
        """Where the item's level depends on the kind of enterprise, say so, and what it
        is here: the inspector sees why a failed item opened a general or a major hazard."""
        sector = self.sector
        here = self.ctx.label(sector) if sector else self.tr("企业类别未确定")
        lines = []
        if item.sectors and not item.applies_in(sector):
            kinds = "、".join(self.ctx.label(s) for s in item.sectors)
            lines.append(self.tr("适用范围：本项适用于%1，本企业为%2").replace("%1", kinds).replace("%2", here))
        if item.major_in:
            kinds = "、".join(self.ctx.label(s) for s in item.major_in)
            level = hazard_label(self.ctx, item.level_for(sector), self.inspection.family)
            lines.append(self.tr("隐患级别：对%1判定为重大事故隐患；本企业（%2）按%3登记")
                         .replace("%1", kinds).replace("%2", here).replace("%3", level))
        return "".join(f"\n{line}" for line in lines)

    def _show_item(self) -> None:
        self.flush()
        row = self.items.currentItem()
        if row is None or self.inspection is None:
            self.current = None
            return
        checklist_hash, equipment_id, item_id = row.data(Qt.ItemDataRole.UserRole)
        checklist = next(c for c in self.checklists if c.hash == checklist_hash)
        item = checklist.item(item_id)
        self.current = (checklist, item, equipment_id)
        self._loading = True
        answer = self.answers.get((checklist.hash, equipment_id, item.id))
        self.equipment_label.setText(self.tr("受检设备：") + self.equipment.get(equipment_id, ""))
        self.equipment_label.setVisible(equipment_id is not None)
        self.question.setText(f"<b>{item.id}</b>  {item.question}")
        self.points.setText("\n".join(f"• {p}" for p in item.check_points))
        major_label = self.tr("隐患判定：")
        major = f"\n{major_label}GB 45067-2024 {item.gb45067}" if item.gb45067 else ""
        self.basis.setText(self.tr("依据：") + "；".join(str(c) for c in item.basis) + major
                           + self._scope_text(item))
        self._check_buttons(answer.result if answer else None)
        self.value.set_item(item.id, item.answer, answer.value if answer else None)
        self.note.setPlainText(answer.note or "" if answer else "")
        self._loading = False
        self.finding_panel.show_finding(self.ctx.ws.finding_for_item(
            self.inspection.id, checklist.hash, item.id, equipment_id=equipment_id))
        self.photos.set_target(PhotoTarget(self.inspection.id, checklist.hash, item.id,
                                           self.finding_panel.finding and
                                           self.finding_panel.finding.id))

    def _check_buttons(self, result: Result | None) -> None:
        for button in self.result_group.buttons():
            button.setChecked(result is not None and button.objectName() == f"result_{result}")
        self._suggest_fail(self.value.out_of_range())

    def fail_button(self) -> QPushButton:
        return next(b for b in self.result_group.buttons()
                    if b.objectName() == f"result_{Result.FAIL}")

    def _suggest_fail(self, out_of_range: bool) -> None:
        """A number outside the item's range suggests 不符合 (the inspector decides)."""
        button = self.fail_button()
        suggest = out_of_range and not button.isChecked()
        if bool(button.property("suggested")) == suggest:
            return
        button.setProperty("suggested", suggest)
        button.setToolTip(self.tr("数值超出范围，建议判定为不符合") if suggest else "")
        button.style().unpolish(button)
        button.style().polish(button)

    # ----- saving ----------------------------------------------------------------------
    def _write_answer(self, result: Result | None, *, judge: bool = False) -> Judgement | None:
        """Save result, value and note (with ``judge``, the item's finding follows the
        result in the same transaction); a bad value is shown beside its field and the
        rest saved with the value stored before (bad input changes nothing)."""
        checklist, item, equipment_id = self.current
        key = (checklist.hash, equipment_id, item.id)
        stored = self.answers.get(key)
        note = self.note.toPlainText().strip() or None
        write = self.ctx.ws.record_result if judge else self._answer_only
        save = partial(write, self.inspection.id, checklist.hash, item.id, result=result, note=note,
                       equipment_id=equipment_id)
        try:
            try:
                outcome = save(value=self.value.value())
                self.value.clear_error()
            except InvalidInput as exc:
                if not self.value.owns(exc):
                    raise
                self.value.show_invalid(exc)
                if stored is None and result is None and note is None:
                    return None
                if stored and (stored.result, stored.note) == (result, note):
                    return None
                outcome = save(value=stored.value if stored else None)
        except SiteCheckError as exc:
            show_error(self, exc)
            return None
        answer = outcome.answer
        self.answers[key] = answer
        self._check_buttons(answer.result)
        self._paint_row(self.items.currentItem(), key, item)
        if judge and self._load_parts():        # the answer showed or hid other items
            self._fill_tree()
            self.current = None
            self.go_to(*self._key_args(key))
        self._update_progress()
        self.changed.emit()
        return outcome

    def _answer_only(self, *args, **kwargs) -> Judgement:
        return Judgement(self.ctx.ws.set_answer(*args, **kwargs), None, False)

    def _save_answer_text(self) -> None:
        self._save_note.stop()
        if self._loading or not self.current:
            return
        checklist, item, equipment_id = self.current
        answer = self.answers.get((checklist.hash, equipment_id, item.id))
        note = self.note.toPlainText().strip() or None
        value = self.value.value()
        if answer and answer.note == note and answer.value == value:
            return
        if answer is None and not note and not value:
            return
        self._write_answer(answer.result if answer else None)

    def flush(self) -> None:
        """Save what was typed but not yet saved (called when leaving an item or the view)."""
        self._save_answer_text()
        self.finding_panel.flush()

    def _state(self, key: Key) -> AnswerState:
        answer = self.answers.get(key)
        finding = self.ctx.ws.finding_for_item(self.inspection.id, key[0], key[2], equipment_id=key[1])
        return AnswerState(answer and answer.result, answer and answer.value,
                           answer and answer.note, finding and finding.id)

    def set_result(self, result: Result) -> None:
        if not self.current:
            return
        self.flush()
        self._save_note.stop()
        checklist, item, equipment_id = self.current
        key = (checklist.hash, equipment_id, item.id)
        before = self._state(key)
        outcome = self._write_answer(result, judge=True)
        if outcome is None:
            return
        answer, finding = outcome.answer, outcome.finding
        after = AnswerState(answer.result, answer.value, answer.note, finding and finding.id)
        if after != before:
            self.undo_stack.push(AnswerChange(self, key, before, after))
        withdrawn = outcome.finding_changed and finding is None
        self._say(self.tr("已撤回 %1 的隐患（Ctrl+Z 撤销）").replace("%1", item.id)
                  if withdrawn else "")
        if result == Result.FAIL:
            self.finding_panel.show_finding(outcome.finding)
            self.photos.set_target(PhotoTarget(self.inspection.id, checklist.hash, item.id,
                                               outcome.finding and outcome.finding.id))
            self.finding_panel.description.setFocus()
            self.finding_panel.description.selectAll()
        else:
            self.finding_panel.show_finding(None)
            self.next_item()

    def _say(self, text: str) -> None:
        """A notice above the items; without one, the equipment still to be selected."""
        text = text or self.missing_text
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def restore_answer(self, key: Key, state: AnswerState) -> bool:
        """Put an item's answer and finding back (undo / redo) and show the item."""
        self.flush()
        try:
            outcome = findings.restore_result(
                self.ctx.ws, self.inspection.id, key[0], key[2], result=state.result, value=state.value,
                note=state.note, finding_id=state.finding_id, equipment_id=key[1])
        except SiteCheckError as exc:
            show_error(self, exc)
            return False
        self.answers[key] = outcome.answer
        self._say("")
        if self._load_parts():
            self._fill_tree()
        self._update_progress()
        self.current = None             # the item's fields show the restored answer
        self.go_to(*self._key_args(key))
        self.changed.emit()
        return True

    # ----- moving ----------------------------------------------------------------------
    @staticmethod
    def _key_args(key: Key) -> tuple[str, str, str | None]:
        return key[0], key[2], key[1]

    def go_to(self, checklist_hash: str, item_id: str, equipment_id: str | None = None) -> None:
        """Show one item (its section chosen, its row current, the list focused); of an
        item repeated per equipment, that equipment's (default: the first shown)."""
        keys = [k for k in self.shown() if k[0] == checklist_hash and k[2] == item_id]
        key = next((k for k in keys if k[1] == equipment_id), keys[0] if keys else None)
        if key is None:                 # hidden (or not in this inspection): the first item
            key = next(iter(self.shown()), None)
            if key is None:
                return
        node = next(n for n in self._tree_children()
                    if (d := n.data(0, Qt.ItemDataRole.UserRole))[0] == key[0] and d[2] == key[1]
                    and any(i.id == key[2] for i in self._part(n)[1].items))
        if self.sections.currentItem() is node:
            self._fill_items()
        else:
            self.sections.setCurrentItem(node)
        self.items.setCurrentRow([i.id for i in self._part(node)[1].items].index(key[2]))
        self.items.setFocus()

    def next_item(self) -> None:
        row = self.items.currentRow()
        if row + 1 < self.items.count():
            self.items.setCurrentRow(row + 1)
            return
        tree_item = self.sections.itemBelow(self.sections.currentItem())
        while tree_item is not None and not tree_item.data(0, Qt.ItemDataRole.UserRole):
            tree_item = self.sections.itemBelow(tree_item)
        if tree_item is not None:
            self.sections.setCurrentItem(tree_item)
        self.items.setFocus()

    def focus_note(self) -> None:
        self.note.setFocus()
        self.note.moveCursor(self.note.textCursor().MoveOperation.End)

    def finish(self) -> None:
        """完成检查.  While a 重大/严重 hazard has no order or decision yet
        (``export.decisions.handling_gaps``), ask first: finishing is allowed (the
        documents come next), the record stays refused until the hazard is handled."""
        if not self.inspection:
            return
        self.flush()
        gaps = handling_gaps(self.ctx.ws, self.inspection.id)
        if gaps:
            self.ask_finish(gaps)
            return
        self.finish_now()

    def ask_finish(self, gaps: list) -> QMessageBox:
        family = document_family(self.ctx.ws, self.inspection)
        box = self.gaps_box = QMessageBox(self)
        box.setObjectName("finishGaps")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("完成检查"))
        box.setText(self.tr("本次检查有 %1 项%2尚未作出处理决定，仍然完成检查？")
                    .replace("%1", str(len(gaps))).replace("%2", major_label(self.ctx, family)))
        box.setInformativeText("\n".join(gap_lines(self.ctx, family, gaps)) + "\n\n" + self.tr(
            "完成后在“检查结果与文书”中先出具上述文书，再出具现场检查记录。"))
        finish = box.addButton(self.tr("仍然完成检查"), QMessageBox.ButtonRole.AcceptRole)
        finish.setObjectName("finishAnyway")
        back = box.addButton(self.tr("返回检查"), QMessageBox.ButtonRole.RejectRole)
        back.setObjectName("backToItems")
        box.setDefaultButton(finish)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        finish.clicked.connect(self.finish_now)
        box.open()
        return box

    def finish_now(self) -> None:
        try:
            self.inspection = self.ctx.ws.finish_inspection(self.inspection.id)
        except SiteCheckError as exc:
            show_error(self, exc)
            return
        self.finish_button.setEnabled(False)
        self.undo_stack.clear()         # a finished inspection's answers are not undone
        self.changed.emit()
        self.finished.emit(self.inspection.id)
