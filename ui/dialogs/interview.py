"""询问笔录: the particulars of an interview and its questions and answers.

Everything typed is kept as a draft in the workspace (``export.interview``),
saved shortly after each change and when the dialog closes, so nothing is
lost; opening the dialog again for the inspection brings the draft back.
Issuing runs on a pool thread and clears the draft in the same transaction.
"""
from __future__ import annotations

from PySide6.QtCore import QDateTime, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import SiteCheckError
from checklists.common.vocabulary import Sex
from export.interview import issue_interview, load_draft, save_draft
from storage.records import Document

from ..context import Context
from ..errors import show_error
from .issuing import IssuingDialog
from .service import qt_moment, qt_now

PERSON_FIELDS = ("name", "id_no", "work_unit", "post", "phone", "address")
SAVE_DELAY_MS = 600


def interview_job(inspection_id: str, particulars: dict):
    """A job for Ops.run: issue the 询问笔录."""
    def job(ws, progress):
        return issue_interview(ws, inspection_id, particulars, progress=progress)
    return job


def _moment(text: str, fallback: QDateTime) -> QDateTime:
    value = QDateTime.fromString(text or "", "yyyy-MM-ddTHH:mm")
    if not value.isValid():
        value = QDateTime.fromString(text or "", "yyyy-MM-dd HH:mm")
    return value if value.isValid() else fallback


class InterviewDialog(IssuingDialog):
    def __init__(self, ctx: Context, inspection_id: str, parent=None):
        super().__init__(parent)
        self.ctx, self.inspection_id = ctx, inspection_id
        self.issued: Document | None = None
        self.setObjectName("interviewDialog")
        self.setWindowTitle(self.tr("询问笔录"))
        self.resize(760, 680)
        self.saver = QTimer(self)
        self.saver.setSingleShot(True)
        self.saver.setInterval(SAVE_DELAY_MS)
        self.saver.timeout.connect(self.save_draft)
        names = [p.get("name", "") for p in ctx.ws.inspection(inspection_id).inspectors]
        self.started_at, self.ended_at = QDateTimeEdit(qt_now(ctx)), QDateTimeEdit(qt_now(ctx))
        self.asker, self.recorder = QComboBox(), QComboBox()
        for combo, default in ((self.asker, 0), (self.recorder, 1)):
            combo.addItems(names)
            combo.setCurrentIndex(min(default, len(names) - 1))
        self.sex = QComboBox()
        self.sex.addItem("", "")
        for sex in Sex:
            self.sex.addItem(ctx.label(sex), str(sex))
        self.relation = QComboBox()
        self.relation.setEditable(True)
        self.relation.addItems(["", self.tr("被检查单位主要负责人"), self.tr("被检查单位安全管理人员"),
                                self.tr("从业人员"), self.tr("证人")])
        self.edits = {key: QLineEdit() for key in ("place", "subject", "recusal_answer", *PERSON_FIELDS)}
        self.edits["recusal_answer"].setPlaceholderText(self.tr("如：看清楚了，不申请回避。"))
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("qaTable")
        self.table.setHorizontalHeaderLabels([self.tr("问"), self.tr("答")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self._build_form()
        self._build_buttons()
        self.load(load_draft(ctx.ws, inspection_id))
        self._watch()

    def _build_form(self) -> None:
        for key, widget in (("started_at", self.started_at), ("ended_at", self.ended_at), ("asker", self.asker),
                            ("recorder", self.recorder), ("sex", self.sex), ("relation", self.relation),
                            *self.edits.items()):
            widget.setObjectName(key)
        for edit in (self.started_at, self.ended_at):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        times = QHBoxLayout()
        times.addWidget(self.started_at)
        times.addWidget(self.ended_at)
        people = QHBoxLayout()
        people.addWidget(self.asker)
        people.addWidget(self.recorder)
        e = self.edits
        rows = [(self.tr("询问时间（起止）"), times), (self.tr("询问地点"), e["place"]),
                (self.tr("询问人 / 记录人"), people), (self.tr("询问事由"), e["subject"]),
                (self.tr("被询问人姓名"), e["name"]), (self.tr("性别"), self.sex),
                (self.tr("身份证件号码"), e["id_no"]), (self.tr("工作单位"), e["work_unit"]),
                (self.tr("职务"), e["post"]), (self.tr("联系电话"), e["phone"]), (self.tr("住址"), e["address"]),
                (self.tr("与本案关系"), self.relation), (self.tr("对出示证件、回避告知的回答"), e["recusal_answer"])]
        self.form = QFormLayout()
        for label, field in rows:
            self.form.addRow(label, field)

    def _build_buttons(self) -> None:
        row = QHBoxLayout()
        for name, text, slot in (("addQa", self.tr("添加问答"), lambda: self.add_pair()),
                                 ("removeQa", self.tr("删除"), self.remove_pair),
                                 ("upQa", self.tr("上移"), lambda: self.move_pair(-1)),
                                 ("downQa", self.tr("下移"), lambda: self.move_pair(1))):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.issue_button = buttons.addButton(self.tr("出具询问笔录"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.issue_button.setObjectName("issueInterview")
        buttons.accepted.connect(self.issue)
        buttons.rejected.connect(self.reject)
        form_part = QWidget()
        form_part.setLayout(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(form_part)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def _watch(self) -> None:
        """Save the draft shortly after any change."""
        for edit in self.edits.values():
            edit.textChanged.connect(self.saver.start)
        for edit in (self.started_at, self.ended_at):
            edit.dateTimeChanged.connect(self.saver.start)
        for combo in (self.asker, self.recorder, self.sex):
            combo.currentIndexChanged.connect(self.saver.start)
        self.relation.currentTextChanged.connect(self.saver.start)
        self.table.itemChanged.connect(self.saver.start)
        self.table.model().rowsRemoved.connect(self.saver.start)

    # ----- values ----------------------------------------------------------------------
    def particulars(self) -> dict:
        e = self.edits
        person = {key: e[key].text() for key in PERSON_FIELDS}
        person.update(sex=self.sex.currentData() or "", relation=self.relation.currentText())
        texts = {key: e[key].text() for key in ("place", "subject", "recusal_answer")}
        return {"started_at": qt_moment(self.started_at.dateTime()), "ended_at": qt_moment(self.ended_at.dateTime()),
                **texts, "asker": self.asker.currentText(), "recorder": self.recorder.currentText(),
                "person": person, "qa": self.pairs()}

    def pairs(self) -> list[dict]:
        def text(row: int, col: int) -> str:
            item = self.table.item(row, col)
            return item.text() if item else ""
        return [{"question": text(r, 0), "answer": text(r, 1)} for r in range(self.table.rowCount())]

    def load(self, values: dict) -> None:
        """Fill the dialog from a draft (or particulars)."""
        if not values:
            return
        self.started_at.setDateTime(_moment(values.get("started_at", ""), self.started_at.dateTime()))
        self.ended_at.setDateTime(_moment(values.get("ended_at", ""), self.ended_at.dateTime()))
        for key in ("place", "subject", "recusal_answer"):
            self.edits[key].setText(values.get(key, ""))
        for combo, key in ((self.asker, "asker"), (self.recorder, "recorder")):
            if combo.findText(values.get(key, "")) >= 0:
                combo.setCurrentText(values[key])
        person = values.get("person") or {}
        for key in PERSON_FIELDS:
            self.edits[key].setText(person.get(key, ""))
        self.sex.setCurrentIndex(max(0, self.sex.findData(person.get("sex", ""))))
        self.relation.setCurrentText(person.get("relation", ""))
        for pair in values.get("qa") or []:
            self.add_pair(pair.get("question", ""), pair.get("answer", ""))

    # ----- questions and answers -------------------------------------------------------
    def add_pair(self, question: str = "", answer: str = "") -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(question))
        self.table.setItem(row, 1, QTableWidgetItem(answer))
        self.table.setCurrentCell(row, 0)
        return row

    def remove_pair(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def move_pair(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        pairs = self.pairs()
        pairs[row], pairs[target] = pairs[target], pairs[row]
        for r in (row, target):
            for c, key in enumerate(("question", "answer")):
                self.table.item(r, c).setText(pairs[r][key])
        self.table.setCurrentCell(target, self.table.currentColumn())

    # ----- draft and issue -------------------------------------------------------------
    def save_draft(self) -> None:
        self.saver.stop()
        try:
            save_draft(self.ctx.ws, self.inspection_id, self.particulars())
        except SiteCheckError as exc:           # e.g. a full disk: say so, keep the dialog open
            show_error(self, exc)

    def done(self, result: int) -> None:
        if self.issued is None:
            self.save_draft()
        super().done(result)

    def issue(self):
        self.save_draft()
        self.issue_button.setEnabled(False)
        return self.ctx.ops.run(interview_job(self.inspection_id, self.particulars()), parent=self,
                                title=self.tr("正在出具文书…"), on_done=self._issued, on_error=self._failed)


