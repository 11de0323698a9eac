"""After 完成检查: the findings in short, the documents to issue, preview and print.

现场检查记录 and the order (责令限期整改指令书 / 特种设备安全监察指令书) are issued
on a pool thread (number, render, store, findings moved to 已责令整改 in one
transaction); the issued PDF shows at once in the preview beside them.  The
更多文书 menu opens the on-site decisions (现场处理措施决定书, 查封（扣押）决定书,
解除查封（扣押）决定书, ``ui.dialogs.decisions``).  While a 重大/严重 hazard has no
order or decision (``export.decisions.handling_gaps``), a banner says what to issue
and the default button (Enter) goes there, before the record.  When
the view opens, the inspection's finding photos are pre-scaled to print size in
the background (``export.issue.prepare_photos``), so issuing does not wait for them.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import SiteCheckError
from checklists.common.vocabulary import (
    DocumentKind,
    Family,
    FindingState,
    HazardLevel,
    Rectification,
    Result,
)
from export.decisions import Gap, handling_gaps, live_seizures, measure_candidates
from export.docmodel import Refusal
from export.issue import document_family, issue_order, issue_record, prepare_photos, undescribed
from storage.ledger import FindingQuery
from storage.records import Document, Finding, Inspection

from ..actions import install_finish_keys
from ..context import OVERDUE_RED, STATE_COLOURS, Context
from ..dialogs.decisions import DIALOGS, DecisionDialog
from ..dialogs.interview import InterviewDialog
from ..dialogs.signing import SigningDialog
from ..errors import LOG, show_error
from ..widgets.documents import DocumentPanel
from ..widgets.flow import FlowLayout, HeadLayout, Pane
from ..widgets.gaps import gap_lines, major_label
from ..widgets.refusal import RefusalBox
from ..widgets.scroll import scrolled
from .walk import hazard_label


def issue_job(kind: str, inspection_id: str, refusal: Refusal | None = None):
    """A job for Ops.run: issue the record or the order of an inspection (with the
    unit's refusal to sign, when there was one)."""
    issue = issue_record if kind == DocumentKind.RECORD else issue_order

    def job(ws, progress):
        progress.report(0, 3)
        return issue(ws, inspection_id, refusal=refusal, progress=progress)
    return job


def prepare_job(inspection_id: str):
    """A job for Ops.run: pre-scale the finding photos; returns how many."""
    def job(ws, progress):
        return prepare_photos(ws, inspection_id, progress=progress)
    return job


class FitScroll(QScrollArea):
    """A scroll area as tall as its word-wrapped label needs at its width (no taller),
    shrinking to its minimum, with a scroll bar, where the view has no room."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        inner = self.widget()
        width = self.viewport().width() if self.isVisible() else hint.width()
        if inner is None or width <= 0:
            return hint
        return QSize(hint.width(), inner.heightForWidth(width) + 2 * self.frameWidth())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()


class FinishView(QWidget):
    open_walk = Signal(str)          # back to the checklist of this inspection
    changed = Signal()               # findings moved or documents issued

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.inspection: Inspection | None = None
        self.findings: list[Finding] = []
        self.preparing = None                # Progress of the photo preparation running
        self.prepared_photos: int | None = None
        self.header = QLabel()
        self.header.setObjectName("viewTitle")
        self.header.setWordWrap(True)
        back = QPushButton(self.tr("返回检查表"))
        back.setObjectName("backToWalk")
        back.clicked.connect(lambda: self.inspection and self.open_walk.emit(self.inspection.id))
        top = HeadLayout()              # the button goes below the title where it is narrow
        top.addWidget(self.header)
        top.addWidget(back)
        self.summary = QLabel()
        self.summary.setObjectName("homeFigures")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("finishFindings")
        self.table.setHorizontalHeaderLabels([self.tr("序号"), self.tr("等级"), self.tr("隐患描述"),
                                              self.tr("整改方式"), self.tr("整改期限"), self.tr("状态")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # One line a finding (the whole text in its tooltip), so a 768 px screen shows
        # several findings beside the document preview, not one tall wrapped row.
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
        self.table.setTabKeyNavigation(False)       # Tab leaves the table for the buttons
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height()   # the header and two rows
                                    + 2 * (self.fontMetrics().lineSpacing() + 10))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._enable)
        self.record_button = self._button(self.tr("出具现场检查记录") + " (Ctrl+R)", lambda: self.issue("record"),
                                          "issueRecord")
        self.order_button = self._button(self.tr("出具指令书"), lambda: self.issue("order"), "issueOrder")
        self.spot_button = self._button(self.tr("当场整改销号"), self.close_on_spot, "closeOnSpot")
        self.spot_button.setToolTip(self.tr("所选“立即整改”隐患已当场整改完毕，直接销号"))
        self.interview_button = self._button(self.tr("询问笔录…"), self.open_interview, "openInterview")
        self.interview_button.setToolTip(self.tr("录入询问的问答（自动保存草稿），出具询问笔录"))
        self.more_button = self._button(self.tr("更多文书…"), self.show_more, "moreDocuments")
        self.sign_button = self._button(self.tr("签名…"), self.open_signing, "openSigning")   # 现场签名
        self.sign_button.setToolTip(self.tr("执法人员和被检查单位负责人在屏幕上签名，出具文书时印在签名处"))
        self.signing: SigningDialog | None = None
        self.more_menu = QMenu(self.more_button)
        self.more_menu.setObjectName("moreDocumentsMenu")
        self.decision_actions = {}
        for kind in DIALOGS:
            action = self.more_menu.addAction(self.tr("%1…").replace("%1", ctx.label(kind)))
            action.setObjectName(f"{kind}Action")
            action.triggered.connect(lambda _checked=False, k=kind: self.open_decision(k))
            self.decision_actions[kind] = action
        self.decision: DecisionDialog | None = None       # the decision dialog while it is open
        self.gaps: list[Gap] = []
        self.needed: DocumentKind | None = None           # the decision the default button opens
        self.banner = QLabel()
        self.banner.setObjectName("handlingGaps")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # in a scroll area: whole where there is room, one line and a scroll bar on a
        # small screen (1366x768 at 150%) instead of pushing the window past it
        self.banner_area = FitScroll()
        self.banner_area.setObjectName("handlingGapsArea")
        self.banner_area.setWidgetResizable(True)
        self.banner_area.setFrameShape(QFrame.Shape.NoFrame)
        self.banner_area.setWidget(self.banner)
        self.banner_area.setMinimumHeight(self.fontMetrics().lineSpacing() + 6)
        self.banner_area.hide()
        buttons = FlowLayout()          # wraps where one row is too wide (English, 1024 px)
        for button in (self.record_button, self.order_button, self.more_button, self.spot_button,
                       self.interview_button, self.sign_button):
            buttons.addWidget(button)
        self.refusal = RefusalBox()        # 拒签: printed in the unit's signature place
        self.refusal.ctx = ctx             # evidence files are hashed off the UI thread
        buttons.addWidget(self.refusal)    # one line beside the buttons until it is ticked
        top_part = Pane()               # as tall as its wrapped rows need
        top_layout = QVBoxLayout(top_part)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.banner_area)
        top_layout.addWidget(self.summary)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(buttons)
        self.documents = DocumentPanel(ctx)
        self.documents.changed.connect(self.changed)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("finishSplit")
        split.addWidget(top_part)
        split.addWidget(self.documents)
        split.setSizes([430, 350])      # findings and buttons / the issued documents
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scrolled(split), 1)    # scrolls where the screen is short (scale 1.5)
        self.keys = install_finish_keys(self)

    def _button(self, text: str, slot, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # ----- loading ---------------------------------------------------------------------
    def open_inspection(self, inspection_id: str) -> None:
        ws = self.ctx.ws
        self.inspection = ws.inspection(inspection_id)
        ent = ws.enterprise(self.inspection.enterprise_id)
        self.header.setText(self.tr("检查结果与文书") + f" — {ent.name} · "
                            f"{self.inspection.started_at[:10]}")
        order_kind = (DocumentKind.SAMR_ORDER if self.inspection.family == Family.SAMR
                      else DocumentKind.ORDER)
        self.order_button.setText(self.tr("出具%1").replace("%1", self.ctx.label(order_kind))
                                  + " (Ctrl+D)")
        self.refusal.set_refusal(None)
        self.refresh()
        self.documents.set_inspection(inspection_id)
        self.prepare_photos()

    def prepare_photos(self):
        """Pre-scale the photos for the documents in the background (no dialog, errors logged)."""
        if self.preparing is not None:
            self.preparing.cancel_event.set()
        self.prepared_photos = None
        self.preparing = self.ctx.ops.run(
            prepare_job(self.inspection.id), parent=self, title=self.tr("正在准备照片…"),
            show_progress=False, on_done=self._prepared, on_error=self._prepare_failed)
        return self.preparing

    def _prepared(self, count: int) -> None:
        if shiboken6.isValid(self):
            self.preparing, self.prepared_photos = None, count

    def _prepare_failed(self, exc: BaseException) -> None:
        LOG.warning("preparing photos for printing failed: %r", exc, exc_info=exc)
        if shiboken6.isValid(self):
            self.preparing = None

    def refresh(self) -> None:
        ws = self.ctx.ws
        query = FindingQuery(inspection_id=self.inspection.id, order_by="created_at", descending=False)
        self.findings = ws.findings(query, limit=10_000)
        answers = ws.answer_map(self.inspection.id).values()     # per-equipment tables too
        counts = {r: sum(a.result == r for a in answers) for r in Result}
        major = sum(f.level == HazardLevel.MAJOR for f in self.findings)
        self.summary.setText(
            self.tr("检查 %1 项：符合 %2，不符合 %3，不适用 %4；发现隐患 %5 项（%7 %6 项）")
            .replace("%7", hazard_label(self.ctx, HazardLevel.MAJOR, self.inspection.family))
            .replace("%1", str(sum(counts.values()))).replace("%2", str(counts[Result.PASS]))
            .replace("%3", str(counts[Result.FAIL])).replace("%4", str(counts[Result.NA]))
            .replace("%5", str(len(self.findings))).replace("%6", str(major)))
        self.table.setRowCount(len(self.findings))
        for row, f in enumerate(self.findings):
            cells = (str(row + 1), hazard_label(self.ctx, f.level, self.inspection.family),
                     f.description.replace("\n", " "),
                     self.ctx.label(f.rectification), f.deadline or "", self.ctx.label(f.state))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, f.id)
                if col == 2:
                    item.setToolTip(f.description)
                if col == 1 and f.level == HazardLevel.MAJOR:
                    item.setForeground(QBrush(QColor(OVERDUE_RED)))
                if col == 5:
                    item.setBackground(QBrush(QColor(STATE_COLOURS[f.state])))
                self.table.setItem(row, col, item)
        self.show_gaps()
        self._enable()

    def show_gaps(self) -> None:
        """The banner: each 重大/严重 hazard no order or decision carries, and what to issue;
        the findings whose description is still the placeholder a document refuses."""
        ws = self.ctx.ws
        family = document_family(ws, self.inspection)
        self.gaps = handling_gaps(ws, self.inspection.id)
        unwritten = [str(n) for n in undescribed(self.findings)]
        if not self.gaps and not unwritten:
            self.banner_area.hide()
            return
        lines = []
        if self.gaps:
            head = self.tr("出具现场检查记录前，须先对下列%1作出处理：").replace("%1", major_label(self.ctx, family))
            lines += [head, *gap_lines(self.ctx, family, self.gaps)]
        if unwritten:       # documents refuse the placeholder (export.docmodel.validate)
            lines.append(self.tr("第 %1 项隐患的描述仍是自动填写的占位文字，出具文书前请回到检查表写明查见的问题")
                         .replace("%1", ("、" if self.ctx.lang.startswith("zh") else ", ").join(unwritten)))
        self.banner.setText("\n".join(lines))
        self.banner_area.show()
        self.banner_area.updateGeometry()

    def _enable_decisions(self) -> None:
        ws, insp = self.ctx.ws, self.inspection
        ems = document_family(ws, insp) != Family.SAMR      # 现场处理措施决定书 is 应急's only
        self.decision_actions[DocumentKind.MEASURE].setEnabled(ems and bool(measure_candidates(ws, insp.id)))
        self.decision_actions[DocumentKind.MEASURE].setVisible(ems)
        self.decision_actions[DocumentKind.SEIZURE].setEnabled(
            any(f.state != FindingState.CLOSED for f in self.findings))
        self.decision_actions[DocumentKind.RELEASE].setEnabled(bool(live_seizures(ws, insp.id)))

    def _enable(self) -> None:
        live = any(f.state == FindingState.OPEN for f in self.findings)   # not yet ordered
        self.order_button.setEnabled(live)
        self.order_button.setToolTip("" if live else self.tr(
            "没有尚未下达指令的隐患；如需更正已出具的指令书，请选中它后点“更正重开”"))
        chosen = self.selected_finding()
        self.spot_button.setEnabled(bool(chosen and chosen.state == FindingState.OPEN
                                         and chosen.rectification == Rectification.IMMEDIATE))
        if self.inspection:
            self._enable_decisions()
        self._mark_default()

    def default_button(self) -> QPushButton | None:
        """The next step: while a 重大/严重 hazard has no order or decision, the document
        that carries it (the order first, else 更多文书 opening the decision); then the record
        until one is issued, then the order while findings wait for one; None when all
        are done (Enter then issues nothing again)."""
        self.needed = None
        if self.order_button.isEnabled() and any(DocumentKind.ORDER in g.remedies for g in self.gaps):
            return self.order_button
        for gap in self.gaps:
            for kind in gap.remedies:
                if kind in self.decision_actions and self.decision_actions[kind].isEnabled():
                    self.needed = kind
                    return self.more_button
        documents = self.ctx.ws.documents(inspection_id=self.inspection.id) if self.inspection else []
        if not any(d.kind == DocumentKind.RECORD for d in documents):
            return self.record_button
        return self.order_button if self.order_button.isEnabled() else None

    def _mark_default(self) -> None:
        default = self.default_button()
        for button in (self.record_button, self.order_button, self.more_button):
            if bool(button.property("primary")) != (button is default):
                button.setProperty("primary", button is default)
                button.style().unpolish(button)
                button.style().polish(button)

    def press_default(self) -> None:
        """Enter: the focused button if there is one, else the default button."""
        focused = self.focusWidget()
        button = focused if isinstance(focused, QPushButton) else self.default_button()
        if button is self.more_button and self.default_button() is self.more_button:
            self.open_decision(self.needed)     # the decision the banner asks for
        elif button is not None and button.isEnabled():
            button.click()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        (self.default_button() or self.documents.list).setFocus()   # Enter goes on from 完成检查

    def selected_finding(self) -> Finding | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.findings[min(rows)] if rows else None

    # ----- actions ---------------------------------------------------------------------
    def issue(self, kind: str):
        """Issue the record or the order in the background; shows it when done."""
        if not self.inspection:
            return None
        from ..dialogs.setup_wizard import show_issue_error  # offers the set-up when no department

        title = self.tr("正在出具文书…")
        job = issue_job(kind, self.inspection.id, self.refusal.refusal())
        return self.ctx.ops.run(job, parent=self, title=title,
                                on_done=self._issued, on_error=lambda exc: show_issue_error(self, self.ctx, exc))

    def _issued(self, doc: Document) -> None:
        if not shiboken6.isValid(self):
            return
        self.refresh()
        self.documents.refresh(doc.id)
        self.documents.list.setFocus()          # Ctrl+P prints the document just issued
        self.changed.emit()

    def open_interview(self) -> InterviewDialog | None:
        """The 询问笔录 dialog of this inspection (non-blocking); its draft comes back."""
        if not self.inspection:
            return None
        dialog = InterviewDialog(self.ctx, self.inspection.id, self)
        dialog.accepted.connect(lambda: self._issued(dialog.issued))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        self.interview_dialog = dialog
        return dialog


    def open_signing(self) -> SigningDialog | None:
        """现场签名: the parties sign on screen for the next record, order or 送达回证."""
        if not self.inspection:
            return None
        dialog = self.signing = SigningDialog(self.ctx, self.inspection.id, self.refusal.refusal(), self)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def show_more(self) -> None:
        """更多文书: the menu of on-site decisions, below its button."""
        self.more_menu.popup(self.more_button.mapToGlobal(self.more_button.rect().bottomLeft()))


    def open_decision(self, kind: DocumentKind | str) -> DecisionDialog | None:
        """Open the dialog that issues ``kind`` (现场处理措施决定书, 查封（扣押）决定书,
        解除查封（扣押）决定书); the document shows in the preview once issued."""
        if not self.inspection or self.decision is not None:
            return self.decision
        dialog = self.decision = DIALOGS[DocumentKind(kind)](self.ctx, self.inspection.id, self)
        dialog.issued.connect(self._issued)
        dialog.finished.connect(lambda _result: self._decision_closed(dialog))
        dialog.open()
        return dialog


    def _decision_closed(self, dialog: DecisionDialog) -> None:
        dialog.deleteLater()
        if self.decision is dialog:
            self.decision = None


    def close_on_spot(self) -> None:
        finding = self.selected_finding()
        if not finding:
            return
        try:
            self.ctx.ws.transition(finding.id, FindingState.CLOSED, note="当场整改",
                                   inspection_id=self.inspection.id)
        except SiteCheckError as exc:
            show_error(self, exc)
            return
        self.refresh()
        self.changed.emit()
