"""复查: the original inspection's open hazards, one by one, old photos beside new ones.

For each hazard the inspector records what was found (已整改 / 部分整改 / 未整改),
a note and, when not fixed, a new deadline, and attaches new photos to the
hazard under the re-inspection.  出具整改复查意见书 then numbers and stores the
document, closes (销号) the rectified hazards and sends the others back to
已责令整改 — in one transaction, on a pool thread.

Opinions not yet issued are a draft kept in the workspace settings
(``review_draft:<re-inspection id>``), saved at every change: leaving the view,
switching language or restarting the program loses nothing.  Issuing clears it.
"""
from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import SiteCheckError
from checklists.common.vocabulary import ORDER_KINDS, Opinion, default_deadline
from export.issue import conclude_review, review_candidates
from storage.records import Document, Finding, Inspection, Photo
from storage.reinspection import (
    Verdict,
    load_draft,
    load_report_received,
    save_draft,
    save_report_received,
)

from ..context import OVERDUE_RED, STATE_COLOURS, Context
from ..errors import show_error
from ..widgets.documents import DocumentPanel
from ..widgets.flow import HeadLayout
from ..widgets.photos import PhotoStrip, PhotoTarget
from ..widgets.scroll import scrolled

SIDE_BY_SIDE_WIDTH = 1000        # the view's width from which old and new photos sit side by side


def review_job(reinspection_id: str, verdicts: dict[str, Verdict], report_received: date | None = None):
    """A job for Ops.run: issue the 整改复查意见书 and finish the re-inspection."""
    def job(ws, progress):
        return conclude_review(ws, reinspection_id, verdicts, report_received=report_received,
                               progress=progress)
    return job


class FindingPhotoStrip(PhotoStrip):
    """New photos of one hazard taken during the re-inspection (caption on its own line)."""

    caption_below = True

    def photos(self) -> list[Photo]:
        if not self.target:
            return []
        return self.ctx.ws.photos(inspection_id=self.target.inspection_id,
                                  finding_id=self.target.finding_id, latest=True)


class OldPhotos(QListWidget):
    """The hazard's photos from the original inspection (read only)."""

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("oldPhotos")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(120, 90))
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setFixedHeight(140)

    def show_finding(self, finding: Finding) -> None:
        self.clear()
        for photo in self.ctx.ws.photos(inspection_id=finding.inspection_id, finding_id=finding.id,
                                        latest=True):
            pixmap = QPixmap()
            pixmap.loadFromData(self.ctx.ws.photo_bytes(photo.id, "thumb"))
            item = QListWidgetItem(QIcon(pixmap), photo.caption or photo.original_name or "")
            item.setToolTip(photo.caption or "")
            self.addItem(item)


class ReinspectionView(QWidget):
    changed = Signal()

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.inspection: Inspection | None = None
        self.findings: list[Finding] = []
        self.verdicts: dict[str, Verdict] = {}
        self._loading = False
        self._build()

    # ----- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        self.header = QLabel()
        self.header.setObjectName("viewTitle")
        self.header.setWordWrap(True)
        self.order_label = QLabel()
        self.order_label.setWordWrap(True)
        # the day the unit's 整改报告 came in (required for 市场监管: 特种设备安全监督检查办法第二十九条)
        self.report_check = QCheckBox(self.tr("已收到整改报告，收到日期："), objectName="reportReceived")
        self.report_date = QDateEdit(objectName="reportReceivedDate")
        self.report_date.setCalendarPopup(True)
        self.report_date.setDisplayFormat("yyyy-MM-dd")
        self.report_check.toggled.connect(lambda *_: self._save_report())
        self.report_date.dateChanged.connect(lambda *_: self._save_report())
        report_row = HeadLayout()                 # beside the order's number; below it where narrow
        report_row.addWidget(self.order_label)
        report_row.addWidget(self.report_check)
        report_row.addWidget(self.report_date)
        self.list = QListWidget()
        self.list.setObjectName("reviewFindings")
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(lambda *_: self._show_finding())
        self.description = QLabel()
        self.description.setObjectName("itemQuestion")
        self.description.setWordWrap(True)
        self.old_photos = OldPhotos(self.ctx)
        self.new_photos = FindingPhotoStrip(self.ctx)
        self.new_photos.changed.connect(self.changed)
        self.opinion = QComboBox()
        self.opinion.setObjectName("reviewOpinion")
        self.opinion.addItem(self.tr("（请选择）"), None)
        for value, text in ((Opinion.RECTIFIED, self.tr("已整改（销号）")),
                            (Opinion.PARTLY, self.tr("部分整改")),
                            (Opinion.NOT_RECTIFIED, self.tr("未整改"))):
            self.opinion.addItem(text, str(value))
        self.opinion.currentIndexChanged.connect(lambda *_: self._save_verdict())
        self.note = QLineEdit()
        self.note.setObjectName("reviewNote")
        self.note.setPlaceholderText(self.tr("复查情况，如：已更换安全阀并校验合格"))
        self.note.editingFinished.connect(self._save_verdict)
        self.deadline = QDateEdit()
        self.deadline.setObjectName("reviewDeadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.dateChanged.connect(lambda *_: self._save_verdict())
        form = QFormLayout()
        form.addRow(self.tr("复查意见"), self.opinion)
        form.addRow(self.tr("复查情况"), self.note)
        form.addRow(self.tr("新的整改期限"), self.deadline)
        old_box, new_box = QGroupBox(self.tr("原检查照片")), QGroupBox(self.tr("复查照片"))
        old_layout = QVBoxLayout(old_box)
        old_layout.addWidget(self.old_photos)
        old_layout.addStretch(1)
        QVBoxLayout(new_box).addWidget(self.new_photos)
        photos = self.photo_boxes = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # see resizeEvent
        photos.addWidget(old_box, 1)
        photos.addWidget(new_box, 1)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.description)
        detail_layout.addLayout(form)
        detail_layout.addLayout(photos)
        detail_layout.addStretch(1)
        self.issue_button = QPushButton(self.tr("出具整改复查意见书"))
        self.issue_button.setObjectName("issueReview")
        self.issue_button.setProperty("primary", True)
        self.issue_button.clicked.connect(self.issue)
        self.progress = QLabel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.progress)
        left_layout.addWidget(self.issue_button)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.setObjectName("reviewUpperSplit")
        upper.addWidget(left)
        upper.addWidget(scrolled(detail))
        upper.setSizes([360, 700])
        self.documents = DocumentPanel(self.ctx)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("reviewSplit")
        split.addWidget(upper)
        split.addWidget(self.documents)
        split.setSizes([470, 290])
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(report_row)
        layout.addWidget(scrolled(split), 1)    # scrolls where the screen is short (scale 1.5)

    def resizeEvent(self, event) -> None:
        """Old and new photos side by side where there is room, else one above the other."""
        super().resizeEvent(event)
        wide = event.size().width() >= SIDE_BY_SIDE_WIDTH
        self.photo_boxes.setDirection(QBoxLayout.Direction.LeftToRight if wide
                                      else QBoxLayout.Direction.TopToBottom)

    # ----- loading ---------------------------------------------------------------------
    def open_reinspection(self, reinspection_id: str, focus: str | None = None) -> None:
        ws = self.ctx.ws
        self.inspection = ws.inspection(reinspection_id)
        parent = ws.inspection(self.inspection.parent_id)
        ent = ws.enterprise(parent.enterprise_id)
        self.header.setText(self.tr("复查") + f" — {ent.name} · " +
                            self.tr("原检查 %1").replace("%1", parent.started_at[:10]))
        orders = [d for d in ws.documents(inspection_id=parent.id) if d.kind in ORDER_KINDS]
        self.order_label.setText(
            self.tr("原指令书：%1").replace("%1", "、".join(d.number for d in orders)) if orders
            else self.tr("原检查尚未出具指令书：请先在原检查的“检查结果与文书”中出具指令书"))
        done = bool(self.inspection.finished_at)
        self.findings = [] if done else review_candidates(ws, reinspection_id)
        draft = load_draft(ws, reinspection_id)
        self.verdicts = {f.id: draft.get(f.id, Verdict()) for f in self.findings}
        self._show_report(load_report_received(ws, reinspection_id), done)
        self._fill_list()
        ids = [f.id for f in self.findings]
        self.list.setCurrentRow(ids.index(focus) if focus in ids else (0 if ids else -1))
        self._show_finding()
        self.documents.set_inspection(reinspection_id)
        self.documents.setVisible(self.documents.list.count() > 0)

    def _show_report(self, received: date | None, done: bool) -> None:
        self._loading = True
        self.report_check.setChecked(received is not None)
        self.report_date.setDate(QDate(received or self.ctx.today()))
        self.report_date.setMaximumDate(QDate(self.ctx.today()))
        self.report_date.setEnabled(received is not None and not done)
        self.report_check.setEnabled(not done)
        self._loading = False

    def report_received(self) -> date | None:
        return self.report_date.date().toPython() if self.report_check.isChecked() else None

    def _save_report(self) -> None:
        self.report_date.setEnabled(self.report_check.isChecked())
        if self._loading or not self.inspection or self.inspection.finished_at:
            return
        try:
            save_report_received(self.ctx.ws, self.inspection.id, self.report_received())
        except SiteCheckError as exc:
            show_error(self, exc)

    def _fill_list(self) -> None:
        self.list.blockSignals(True)
        row = self.list.currentRow()
        self.list.clear()
        for n, f in enumerate(self.findings, 1):
            verdict = self.verdicts[f.id]
            mark = self.opinion.itemText(self.opinion.findData(str(verdict.opinion))) \
                if verdict.opinion else self.tr("待复查")
            item = QListWidgetItem(f"{n}. [{mark}] {f.description}\n"
                                   f"{self.ctx.label(f.state)}  {f.deadline or ''}")
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            item.setBackground(QBrush(QColor(STATE_COLOURS[f.state] if not verdict.opinion
                                             else "#ffffff")))
            if f.overdue(self.ctx.today()):
                item.setForeground(QBrush(QColor(OVERDUE_RED)))
            self.list.addItem(item)
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        decided = sum(v.opinion is not None for v in self.verdicts.values())
        self.progress.setText(self.tr("已给出意见 %1 / %2 项").replace("%1", str(decided))
                              .replace("%2", str(len(self.findings))))
        self.issue_button.setEnabled(bool(self.findings) and decided == len(self.findings))

    def current_finding(self) -> Finding | None:
        row = self.list.currentRow()
        return self.findings[row] if 0 <= row < len(self.findings) else None

    def _show_finding(self) -> None:
        finding = self.current_finding()
        for widget in (self.opinion, self.note, self.deadline):
            widget.setEnabled(finding is not None)
        if finding is None:
            self.description.setText(self.tr("本次复查没有待复查的隐患") if self.inspection else "")
            self.old_photos.clear()
            self.new_photos.set_target(None)
            return
        self._loading = True
        verdict = self.verdicts[finding.id]
        self.description.setText(f"<b>{self.ctx.label(finding.level)}</b>  {finding.description}")
        self.opinion.setCurrentIndex(max(0, self.opinion.findData(str(verdict.opinion))))
        self.note.setText(verdict.note)
        default = default_deadline(self.ctx.today())
        self.deadline.setMinimumDate(QDate(self.ctx.today()))    # not before the review (the core refuses it too)
        self.deadline.setDate(QDate(verdict.deadline or default))
        self.deadline.setEnabled(verdict.opinion not in (None, Opinion.RECTIFIED))
        self._loading = False
        self.old_photos.show_finding(finding)
        self.new_photos.set_target(PhotoTarget(self.inspection.id, finding_id=finding.id))

    # ----- deciding and issuing --------------------------------------------------------
    def set_verdict(self, opinion: Opinion | str, note: str = "", deadline: date | None = None) -> None:
        """Decide the current hazard (the form's fields follow)."""
        self.opinion.setCurrentIndex(self.opinion.findData(str(Opinion(opinion))))
        self.note.setText(note)
        if deadline:
            self.deadline.setDate(QDate(deadline))
        self._save_verdict()

    def _save_verdict(self) -> None:
        finding = self.current_finding()
        if self._loading or finding is None:
            return
        value = self.opinion.currentData()
        opinion = Opinion(value) if value else None
        self.deadline.setEnabled(opinion not in (None, Opinion.RECTIFIED))
        self.verdicts[finding.id] = Verdict(
            opinion, self.note.text().strip(),
            self.deadline.date().toPython() if opinion not in (None, Opinion.RECTIFIED) else None)
        try:
            save_draft(self.ctx.ws, self.inspection.id, self.verdicts)
        except SiteCheckError as exc:
            show_error(self, exc)
        self._fill_list()

    def hideEvent(self, event) -> None:
        """Leaving the view keeps a note typed but not yet confirmed with Enter."""
        if self.inspection and not self.inspection.finished_at and self.note.isModified():
            self.note.setModified(False)
            self._save_verdict()
        super().hideEvent(event)

    def issue(self):
        if not self.inspection or not self.issue_button.isEnabled():
            return None
        return self.ctx.ops.run(review_job(self.inspection.id, dict(self.verdicts), self.report_received()),
                                parent=self, title=self.tr("正在出具整改复查意见书…"), on_done=self._issued)

    def _issued(self, doc: Document) -> None:
        if not shiboken6.isValid(self):
            return
        self.verdicts.clear()
        self.open_reinspection(self.inspection.id)
        self.documents.refresh(doc.id)
        self.documents.show()
        self.changed.emit()
