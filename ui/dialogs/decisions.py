"""The on-site decisions, issued from the finish view's 更多文书 menu:
现场处理措施决定书 (a measure and its object per 重大事故隐患), 查封（扣押）决定书 with
its 清单 (the findings it rests on, the items with their seal numbers, the term) and
解除查封（扣押）决定书.

Each dialog stays open while the document is issued on a pool thread (one
transaction, ``export.decisions``); a refusal is shown over it with the input kept,
and it closes with ``issued(document)`` once the document is stored.  The rules
(which findings, what may be seized, when a seizure may be lifted) are the core's.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from checklists.common.vocabulary import DocumentKind, OnSiteMeasure, ReleaseReason
from export.decisions import (
    Candidate,
    MeasureChoice,
    issue_measure,
    issue_release,
    issue_seizure,
    live_seizures,
    measure_candidates,
    seizure_candidates,
    seizure_defaults,
)
from export.docmodel import SEIZURE_MAX_DAYS, SeizedItem
from storage.records import Document, Finding

from ..context import Context

ITEM_KEYS = ("name", "registration_no", "location", "quantity", "seals")


def measure_job(inspection_id: str, choices: list[MeasureChoice]):
    def job(ws, progress):
        return issue_measure(ws, inspection_id, choices, progress=progress)
    return job


def seizure_job(inspection_id: str, finding_ids: list[str], items: list[dict], term_days: int):
    def job(ws, progress):
        return issue_seizure(ws, inspection_id, finding_ids, items, term_days=term_days, progress=progress)
    return job


def release_job(seizure_id: str, reason: ReleaseReason):
    def job(ws, progress):
        return issue_release(ws, seizure_id, reason, progress=progress)
    return job


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


class DecisionDialog(QDialog):
    """What the three dialogs share: the issue / cancel buttons and issuing in the background."""

    issued = Signal(object)             # the Document, once stored

    def __init__(self, ctx: Context, inspection_id: str, kind: DocumentKind, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.kind = kind
        self.setObjectName(f"{kind}Dialog")
        self.setWindowTitle(self.tr("出具%1").replace("%1", ctx.label(kind)))
        self.setMinimumWidth(640)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("出具"))
        self.ok.setObjectName("issueDecision")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.issue)
        self.buttons.rejected.connect(self.reject)
        self.running = None

    def job(self):
        raise NotImplementedError

    def issue(self):
        """Issue in the background; the dialog closes when the document is stored."""
        if self.running is not None:
            return self.running
        from .setup_wizard import show_issue_error  # offers the set-up when no department

        def failed(exc: BaseException) -> None:
            self.running = None
            if shiboken6.isValid(self):
                show_issue_error(self, self.ctx, exc)

        self.running = self.ctx.ops.run(self.job(), parent=self, title=self.tr("正在出具文书…"),
                                        on_done=self._done, on_error=failed)
        return self.running

    def _done(self, doc: Document) -> None:
        self.running = None
        self.issued.emit(doc)
        if shiboken6.isValid(self):
            self.accept()


class MeasureDialog(DecisionDialog):
    """现场处理措施决定书: per live 重大事故隐患 whether it is carried, the measure and
    what it applies to (the equipment, the activity, the place)."""

    def __init__(self, ctx: Context, inspection_id: str, parent=None):
        super().__init__(ctx, inspection_id, DocumentKind.MEASURE, parent)
        intro = QLabel(self.tr("勾选要采取现场处理措施的重大事故隐患，选择措施并写明对象"
                               "（停止使用的设施、设备，停止的作业活动，撤出人员的区域，停产停业的车间或场所）。"))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("measureRows")
        self.table.setHorizontalHeaderLabels([self.tr("序号"), self.tr("隐患描述"), self.tr("现场处理措施"),
                                              self.tr("对象")])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)     # room to type the object
        self.rows: list[tuple[Finding, QTableWidgetItem, QComboBox, QLineEdit]] = []
        for candidate in measure_candidates(ctx.ws, inspection_id):
            self._add_row(candidate)
        self.table.resizeRowsToContents()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 420)

    def _add_row(self, candidate: Candidate) -> None:
        finding, choice, chosen = candidate.finding, candidate.choice, candidate.chosen
        row = self.table.rowCount()
        self.table.insertRow(row)
        seq = QTableWidgetItem(str(candidate.seq))
        seq.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        seq.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
        text = QTableWidgetItem(short(finding.description, 60))
        text.setToolTip(finding.description)
        text.setFlags(Qt.ItemFlag.ItemIsEnabled)
        measure = QComboBox()
        for m in OnSiteMeasure:
            measure.addItem(self.ctx.label(m), str(m))
        measure.setCurrentIndex(measure.findData(str(choice.measure)))
        obj = QLineEdit(choice.object)
        obj.setPlaceholderText(self.tr("如：1号配电柜、有限空间作业、喷涂车间"))
        self.table.setItem(row, 0, seq)
        self.table.setItem(row, 1, text)
        self.table.setCellWidget(row, 2, measure)
        self.table.setCellWidget(row, 3, obj)
        self.rows.append((finding, seq, measure, obj))

    def choices(self) -> list[MeasureChoice]:
        return [MeasureChoice(f.id, OnSiteMeasure(measure.currentData()), obj.text())
                for f, check, measure, obj in self.rows if check.checkState() == Qt.CheckState.Checked]

    def job(self):
        return measure_job(self.inspection_id, self.choices())


class SeizureDialog(DecisionDialog):
    """查封（扣押）决定书: the hazards it rests on, the items of its 清单 and the term."""

    def __init__(self, ctx: Context, inspection_id: str, parent=None):
        super().__init__(ctx, inspection_id, DocumentKind.SEIZURE, parent)
        _, items = seizure_defaults(ctx.ws, inspection_id)
        self.findings = QListWidget()
        self.findings.setObjectName("seizureFindings")
        for n, f, _, chosen in seizure_candidates(ctx.ws, inspection_id):
            item = QListWidgetItem(f"{n}. {short(f.description, 70)}")
            item.setToolTip(f.description)
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            self.findings.addItem(item)
        self.findings.setMaximumHeight(110)
        self.items = QTableWidget(0, len(ITEM_KEYS))
        self.items.setObjectName("seizureItems")
        self.items.setHorizontalHeaderLabels([self.tr("名称"), self.tr("使用登记证号（编号）"), self.tr("存放地点"),
                                              self.tr("数量"), self.tr("封条编号")])
        self.items.verticalHeader().hide()
        self.items.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for item in items or [SeizedItem(name="")]:
            self.add_item(item)
        add = QPushButton(self.tr("添加一行"))
        add.setObjectName("addSeizedItem")
        add.clicked.connect(lambda: self.add_item(SeizedItem(name="")))
        remove = QPushButton(self.tr("删除所选行"))
        remove.setObjectName("removeSeizedItem")
        remove.clicked.connect(self.remove_item)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(add)
        row_buttons.addWidget(remove)
        row_buttons.addStretch(1)
        term_row = self._build_term()
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("查封（扣押）的理由（勾选隐患）：")))
        form.addRow(self.findings)
        form.addRow(QLabel(self.tr("查封（扣押）清单（每项须填数量和封条编号）：")))
        form.addRow(self.items)
        form.addRow(row_buttons)
        form.addRow(self.tr("查封（扣押）期限"), term_row)
        form.addRow(self.buttons)
        self.resize(860, 520)

    def _build_term(self) -> QWidget:
        """The term in days (1 to 30) and what it means."""
        self.term = QSpinBox()
        self.term.setObjectName("seizureTerm")
        self.term.setRange(1, SEIZURE_MAX_DAYS)
        self.term.setValue(SEIZURE_MAX_DAYS)
        self.term.setSuffix(self.tr(" 日"))
        term_row = QWidget()
        term_layout = QHBoxLayout(term_row)
        term_layout.setContentsMargins(0, 0, 0, 0)
        term_layout.addWidget(self.term)
        term_note = QLabel(self.tr("自决定作出之日的次日起计算，不超过30日（行政强制法第二十五条）"))
        term_note.setWordWrap(True)             # leaves room for the row's label in English
        term_layout.addWidget(term_note, 1)
        return term_row

    def add_item(self, item: SeizedItem) -> None:
        row = self.items.rowCount()
        self.items.insertRow(row)
        for col, key in enumerate(ITEM_KEYS):
            self.items.setItem(row, col, QTableWidgetItem(getattr(item, key)))

    def remove_item(self) -> None:
        rows = sorted({i.row() for i in self.items.selectedIndexes()}, reverse=True)
        for row in rows:
            self.items.removeRow(row)

    def set_cell(self, row: int, key: str, text: str) -> None:
        self.items.item(row, ITEM_KEYS.index(key)).setText(text)

    def finding_ids(self) -> list[str]:
        return [it.data(Qt.ItemDataRole.UserRole) for it in map(self.findings.item, range(self.findings.count()))
                if it.checkState() == Qt.CheckState.Checked]

    def item_values(self) -> list[dict]:
        """The rows typed in (rows left wholly empty are not items)."""
        rows = [{key: (self.items.item(r, c).text() if self.items.item(r, c) else "")
                 for c, key in enumerate(ITEM_KEYS)} for r in range(self.items.rowCount())]
        return [row for row in rows if any(v.strip() for v in row.values())]

    def job(self):
        return seizure_job(self.inspection_id, self.finding_ids(), self.item_values(), self.term.value())


class ReleaseDialog(DecisionDialog):
    """解除查封（扣押）决定书: which seizure of the inspection, and why it is lifted."""

    def __init__(self, ctx: Context, inspection_id: str, parent=None):
        super().__init__(ctx, inspection_id, DocumentKind.RELEASE, parent)
        self.seizure = QComboBox()
        self.seizure.setObjectName("releaseSeizure")
        for doc in live_seizures(ctx.ws, inspection_id):
            names = "、".join(i.get("name", "") for i in (doc.data or {}).get("items", []))
            self.seizure.addItem(f"{doc.number}（{doc.issued_at[:10]}）{short(names, 30)}", doc.id)
        self.reason = QComboBox()
        self.reason.setObjectName("releaseReason")
        for reason in ReleaseReason:
            self.reason.addItem(self.ctx.label(reason), str(reason))
        note = QLabel(self.tr("“事故隐患已消除”须经复查销号（整改复查意见书）；"
                              "“期限届满”须在查封（扣押）期限届满之后。"))
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("查封（扣押）决定书"), self.seizure)
        form.addRow(self.tr("解除理由"), self.reason)
        form.addRow(note)
        form.addRow(self.buttons)
        self.ok.setEnabled(self.seizure.count() > 0)

    def job(self):
        return release_job(self.seizure.currentData(), ReleaseReason(self.reason.currentData()))


DIALOGS = {DocumentKind.MEASURE: MeasureDialog, DocumentKind.SEIZURE: SeizureDialog,
           DocumentKind.RELEASE: ReleaseDialog}
